using Tandem.Server.Understanding.Classification;

namespace Tandem.Server.Tests.Understanding;

public sealed class TheOutOfScopeOperatingPointIsChosenWithinItsBudget
{
    // Four labels; the last is the out-of-scope class.
    private const int Oos = 3;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.02)]
    [InlineData(0.05)]
    [InlineData(0.2)]
    public void OnTheQueriesItChoseFromItNeverRejectsMoreThanTheBudget(double budget)
    {
        var validation = Noisy(seed: 11, inScope: 400, outOfScope: 40);

        var point = OutOfScopeRule.Choose(validation, Oos, budget);

        var inScope = validation.Where(q => q.InScope).ToList();
        var rejected = inScope.Count(q => OutOfScopeRule.Decide(q.Probabilities, Oos, point).Rejected);
        Assert.True(rejected <= budget * inScope.Count + 1e-9, $"{rejected} of {inScope.Count} rejected at {point}");
    }

    [Fact]
    public void AnOverEagerOutOfScopeClassIsHeldBackByANegativeBias()
    {
        // Twenty in-scope queries the out-of-scope class narrowly wins (0.45 against 0.40), all labelled
        // right underneath; the real out-of-scope queries are far more certain (0.9).
        var validation = new List<ScoredQuery>();
        for (var i = 0; i < 80; i++)
        {
            validation.Add(new ScoredQuery([0.9f, 0.05f, 0.03f, 0.02f], 0));
        }
        for (var i = 0; i < 20; i++)
        {
            validation.Add(new ScoredQuery([0.05f, 0.40f, 0.10f, 0.45f], 1));
        }
        for (var i = 0; i < 10; i++)
        {
            validation.Add(new ScoredQuery([0.04f, 0.03f, 0.03f, 0.9f], -1));
        }

        var point = OutOfScopeRule.Choose(validation, Oos, 0.05);

        Assert.True(point.OosBias < 0, point.ToString());
        Assert.All(validation.Where(q => q.InScope), q => Assert.False(OutOfScopeRule.Decide(q.Probabilities, Oos, point).Rejected));
        Assert.All(validation.Where(q => !q.InScope), q => Assert.True(OutOfScopeRule.Decide(q.Probabilities, Oos, point).Rejected));
    }

    [Fact]
    public void RightAnswersAreNotTurnedAwayWhenNoOffTopicQueryIsCaughtByIt()
    {
        // Twenty in-scope queries at confidence 0.30, 0.31, …; the two least confident are labelled wrong.
        // One off-topic query sits among them (0.305) and one is confidently wrong (0.95).
        var validation = new List<ScoredQuery>();
        for (var i = 0; i < 20; i++)
        {
            var top = 0.30f + i * 0.01f;
            var rest = (1 - top) / 3;
            validation.Add(new ScoredQuery([top, rest, rest, rest], i < 2 ? 1 : 0));
        }
        validation.Add(new ScoredQuery([0.305f, 0.23f, 0.23f, 0.235f], -1));
        validation.Add(new ScoredQuery([0.95f, 0.02f, 0.02f, 0.01f], -1));

        var point = OutOfScopeRule.Choose(validation, Oos, 0.5);

        var rejected = validation.Where(q => OutOfScopeRule.Decide(q.Probabilities, Oos, point).Rejected).ToList();
        Assert.Equal(3, rejected.Count);
        Assert.Equal(1, rejected.Count(q => !q.InScope));
        Assert.All(rejected.Where(q => q.InScope), q => Assert.Equal(1, q.Gold));
    }

    [Fact]
    public void WithoutAnOutOfScopeClassOnlyTheThresholdMoves()
    {
        var validation = Noisy(seed: 5, inScope: 200, outOfScope: 20)
            .Select(q => q with { Probabilities = [.. q.Probabilities.Take(3).Select(p => p / q.Probabilities.Take(3).Sum())] }).ToList();

        var point = OutOfScopeRule.Choose(validation, -1, 0.05);

        Assert.Equal(0, point.OosBias);
        Assert.True(validation.Where(q => q.InScope).Count(q => OutOfScopeRule.Decide(q.Probabilities, -1, point).Rejected) <= 10);
    }

    [Fact]
    public void TheSafetyMarginIsTheSamplingErrorAndShrinksWithMoreValidationQueries()
    {
        Assert.Equal(0.0131, OutOfScopeRule.SafetyMargin(0.05, 1500), 4);
        Assert.Equal(0.0093, OutOfScopeRule.SafetyMargin(0.05, 3000), 4);
        Assert.Equal(0, OutOfScopeRule.SafetyMargin(0, 1500));
    }

    [Fact]
    public void TheBiasMovesShareToOrFromTheOutOfScopeClassWithoutChangingTheBestInScopeLabel()
    {
        float[] probabilities = [0.2f, 0.5f, 0.1f, 0.2f];

        var held = OutOfScopeRule.Decide(probabilities, Oos, new OperatingPoint(-2, 0));
        var pushed = OutOfScopeRule.Decide(probabilities, Oos, new OperatingPoint(2, 0));

        Assert.Equal(1, held.Best);
        Assert.Equal(1, pushed.Best);
        Assert.False(held.Rejected);
        Assert.True(pushed.Rejected);
        Assert.True(held.Confidence > 0.5 && pushed.Confidence < 0.5);
    }

    /// <summary>Queries whose confidence and correctness vary, as a real head's do: mostly right, sometimes the oos class wins.</summary>
    private static List<ScoredQuery> Noisy(int seed, int inScope, int outOfScope)
    {
        var random = new Random(seed);
        var queries = new List<ScoredQuery>();
        for (var i = 0; i < inScope + outOfScope; i++)
        {
            var raw = Enumerable.Range(0, 4).Select(_ => (float)Math.Exp(random.NextDouble() * 4)).ToArray();
            var gold = i < inScope ? random.Next(3) : -1;
            raw[gold >= 0 ? gold : Oos] *= 3;
            var sum = raw.Sum();
            queries.Add(new ScoredQuery([.. raw.Select(r => r / sum)], gold));
        }
        return queries;
    }
}

public sealed class ANeighbourVoteFollowsTheNearestExamples
{
    [Fact]
    public void TheNearestExamplesLabelGetsMostOfTheVoteAndTheVoteSumsToOne()
    {
        float[][] vectors = [Unit(1, 0, 0), Unit(0.9f, 0.1f, 0), Unit(0, 1, 0), Unit(0, 0.9f, 0.1f), Unit(0, 0, 1)];
        string[] labels = ["card", "card", "refund", "refund", "oos"];

        var vote = new NeighbourVote(vectors, labels, ["oos", "card", "refund"], k: 3, tau: 0.05);
        var shares = vote.Probabilities(Unit(0.95f, 0.05f, 0));

        Assert.Equal(1.0, shares.Sum(), 4);
        Assert.True(shares[1] > 0.9, string.Join(", ", shares));
        Assert.Equal(0, shares[0]);
    }

    [Fact]
    public void MixingWeighsTheTwoDistributions()
    {
        var mixed = NeighbourVote.Mix([0.8f, 0.2f], [0f, 1f], 0.25);

        Assert.Equal(0.6, mixed[0], 4);
        Assert.Equal(0.4, mixed[1], 4);
    }

    [Fact]
    public void ALabelOutsideTheLabelOrderIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new NeighbourVote([Unit(1, 0, 0)], ["card"], ["refund"], 1, 0.05));
    }

    private static float[] Unit(params float[] values)
    {
        var norm = (float)Math.Sqrt(values.Sum(v => v * v));
        return [.. values.Select(v => v / norm)];
    }
}

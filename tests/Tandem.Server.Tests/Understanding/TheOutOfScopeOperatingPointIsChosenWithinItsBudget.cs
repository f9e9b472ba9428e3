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
        var rejected = inScope.Count(q => OutOfScopeRule.Decide(q, Oos, point).Rejected);
        Assert.True(rejected <= budget * inScope.Count + 1e-9, $"{rejected} of {inScope.Count} rejected at {point}");
    }

    [Fact]
    public void OffTopicQueriesTheHeadIsSureOfAreCaughtByTheirDistanceFromEveryExample()
    {
        // Eighty in-scope queries, sure or unsure, all close to their examples (cosine 0.7); ten off-topic
        // queries the head is as sure of as the in-scope ones, but far from every example (0.2).
        var validation = new List<ScoredQuery>();
        for (var i = 0; i < 80; i++)
        {
            validation.Add(new ScoredQuery(i % 2 == 0 ? [0.9f, 0.05f, 0.03f, 0.02f] : [0.5f, 0.3f, 0.1f, 0.1f], 0.7f, 0));
        }
        for (var i = 0; i < 10; i++)
        {
            validation.Add(new ScoredQuery([0.04f, 0.9f, 0.03f, 0.03f], 0.2f, -1));
        }

        var point = OutOfScopeRule.Choose(validation, Oos, 0.05);

        Assert.True(point.SimilarityWeight > 0, point.ToString());
        Assert.All(validation.Where(q => q.InScope), q => Assert.False(OutOfScopeRule.Decide(q, Oos, point).Rejected));
        Assert.All(validation.Where(q => !q.InScope), q => Assert.True(OutOfScopeRule.Decide(q, Oos, point).Rejected));
    }

    [Fact]
    public void RightAnswersAreNotTurnedAwayWhenNoOffTopicQueryIsCaughtByIt()
    {
        // Twenty in-scope queries at confidence 0.30, 0.31, …; the two least confident are labelled wrong.
        // One off-topic query sits among them (0.305) and one is confidently wrong (0.95). Similarity is the
        // same for all, so only the head's figures can tell them apart.
        var validation = new List<ScoredQuery>();
        for (var i = 0; i < 20; i++)
        {
            var top = 0.30f + i * 0.01f;
            var rest = (1 - top) / 3;
            validation.Add(new ScoredQuery([top, rest, rest, rest], 0.5f, i < 2 ? 1 : 0));
        }
        validation.Add(new ScoredQuery([0.305f, 0.23f, 0.23f, 0.235f], 0.5f, -1));
        validation.Add(new ScoredQuery([0.95f, 0.02f, 0.02f, 0.01f], 0.5f, -1));

        var point = OutOfScopeRule.Choose(validation, Oos, 0.5);

        var rejected = validation.Where(q => OutOfScopeRule.Decide(q, Oos, point).Rejected).ToList();
        Assert.Equal(3, rejected.Count);
        Assert.Equal(1, rejected.Count(q => !q.InScope));
        Assert.All(rejected.Where(q => q.InScope), q => Assert.Equal(1, q.Gold));
    }

    [Fact]
    public void WithoutAnOutOfScopeClassTheBestLabelsShareAloneIsTheHeadsPart()
    {
        var validation = Noisy(seed: 5, inScope: 200, outOfScope: 20)
            .Select(q => q with { Probabilities = [.. q.Probabilities.Take(3).Select(p => p / q.Probabilities.Take(3).Sum())] }).ToList();

        var point = OutOfScopeRule.Choose(validation, -1, 0.05);

        Assert.True(validation.Where(q => q.InScope).Count(q => OutOfScopeRule.Decide(q, -1, point).Rejected) <= 10);
        var decision = OutOfScopeRule.Decide([0.2f, 0.7f, 0.1f], 0.5f, -1, new OperatingPoint(1, 1.1));
        Assert.Equal(1, decision.Best);
        Assert.Equal(1.2, decision.Score, 5);
        Assert.False(decision.Rejected);
    }

    [Fact]
    public void TheOutOfScopeClassesShareCountsAgainstTheBestLabel()
    {
        var decision = OutOfScopeRule.Decide([0.2f, 0.35f, 0.05f, 0.4f], 0.6f, Oos, new OperatingPoint(0.5, 0.3));

        // The best in-scope label, not the out-of-scope class, is what a kept query is answered with.
        Assert.Equal(1, decision.Best);
        Assert.Equal(0.35 - 0.4 + 0.5 * 0.6, decision.Score, 5);
        Assert.True(decision.Rejected);
    }

    [Fact]
    public void TheSafetyMarginIsTheSamplingErrorAndShrinksWithMoreValidationQueries()
    {
        Assert.Equal(0.0131, OutOfScopeRule.SafetyMargin(0.05, 1500), 4);
        Assert.Equal(0.0093, OutOfScopeRule.SafetyMargin(0.05, 3000), 4);
        Assert.Equal(0, OutOfScopeRule.SafetyMargin(0, 1500));
    }

    /// <summary>Queries whose confidence, closeness and correctness vary, as a real head's do; off-topic ones a little further from the examples.</summary>
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
            var similarity = (float)(random.NextDouble() * 0.5 + (gold >= 0 ? 0.4 : 0.2));
            queries.Add(new ScoredQuery([.. raw.Select(r => r / sum)], similarity, gold));
        }
        return queries;
    }
}

public sealed class TheSimilarityToTheExamplesIsTheMeanOfTheNearest
{
    [Fact]
    public void AQueryAmongTheExamplesIsCloserThanOneAwayFromThemAll()
    {
        float[][] vectors = [[1, 0, 0], [0.8f, 0.6f, 0], [0.6f, 0.8f, 0], [0, 1, 0]];
        var similarity = new ExampleSimilarity(vectors, count: 2);

        Assert.Equal((1 + 0.8f) / 2, similarity.Of([1, 0, 0]), 4);
        Assert.Equal(0, similarity.Of([0, 0, 1]), 4);
        Assert.Equal(2, similarity.Count);
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

using Tandem.Rules.Readiness;

namespace Tandem.Rules.Tests.Readiness;

public sealed class AnAutonomousTopicGoesBackOnRegression
{
    private static ReviewFacts Good => new("approved", "a", "a", 0, false);
    private static ReviewFacts Bad => new("rejected", "a", null, null, false);
    private static ReviewFacts Serious => new("rejected", "a", null, null, true);

    private static List<ReviewFacts> Latest(params (ReviewFacts Review, int Count)[] runs) =>
        [.. runs.SelectMany(r => Enumerable.Repeat(r.Review, r.Count))];

    [Fact]
    public void TwoOverridesInTheLatestFiftyAreTolerated()
    {
        Assert.Null(Demotion.Check(Latest((Bad, 2), (Good, 48))));
    }

    [Fact]
    public void ThreeOverridesInTheLatestFiftyIsSixPercentAndDemotes()
    {
        var reason = Demotion.Check(Latest((Bad, 1), (Good, 20), (Bad, 2), (Good, 27)));
        Assert.NotNull(reason);
        Assert.Equal("override_rate_too_high", reason.Code);
    }

    [Fact]
    public void OverridesOlderThanTheLatestFiftyAreForgotten()
    {
        Assert.Null(Demotion.Check(Latest((Good, 50), (Bad, 10))));
    }

    [Fact]
    public void ThreeOverridesAmongTheFirstFewReviewsAlreadyDemote()
    {
        Assert.NotNull(Demotion.Check(Latest((Bad, 3))));
        Assert.Null(Demotion.Check(Latest((Bad, 2))));
    }

    [Fact]
    public void ASingleSeriousErrorDemotesStraightAway()
    {
        var reason = Demotion.Check(Latest((Serious, 1), (Good, 49)));
        Assert.Equal("critical_override", reason?.Code);
    }

    [Fact]
    public void NoReviewsNoDemotion()
    {
        Assert.Null(Demotion.Check([]));
    }
}

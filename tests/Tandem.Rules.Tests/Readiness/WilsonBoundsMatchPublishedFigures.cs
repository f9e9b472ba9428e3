using Tandem.Rules.Readiness;

namespace Tandem.Rules.Tests.Readiness;

public sealed class WilsonBoundsMatchPublishedFigures
{
    // Reference values: Wilson (1927) score interval at z = 1.959964, as tabulated by Newcombe (1998)
    // and reproduced by R's prop.test(correct = FALSE) / statsmodels proportion_confint(method="wilson").
    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(1, 10, 0.0179, 0.4042)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(0, 50, 0.0, 0.0713)]
    [InlineData(2, 50, 0.0110, 0.1346)]
    [InlineData(3, 50, 0.0206, 0.1622)]
    [InlineData(1, 40, 0.0044, 0.1288)]
    [InlineData(1, 100, 0.0018, 0.0545)]
    [InlineData(0, 100, 0.0, 0.0370)]
    public void TheIntervalMatchesKnownValues(int events, int trials, double lower, double upper)
    {
        var (l, u) = Wilson.Interval(events, trials);
        Assert.Equal(lower, l, 4);
        Assert.Equal(upper, u, 4);
    }

    [Fact]
    public void ZeroOverridesInFiftyIsStillNotProvenUnderFivePercent()
    {
        Assert.True(Wilson.Upper(0, 50) > 0.05);
        Assert.True(Wilson.Upper(0, 72) >= 0.05);
        Assert.True(Wilson.Upper(0, 73) < 0.05);
    }

    [Fact]
    public void NoTrialsMeansNothingIsKnown()
    {
        Assert.Equal((0.0, 1.0), Wilson.Interval(0, 0));
    }

    [Fact]
    public void AllEventsGivesAnUpperBoundOfOne()
    {
        Assert.Equal(1.0, Wilson.Upper(20, 20), 10);
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    [InlineData(0, -1)]
    public void ImpossibleCountsAreRefused(int events, int trials)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Wilson.Interval(events, trials));
    }

    [Fact]
    public void TheBoundsAlwaysContainTheObservedRateAndStayInsideZeroToOne()
    {
        for (var n = 1; n <= 120; n++)
        {
            for (var k = 0; k <= n; k++)
            {
                var (l, u) = Wilson.Interval(k, n);
                var p = (double)k / n;
                Assert.InRange(l, 0, p + 1e-12);
                Assert.InRange(u, p - 1e-12, 1);
            }
        }
    }

    [Fact]
    public void MoreEvidenceNarrowsTheUpperBound()
    {
        Assert.True(Wilson.Upper(2, 100) < Wilson.Upper(1, 50));
        Assert.True(Wilson.Upper(0, 100) < Wilson.Upper(0, 50));
    }
}

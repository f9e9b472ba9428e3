using Tandem.Server.Understanding.Classification;

namespace Tandem.Server.Tests.Understanding;

public sealed class TheModeMarginAndOutOfScopeRulesAreChosenOnHeldOutExamples
{
    [Fact]
    public void TheGoldTopicsGapIsZeroWhenItIsBestAndInfiniteWhenItIsNotKept()
    {
        double[] scores = [0.5, 0.3, 0.15, 0.05];

        Assert.Equal(0, Calibration.GoldGap(scores, 0, candidates: 3));
        Assert.Equal(0.2, Calibration.GoldGap(scores, 1, candidates: 3), 9);
        Assert.Equal(double.PositiveInfinity, Calibration.GoldGap(scores, 3, candidates: 3));
    }

    [Fact]
    public void TheRelativeGapIsTheGoldLabelsShortfallAsAShareOfTheBest()
    {
        double[] scores = [0.4, 0.3, 0.2, 0.1];

        Assert.Equal(0, Calibration.RelativeGoldGap(scores, 0, candidates: 3));
        Assert.Equal(0.25, Calibration.RelativeGoldGap(scores, 1, candidates: 3), 9);
        Assert.Equal(0.5, Calibration.RelativeGoldGap(scores, 2, candidates: 3), 9);
        Assert.Equal(double.PositiveInfinity, Calibration.RelativeGoldGap(scores, 3, candidates: 3));
    }

    [Fact]
    public void ATieWithTheBestCountsAsRight()
    {
        Assert.Equal(0, Calibration.GoldGap([0.4, 0.4, 0.2], 1, candidates: 3));
    }

    [Fact]
    public void TheMarginIsTheSmallestThatReachesTheCoverage()
    {
        double[] gaps = [0, 0, 0, 0, 0.1, 0.2, 0.3, double.PositiveInfinity];

        var margin = Calibration.ChooseMargin(gaps, targetCoverage: 0.75);

        Assert.Equal(0.2, margin, 9);
        Assert.Equal(0.75, Calibration.Coverage(gaps, margin));
        Assert.True(Calibration.Coverage(gaps, 0.19) < 0.75);
    }

    [Fact]
    public void AnUnreachableCoverageGivesTheCap()
    {
        double[] gaps = [0, double.PositiveInfinity];

        Assert.Equal(0.5, Calibration.ChooseMargin(gaps, targetCoverage: 1, maxMargin: 0.5));
    }

    [Fact]
    public void AMoreAccurateHeadRescuesTheSameShareOfItsOwnErrors()
    {
        // The reference is right on 4 of 10 and its margin rescues 3 of its 6 errors: half.
        double[] reference = [0, 0, 0, 0, 0.01, 0.02, 0.04, 0.2, 0.3, double.PositiveInfinity];
        // The head is right on 8 of 10: rescuing half of its 2 errors means covering 9 of 10.
        double[] head = [0, 0, 0, 0, 0, 0, 0, 0, 0.3, double.PositiveInfinity];

        var target = Calibration.CoverageRescuingAsMany(reference, 0.05, head);

        Assert.Equal(0.9, target, 9);
        Assert.Equal(0.3, Calibration.ChooseMargin(head, target), 9);
    }

    [Fact]
    public void AReferenceThatIsNeverWrongAsksForNoRescue()
    {
        Assert.Equal(0.25, Calibration.CoverageRescuingAsMany([0, 0], 0.05, [0, 0.2, 0.4, double.PositiveInfinity]));
    }
}

using Tandem.Rules.Insights;

namespace Tandem.Rules.Tests.Insights;

public sealed class MediansAndPercentilesAreNearestRank
{
    [Fact]
    public void TheMedianOfAnOddCountIsTheMiddleValue()
    {
        Assert.Equal(40, Distribution.Median([300, 40, 12, 95, 7]));
    }

    [Fact]
    public void TheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo()
    {
        Assert.Equal(67.5, Distribution.Median([95, 40, 300, 12]));
    }

    [Fact]
    public void NothingMeasuredHasNoMedianOrPercentile()
    {
        Assert.Null(Distribution.Median([]));
        Assert.Null(Distribution.Percentile([], 90));
    }

    [Fact]
    public void TheNinetiethPercentileIsATimeSomeoneActuallyWaited()
    {
        // Ten first-response times in seconds: 90 % of customers waited at most the ninth-smallest.
        double[] waits = [30, 45, 50, 60, 62, 70, 90, 120, 600, 3600];
        Assert.Equal(600, Distribution.Percentile(waits, 90));
        // Eleven: rank ceil(9.9) = 10.
        Assert.Equal(3600, Distribution.Percentile([.. waits, 4000], 90));
        Assert.Equal(30, Distribution.Percentile([30], 90));
    }

    [Fact]
    public void TheHundredthPercentileIsTheLongestAndTheFiftiethTheLowerMiddle()
    {
        double[] values = [5, 1, 4, 2, 3, 6];
        Assert.Equal(6, Distribution.Percentile(values, 100));
        Assert.Equal(3, Distribution.Percentile(values, 50));
    }

    [Fact]
    public void APercentileOutsideZeroToAHundredIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.Percentile([1.0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.Percentile([1.0], 101));
    }

    [Fact]
    public void ARateWithNothingToDivideByIsUnknownRatherThanZero()
    {
        Assert.Null(Distribution.Rate(0, 0));
        Assert.Equal(0.333333, Distribution.Rate(1, 3));
        Assert.Equal(0, Distribution.Rate(0, 12));
    }
}

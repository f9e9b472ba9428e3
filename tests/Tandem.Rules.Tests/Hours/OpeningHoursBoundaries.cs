namespace Tandem.Rules.Tests.Hours;

public sealed class OpeningHoursBoundaries
{
    [Theory]
    [InlineData("2026-06-15 08:59", false)]
    [InlineData("2026-06-15 09:00", true)]
    [InlineData("2026-06-15 12:00", true)]
    [InlineData("2026-06-15 17:29", true)]
    [InlineData("2026-06-15 17:30", false)]
    [InlineData("2026-06-19 17:30", false)] // Friday closes at the same time
    [InlineData("2026-06-20 09:59", false)] // Saturday
    [InlineData("2026-06-20 10:00", true)]
    [InlineData("2026-06-20 13:59", true)]
    [InlineData("2026-06-20 14:00", false)]
    [InlineData("2026-06-21 12:00", false)] // Sunday
    public void OpeningIsInclusiveAndClosingIsExclusive(string localTime, bool open)
    {
        Assert.Equal(open, ReferenceFirm.Hours().IsOpen(ReferenceFirm.InLondon(localTime)));
    }

    [Fact]
    public void TheLastTickBeforeClosingIsStillOpen()
    {
        var hours = ReferenceFirm.Hours();
        var closing = ReferenceFirm.InLondon("2026-06-15 17:30");

        Assert.True(hours.IsOpen(closing.AddTicks(-1)));
        Assert.False(hours.IsOpen(closing));
    }

    [Fact]
    public void OpenOrNotDependsOnTheInstantNotTheOffsetItIsWrittenIn()
    {
        var hours = ReferenceFirm.Hours();
        // 08:30 UTC in June is 09:30 in London: open, although the UTC clock reads before nine.
        var inUtc = ReferenceFirm.InUtc("2026-06-15 08:30");
        var inNewYork = inUtc.ToOffset(TimeSpan.FromHours(-4));

        Assert.True(hours.IsOpen(inUtc));
        Assert.True(hours.IsOpen(inNewYork));
        Assert.False(hours.IsOpen(ReferenceFirm.InUtc("2026-06-15 07:30")));
    }
}

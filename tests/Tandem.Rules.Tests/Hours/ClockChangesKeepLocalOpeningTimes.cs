namespace Tandem.Rules.Tests.Hours;

/// <summary>Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026. Expected instants are written in UTC.</summary>
public sealed class ClockChangesKeepLocalOpeningTimes
{
    [Fact]
    public void AfterTheClocksGoForwardMondayOpensAtNineBritishSummerTime()
    {
        // Saturday 28 March 15:00 GMT, after Saturday closing.
        var reply = ReferenceFirm.Hours().NextOpening(ReferenceFirm.InUtc("2026-03-28 15:00"));

        Assert.Equal(ReferenceFirm.InUtc("2026-03-30 08:00"), reply);
        Assert.Equal(TimeSpan.FromHours(1), reply.Offset);
        Assert.Equal("2026-03-30 09:00", ReferenceFirm.LondonClock(reply));
    }

    [Fact]
    public void AfterTheClocksGoBackMondayOpensAtNineGreenwichMeanTime()
    {
        // Saturday 24 October 15:00 BST, after Saturday closing.
        var reply = ReferenceFirm.Hours().NextOpening(ReferenceFirm.InUtc("2026-10-24 14:00"));

        Assert.Equal(ReferenceFirm.InUtc("2026-10-26 09:00"), reply);
        Assert.Equal(TimeSpan.Zero, reply.Offset);
        Assert.Equal("2026-10-26 09:00", ReferenceFirm.LondonClock(reply));
    }

    [Theory]
    [InlineData("2026-03-29 00:30", "2026-03-30 08:00")] // 00:30 GMT, before the spring change
    [InlineData("2026-03-29 01:30", "2026-03-30 08:00")] // 02:30 BST, just after it
    [InlineData("2026-10-25 00:30", "2026-10-26 09:00")] // 01:30 BST, the first of the two 01:30s
    [InlineData("2026-10-25 01:30", "2026-10-26 09:00")] // 01:30 GMT, the second
    public void AMessageDuringTheChangeItselfGetsMondayAtNineLocal(string utcWrites, string utcReply)
    {
        var reply = ReferenceFirm.Hours().NextOpening(ReferenceFirm.InUtc(utcWrites));

        Assert.Equal(ReferenceFirm.InUtc(utcReply), reply);
    }

    [Theory]
    [InlineData("2026-03-27 08:30", false)] // Friday before: 08:30 GMT
    [InlineData("2026-03-27 09:00", true)]
    [InlineData("2026-03-30 07:59", false)] // Monday after: 08:59 BST
    [InlineData("2026-03-30 08:00", true)] // 09:00 BST
    [InlineData("2026-03-30 16:29", true)] // 17:29 BST
    [InlineData("2026-03-30 16:30", false)] // 17:30 BST
    [InlineData("2026-10-23 16:29", true)] // Friday before: 17:29 BST
    [InlineData("2026-10-23 16:30", false)] // 17:30 BST
    [InlineData("2026-10-26 08:30", false)] // Monday after: 08:30 GMT
    [InlineData("2026-10-26 09:00", true)] // 09:00 GMT
    [InlineData("2026-10-26 17:29", true)] // 17:29 GMT
    public void OpeningHoursFollowTheLocalClockEitherSideOfAChange(string utcTime, bool open)
    {
        Assert.Equal(open, ReferenceFirm.Hours().IsOpen(ReferenceFirm.InUtc(utcTime)));
    }
}

namespace Tandem.Rules.Tests.Hours;

/// <summary>"The customer writes / A person replies from", in London time.</summary>
public sealed class ReplyTimesFollowTheOpeningTable
{
    [Theory]
    // A weekday before 09:00: 09:00 the same day.
    [InlineData("2026-06-15 08:12", "2026-06-15 09:00")] // Monday
    [InlineData("2026-06-17 00:00", "2026-06-17 09:00")] // Wednesday, midnight
    [InlineData("2026-06-19 08:59", "2026-06-19 09:00")] // Friday
    // Monday to Thursday after 17:30: 09:00 the next day.
    [InlineData("2026-06-15 17:30", "2026-06-16 09:00")] // Monday, the minute it closes
    [InlineData("2026-06-16 20:00", "2026-06-17 09:00")] // Tuesday
    [InlineData("2026-06-18 23:59", "2026-06-19 09:00")] // Thursday
    // Friday after 17:30 or Saturday before 10:00: Saturday 10:00.
    [InlineData("2026-06-19 17:30", "2026-06-20 10:00")] // Friday
    [InlineData("2026-06-19 22:15", "2026-06-20 10:00")] // Friday night
    [InlineData("2026-06-20 07:45", "2026-06-20 10:00")] // Saturday morning
    // Saturday after 14:00, or any time Sunday: Monday 09:00.
    [InlineData("2026-06-20 14:00", "2026-06-22 09:00")] // Saturday, the minute it closes
    [InlineData("2026-06-20 18:30", "2026-06-22 09:00")] // Saturday evening
    [InlineData("2026-06-21 00:01", "2026-06-22 09:00")] // Sunday, just after midnight
    [InlineData("2026-06-21 12:00", "2026-06-22 09:00")] // Sunday lunchtime
    [InlineData("2026-06-21 23:59", "2026-06-22 09:00")] // Sunday night
    public void APersonRepliesFromTheNextOpening(string customerWrites, string personRepliesFrom)
    {
        var hours = ReferenceFirm.Hours();

        var reply = hours.NextOpening(ReferenceFirm.InLondon(customerWrites));

        Assert.Equal(personRepliesFrom, ReferenceFirm.LondonClock(reply));
        Assert.Equal(ReferenceFirm.InLondon(personRepliesFrom), reply);
    }

    [Theory]
    [InlineData("2026-06-15 09:00")]
    [InlineData("2026-06-17 12:34")]
    [InlineData("2026-06-19 17:29")]
    [InlineData("2026-06-20 10:00")]
    [InlineData("2026-06-20 13:59")]
    public void WhileOpenAPersonRepliesNow(string customerWrites)
    {
        var hours = ReferenceFirm.Hours();
        var now = ReferenceFirm.InLondon(customerWrites);

        Assert.Equal(now, hours.NextOpening(now));
    }

    [Fact]
    public void TheReplyTimeIsGivenInTheFirmsOwnOffset()
    {
        var hours = ReferenceFirm.Hours();

        var summer = hours.NextOpening(ReferenceFirm.InUtc("2026-06-21 12:00"));
        var winter = hours.NextOpening(ReferenceFirm.InUtc("2026-12-06 12:00"));

        Assert.Equal(TimeSpan.FromHours(1), summer.Offset);
        Assert.Equal(new DateTime(2026, 6, 22, 9, 0, 0), summer.DateTime);
        Assert.Equal(TimeSpan.Zero, winter.Offset);
        Assert.Equal(new DateTime(2026, 12, 7, 9, 0, 0), winter.DateTime);
    }
}

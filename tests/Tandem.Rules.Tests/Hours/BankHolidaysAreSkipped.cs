namespace Tandem.Rules.Tests.Hours;

public sealed class BankHolidaysAreSkipped
{
    [Theory]
    [InlineData("2026-04-06 10:00", "2026-04-07 09:00")] // Easter Monday, in what would be opening hours
    [InlineData("2026-04-06 07:00", "2026-04-07 09:00")] // Easter Monday, before what would be opening
    [InlineData("2026-04-04 15:00", "2026-04-07 09:00")] // Easter Saturday after closing: Sunday and Easter Monday skipped
    [InlineData("2026-04-02 18:00", "2026-04-04 10:00")] // Thursday evening: Good Friday skipped, Saturday opens
    [InlineData("2026-12-24 18:00", "2026-12-26 10:00")] // Christmas Eve evening: Christmas Day (Friday) skipped
    [InlineData("2026-12-25 11:00", "2026-12-26 10:00")] // Christmas Day itself
    [InlineData("2026-12-26 15:00", "2026-12-29 09:00")] // Boxing Day afternoon: Sunday and the substitute Monday skipped
    [InlineData("2026-12-27 12:00", "2026-12-29 09:00")] // The Sunday between
    [InlineData("2026-12-31 17:45", "2027-01-02 10:00")] // New Year's Eve evening: New Year's Day (Friday) skipped
    [InlineData("2026-05-23 16:00", "2026-05-26 09:00")] // Spring bank holiday weekend
    public void ABankHolidayMessageWaitsForTheNextOpeningDay(string customerWrites, string personRepliesFrom)
    {
        var hours = ReferenceFirm.Hours();

        var reply = hours.NextOpening(ReferenceFirm.InLondon(customerWrites));

        Assert.Equal(personRepliesFrom, ReferenceFirm.LondonClock(reply));
    }

    [Theory]
    [InlineData("2026-04-06 12:00")]
    [InlineData("2026-12-25 09:00")]
    [InlineData("2026-12-28 15:00")]
    [InlineData("2027-01-01 10:30")]
    public void TheFirmIsClosedAllDayOnABankHoliday(string localTime)
    {
        Assert.False(ReferenceFirm.Hours().IsOpen(ReferenceFirm.InLondon(localTime)));
    }

    [Fact]
    public void ASaturdayThatIsNotAHolidayStillOpensBetweenHolidays()
    {
        Assert.True(ReferenceFirm.Hours().IsOpen(ReferenceFirm.InLondon("2026-12-26 11:00")));
    }

    [Fact]
    public void AFirmWithNoOpeningWindowsSaysSoInsteadOfLoopingForever()
    {
        var hours = new Tandem.Rules.Hours.BusinessHours([], new HashSet<DateOnly>(), ReferenceFirm.London());

        Assert.Throws<InvalidOperationException>(() => hours.NextOpening(ReferenceFirm.InUtc("2026-06-15 12:00")));
    }
}

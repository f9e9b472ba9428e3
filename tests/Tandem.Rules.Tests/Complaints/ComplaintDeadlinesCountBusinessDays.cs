using System.Globalization;
using Tandem.Rules.Complaints;

namespace Tandem.Rules.Tests.Complaints;

public sealed class ComplaintDeadlinesCountBusinessDays
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static DateTimeOffset InLondon(string local)
    {
        var time = DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(time, London.GetUtcOffset(time));
    }

    private static string LondonDate(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, London).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-24 10:00", "2026-11-28 00:00")] // Tuesday: Wed, Thu, Fri; due by the end of Friday
    [InlineData("2026-11-27 16:30", "2026-12-03 00:00")] // Friday: Mon, Tue, Wed
    [InlineData("2026-11-28 11:00", "2026-12-03 00:00")] // Saturday: the weekend never counts
    [InlineData("2026-12-23 09:15", "2026-12-31 00:00")] // Wed before Christmas: Thu 24, (25 and 28 are holidays) Tue 29, Wed 30
    [InlineData("2026-04-02 14:00", "2026-04-10 00:00")] // Thursday before Easter: Good Friday and Easter Monday skipped
    [InlineData("2027-12-24 12:00", "2028-01-01 00:00")] // Christmas 2027 is a Saturday: 27 and 28 are substitutes; Wed 29, Thu 30, Fri 31
    public void TheSummaryResolutionDeadlineIsTheEndOfTheThirdBusinessDayAfterReceipt(string received, string dueLocal)
    {
        var deadlines = ComplaintClock.For(InLondon(received), London, new BusinessDays());

        Assert.Equal(dueLocal, LondonDate(deadlines.SummaryResolutionDue));
    }

    [Fact]
    public void TheFinalResponseIsDueEightWeeksAfterReceipt()
    {
        var received = InLondon("2026-11-24 10:00");

        var deadlines = ComplaintClock.For(received, London, new BusinessDays());

        Assert.Equal(received.AddDays(56), deadlines.FinalResponseDue);
    }

    [Fact]
    public void AHolidayTheFirmListsIsNotABusinessDay()
    {
        // A one-off proclaimed holiday (as for the coronation on 8 May 2023) comes from the pack.
        var days = new BusinessDays([new DateOnly(2023, 5, 8)]);

        Assert.False(days.IsBusinessDay(new DateOnly(2023, 5, 8)));
        Assert.Equal(new DateOnly(2023, 5, 11), days.AddBusinessDays(new DateOnly(2023, 5, 5), 3));
    }

    [Fact]
    public void TheDeadlineNeverLandsOnAWeekendOrHolidayAndAlwaysHasThreeBusinessDaysBeforeIt()
    {
        var days = new BusinessDays();
        for (var date = new DateOnly(2025, 1, 1); date <= new DateOnly(2027, 12, 31); date = date.AddDays(1))
        {
            var received = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), London.GetUtcOffset(date.ToDateTime(new TimeOnly(12, 0))));
            var due = ComplaintClock.For(received, London, days).SummaryResolutionDue;
            var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, London).DateTime).AddDays(-1);
            Assert.True(days.IsBusinessDay(lastDay), $"received {date}: last day {lastDay} is not a business day");
            var between = 0;
            for (var d = date.AddDays(1); d <= lastDay; d = d.AddDays(1))
            {
                between += days.IsBusinessDay(d) ? 1 : 0;
            }
            Assert.Equal(3, between);
        }
    }
}

using Tandem.Rules.Insights;

namespace Tandem.Rules.Tests.Insights;

public sealed class DaysAreCountedInTheFirmsTimeZone
{
    private static readonly FirmCalendar London = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

    [Fact]
    public void HalfPastMidnightInBritishSummerTimeIsThatDayNotTheUtcDayBefore()
    {
        var at = new DateTimeOffset(2026, 7, 14, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 7, 15), London.DayOf(at));
    }

    [Fact]
    public void InWinterTheFirmsDayIsTheUtcDay()
    {
        Assert.Equal(new DateOnly(2026, 1, 14), London.DayOf(new DateTimeOffset(2026, 1, 14, 23, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void AWindowRunsFromLocalMidnightToTheMidnightAfterItsLastDay()
    {
        var (start, end) = London.Window(new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 7));
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 23, 0, 0, TimeSpan.Zero), start.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 7, 7, 23, 0, 0, TimeSpan.Zero), end.ToUniversalTime());
    }

    [Fact]
    public void TheDayTheClocksGoForwardIsTwentyThreeHoursLong()
    {
        var day = new DateOnly(2026, 3, 29);
        Assert.Equal(TimeSpan.FromHours(23), London.StartOf(day.AddDays(1)) - London.StartOf(day));
        Assert.Equal(TimeSpan.FromHours(25), London.StartOf(new DateOnly(2026, 10, 26)) - London.StartOf(new DateOnly(2026, 10, 25)));
    }

    [Fact]
    public void EveryDayOfARangeIsListedOnceBothEndsIncluded()
    {
        var days = FirmCalendar.Days(new DateOnly(2026, 2, 27), new DateOnly(2026, 3, 2)).ToList();
        Assert.Equal([new(2026, 2, 27), new(2026, 2, 28), new(2026, 3, 1), new(2026, 3, 2)], days);
    }
}

using System.Globalization;
using Tandem.Rules.Hours;

namespace Tandem.Rules.Tests.Hours;

/// <summary>The reference firm: Europe/London, Mon–Fri 09:00–17:30, Sat 10:00–14:00, Sun closed, England bank holidays.</summary>
internal static class ReferenceFirm
{
    public static readonly DateOnly[] BankHolidays =
    [
        new(2026, 1, 1), new(2026, 4, 3), new(2026, 4, 6), new(2026, 5, 4), new(2026, 5, 25),
        new(2026, 8, 31), new(2026, 12, 25), new(2026, 12, 28), new(2027, 1, 1),
    ];

    public static TimeZoneInfo London() => TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static BusinessHours Hours()
    {
        var weekday = new TimeOnly(9, 0);
        var weekdayClose = new TimeOnly(17, 30);
        OpeningWindow[] windows =
        [
            new(DayOfWeek.Monday, weekday, weekdayClose),
            new(DayOfWeek.Tuesday, weekday, weekdayClose),
            new(DayOfWeek.Wednesday, weekday, weekdayClose),
            new(DayOfWeek.Thursday, weekday, weekdayClose),
            new(DayOfWeek.Friday, weekday, weekdayClose),
            new(DayOfWeek.Saturday, new TimeOnly(10, 0), new TimeOnly(14, 0)),
        ];
        return new BusinessHours(windows, new HashSet<DateOnly>(BankHolidays), London());
    }

    /// <summary>An instant given as a London wall-clock reading, "yyyy-MM-dd HH:mm".</summary>
    public static DateTimeOffset InLondon(string localTime)
    {
        var local = DateTime.ParseExact(localTime, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(local, London().GetUtcOffset(local));
    }

    /// <summary>An instant given in UTC, "yyyy-MM-dd HH:mm".</summary>
    public static DateTimeOffset InUtc(string utcTime) =>
        new(DateTime.ParseExact(utcTime, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>What a London clock on the wall reads at this instant, "yyyy-MM-dd HH:mm".</summary>
    public static string LondonClock(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, London()).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

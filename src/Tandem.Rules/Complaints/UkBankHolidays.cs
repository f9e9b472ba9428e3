namespace Tandem.Rules.Complaints;

/// <summary>
/// The bank holidays of England and Wales by the standing rules (Banking and Financial Dealings Act
/// 1971 and the annual proclamations that follow the same pattern): New Year's Day, Good Friday,
/// Easter Monday, the first and last Mondays of May, the last Monday of August, Christmas Day and
/// Boxing Day, with substitute weekdays when a fixed date falls at a weekend. One-off holidays
/// (a coronation, a state funeral, a moved May holiday) are proclaimed, not computed: a firm adds
/// those to its pack's bankHolidays list, and <see cref="BusinessDays"/> honours both.
/// </summary>
public static class UkBankHolidays
{
    public static IReadOnlyList<DateOnly> For(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1583);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);
        var easter = EasterSunday(year);
        var days = new List<DateOnly>
        {
            Substitute(new DateOnly(year, 1, 1)),
            easter.AddDays(-2),
            easter.AddDays(1),
            FirstMonday(year, 5),
            LastMonday(year, 5),
            LastMonday(year, 8),
        };
        days.AddRange(ChristmasAndBoxingDay(year));
        return [.. days.Order()];
    }

    public static bool IsBankHoliday(DateOnly date) => For(date.Year).Contains(date);

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static DateOnly Substitute(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static IEnumerable<DateOnly> ChristmasAndBoxingDay(int year)
    {
        var christmas = new DateOnly(year, 12, 25);
        return christmas.DayOfWeek switch
        {
            // Christmas on Saturday: Monday 27th and Tuesday 28th.
            DayOfWeek.Saturday => [christmas.AddDays(2), christmas.AddDays(3)],
            // Christmas on Sunday: Boxing Day is Monday 26th, Christmas moves to Tuesday 27th.
            DayOfWeek.Sunday => [christmas.AddDays(1), christmas.AddDays(2)],
            // Christmas on Friday: Boxing Day (Saturday) moves to Monday 28th.
            DayOfWeek.Friday => [christmas, christmas.AddDays(3)],
            _ => [christmas, christmas.AddDays(1)],
        };
    }

    private static DateOnly FirstMonday(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays(((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7);
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7));
    }
}

/// <summary>Business days as the FCA Handbook defines them: not a Saturday, Sunday or bank holiday in England.</summary>
public sealed class BusinessDays(IEnumerable<DateOnly>? extraHolidays = null)
{
    private readonly HashSet<DateOnly> _extra = [.. extraHolidays ?? []];

    public bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !_extra.Contains(date)
        && !UkBankHolidays.IsBankHoliday(date);

    /// <summary>The <paramref name="count"/>th business day after <paramref name="date"/> (the day itself never counts).</summary>
    public DateOnly AddBusinessDays(DateOnly date, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = date;
        for (var left = count; left > 0;)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day))
            {
                left--;
            }
        }
        return day;
    }
}

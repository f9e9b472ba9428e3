namespace Tandem.Rules.Insights;

/// <summary>
/// Days as the firm lives them. A conversation at 00:30 on a British Summer Time morning is
/// 23:30 UTC the day before; the dashboard counts it on the firm's day, not UTC's.
/// </summary>
public sealed class FirmCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone ?? throw new ArgumentNullException(nameof(zone));

    /// <summary>The firm's calendar date at an instant.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant the firm's day begins (local midnight; when midnight does not exist, the first moment that does).</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        // An ambiguous local midnight (a clock going back at midnight) starts at its earlier instant.
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The window [start of <paramref name="from"/>, start of the day after <paramref name="to"/>): both dates included.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Window(DateOnly from, DateOnly to) => (StartOf(from), StartOf(to.AddDays(1)));

    /// <summary>Every date from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            yield return d;
        }
    }
}

namespace Tandem.Rules.Hours;

/// <summary>One opening window on a weekday, in the firm's local time.</summary>
public sealed record OpeningWindow(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);

/// <summary>
/// A firm's weekly opening hours and bank holidays, in its own time zone. Answers "are we open" and
/// "when will a person reply", which the router and the handoff message need.
/// </summary>
public sealed class BusinessHours(IReadOnlyList<OpeningWindow> windows, IReadOnlySet<DateOnly> holidays, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (holidays.Contains(date))
        {
            return false;
        }
        var time = TimeOnly.FromDateTime(local.DateTime);
        return windows.Any(w => w.Day == local.DayOfWeek && time >= w.Opens && time < w.Closes);
    }

    /// <summary>The instant a person will next be available: now if open, else the next window's start.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset instant)
    {
        if (IsOpen(instant))
        {
            return instant;
        }
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        for (var offset = 0; offset < 30; offset++)
        {
            var day = date.AddDays(offset);
            if (holidays.Contains(day))
            {
                continue;
            }
            var window = windows
                .Where(w => w.Day == day.DayOfWeek && (offset > 0 || w.Opens > time))
                .OrderBy(w => w.Opens)
                .FirstOrDefault();
            if (window is not null)
            {
                var opening = day.ToDateTime(window.Opens);
                return new DateTimeOffset(opening, zone.GetUtcOffset(opening));
            }
        }
        throw new InvalidOperationException("No opening window in the next 30 days.");
    }
}

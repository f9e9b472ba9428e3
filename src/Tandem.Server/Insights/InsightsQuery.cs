using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Rules.Insights;
using Tandem.Server.Firms;

namespace Tandem.Server.Insights;

/// <summary>What the caller asked for: explicit dates, or the last N days ending today.</summary>
internal sealed record InsightsRange(DateOnly? From, DateOnly? To, int? Days);

/// <summary>
/// The one place the dashboard's figures are computed: the /insights page, GET /api/v1/insights and
/// the CSV exports all call <see cref="BuildAsync"/>.
/// </summary>
internal sealed class InsightsQuery(TandemDbContext db, FirmRegistry firms, TimeProvider clock, IOptions<ReadinessOptions> options)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    /// <summary>The dates the range covers in the firm's calendar, or why it cannot be read.</summary>
    public static (DateOnly From, DateOnly To, string? Problem) Resolve(InsightsRange range, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (range.Days is < 1 or > MaxDays)
        {
            return (today, today, $"days must be between 1 and {MaxDays}, not {range.Days}.");
        }
        var to = range.To ?? today;
        var from = range.From ?? to.AddDays(1 - (range.Days ?? DefaultDays));
        if (from > to)
        {
            return (from, to, $"from ({from:yyyy-MM-dd}) is after to ({to:yyyy-MM-dd}); both dates are included, so from must be on or before to.");
        }
        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            return (from, to, $"The range is {to.DayNumber - from.DayNumber + 1} days; at most {MaxDays} can be shown at once.");
        }
        return (from, to, null);
    }

    public FirmCalendar CalendarOf(string firm) => new(firms.Find(firm)!.Hours.Zone);

    /// <summary>Today's date where the firm is.</summary>
    public DateOnly Today(string firm) => CalendarOf(firm).DayOf(clock.GetUtcNow());

    public async Task<InsightsDashboard> BuildAsync(string firm, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var calendar = CalendarOf(firm);
        var (start, end) = calendar.Window(from, to);
        var now = clock.GetUtcNow();
        var data = await InsightsData.LoadAsync(db, firm, start, end, now, ct);
        return Dashboard.Compute(firm, new InsightsWindow(from, to, start, end, calendar.Zone.Id), calendar, data, now, options.Value.SubstantialEditThreshold);
    }
}

using System.Globalization;
using System.Text;

namespace Tandem.Server.Insights;

/// <summary>A table of the dashboard as the page shows it and the CSV export writes it.</summary>
/// <remarks>Public only because a Blazor component's parameters must be.</remarks>
public sealed record InsightsTable(string Id, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// Every table of the dashboard, in one place so the page and the CSV exports show the same rows.
/// Values are machine-readable (ISO dates, invariant decimals, rates as fractions, times in seconds)
/// because a CSV is for a spreadsheet; the page formats the charts for people.
/// </summary>
internal static class InsightsTables
{
    public static readonly IReadOnlyList<string> Ids =
    [
        "override-rate-by-day", "handling", "resolution-ledger", "response-times", "csat",
        "volume-by-topic", "volume-by-channel", "volume-by-day", "vulnerable-cohort",
    ];

    public static IReadOnlyList<InsightsTable> All(InsightsDashboard d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return
        [
            new("override-rate-by-day", "Override rate by day and topic", ["date", "topic", "reviewed_drafts", "overrides", "override_rate"],
                [.. d.OverrideByDay.Select(r => Row(r.Day, r.Topic, r.Reviewed, r.Overrides, r.OverrideRate))]),
            new("handling", "Escalation and complaints: assistant vs person", ["handled_by", "conversations", "escalated", "escalation_rate", "complaints", "complaint_rate"],
                [.. d.Handling.Select(r => Row(r.HandledBy, r.Conversations, r.Escalated, r.EscalationRate, r.Complaints, r.ComplaintRate))]),
            new("resolution-ledger", "Resolution ledger", ["outcome", "conversations", "share"],
                [.. d.Ledger.Select(r => Row(r.Outcome, r.Conversations, r.Share))]),
            new("response-times", "First-response and resolution times", ["measure", "count", "median_seconds", "p90_seconds"],
                [.. d.Times.Select(r => Row(r.Measure, r.Count, r.MedianSeconds, r.P90Seconds))]),
            new("csat", "Customer satisfaction (CSAT) responses by score", ["score", "responses"],
                [.. d.Csat.Select(r => Row(r.Score, r.Responses))]),
            new("volume-by-topic", "Conversations by topic", ["topic", "conversations"],
                [.. d.ByTopic.Select(r => Row(r.Name, r.Conversations))]),
            new("volume-by-channel", "Conversations by channel", ["channel", "conversations"],
                [.. d.ByChannel.Select(r => Row(r.Name, r.Conversations))]),
            new("volume-by-day", "Conversations by day", ["date", "conversations"],
                [.. d.ByDay.Select(r => Row(r.Day, r.Conversations))]),
            new("vulnerable-cohort", "Vulnerable customers beside everyone else", ["measure", "unit", "vulnerable", "others"],
                [.. d.Cohorts.Select(r => Row(r.Measure, r.Unit, r.Vulnerable, r.Others))]),
        ];
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, quote or line break.</summary>
    public static string ToCsv(InsightsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new StringBuilder();
        csv.Append(string.Join(',', table.Columns.Select(Field))).Append("\r\n");
        foreach (var row in table.Rows)
        {
            csv.Append(string.Join(',', row.Select(Field))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Field(string value)
    {
        // A cell starting with = + @ is a formula to a spreadsheet; a topic name must never run as one.
        if (value.Length > 0 && value[0] is '=' or '+' or '@')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string[] Row(params object?[] values) => [.. values.Select(Format)];
}

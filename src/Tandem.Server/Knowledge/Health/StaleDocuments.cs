using System.Globalization;
using System.Text.RegularExpressions;
using Tandem.Rules.Knowledge;
using Tandem.Server.Firms;

namespace Tandem.Server.Knowledge.Health;

/// <summary>
/// Documents that may no longer be true: declared superseded by the pack, older than the threshold by
/// their own "last updated" / "effective from" line, or speaking of a date that has passed as still
/// to come ("from 1 March 2025 we will…", "until 31 December 2025").
/// </summary>
internal static partial class StaleDocuments
{
    public const string Superseded = "superseded";
    public const string Old = "old";
    public const string PastAsFuture = "past_date_as_future";

    public static IReadOnlyList<StaleDocument> Find(IReadOnlyList<KnowledgeDocument> documents, DateTimeOffset now, KnowledgeHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(options);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var found = new List<StaleDocument>();
        foreach (var doc in documents.OrderBy(d => d.FileName, StringComparer.Ordinal))
        {
            var stated = StatedDate(doc.Content);
            if (doc.SupersededBy is { } by)
            {
                found.Add(new StaleDocument(doc.FileName, Superseded, $"Declared superseded by {by}: never answered from. Take it down wherever it is still published.", by, stated?.Date));
            }
            if (stated is { } s && s.Date < today.AddDays(-options.StaleAfterDays))
            {
                var age = today.DayNumber - s.Date.DayNumber;
                found.Add(new StaleDocument(doc.FileName, Old,
                    string.Create(CultureInfo.InvariantCulture, $"Says \"{s.Line}\": {age} days ago, more than the {options.StaleAfterDays}-day threshold."), doc.SupersededBy, s.Date));
            }
            foreach (var sentence in StatedQuantities.Sentences(doc.Content))
            {
                if (!FutureCue().IsMatch(sentence) || UpdatedLine().IsMatch(sentence))
                {
                    continue;
                }
                foreach (var date in Dates(sentence).Where(d => d < today))
                {
                    found.Add(new StaleDocument(doc.FileName, PastAsFuture,
                        string.Create(CultureInfo.InvariantCulture, $"Speaks of {date:d MMMM yyyy} as still to come: \"{sentence}\""), doc.SupersededBy, date));
                }
            }
        }
        return found;
    }

    /// <summary>The date on a "Last updated:", "Updated:" or "Effective from" line near the top of the document.</summary>
    internal static (DateOnly Date, string Line)? StatedDate(string content)
    {
        foreach (var line in content.Split('\n').Take(15))
        {
            var match = UpdatedLine().Match(line);
            if (match.Success && Dates(line).FirstOrDefault() is { } date && date != default)
            {
                return (date, line.Trim().Trim('*', '_', ' ').Trim());
            }
        }
        return null;
    }

    /// <summary>Dates written "14 February 2022", "February 14, 2022" or "2022-02-14"; a month and year alone means its last day.</summary>
    internal static IEnumerable<DateOnly> Dates(string text)
    {
        foreach (Match m in DateText().Matches(text))
        {
            if (m.Groups["iso"].Success)
            {
                if (DateOnly.TryParseExact(m.Groups["iso"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
                {
                    yield return iso;
                }
                continue;
            }
            var month = Array.FindIndex(Months, n => m.Groups["month"].Value.StartsWith(n, StringComparison.OrdinalIgnoreCase)) + 1;
            var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            var day = m.Groups["day"].Success ? int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture)
                : m.Groups["day2"].Success ? int.Parse(m.Groups["day2"].Value, CultureInfo.InvariantCulture)
                : DateTime.DaysInMonth(year, month);
            if (month > 0 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                yield return new DateOnly(year, month, day);
            }
        }
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    [GeneratedRegex(@"\b(?:(?<day>\d{1,2})(?:st|nd|rd|th)?\s+)?(?<month>January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(?<day2>\d{1,2})(?:st|nd|rd|th)?,)?\s+(?<year>(?:19|20)\d{2})\b|\b(?<iso>(?:19|20)\d{2}-\d{2}-\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex DateText();

    [GeneratedRegex(@"\b(?:last\s+updated|updated|last\s+reviewed|reviewed|effective\s+(?:from|date)|effective|valid\s+from)\b\s*:?", RegexOptions.IgnoreCase)]
    private static partial Regex UpdatedLine();

    [GeneratedRegex(@"\b(?:will|shall|coming|upcoming|soon|launch(?:es|ing)?|until|till|starting|is changing|are changing|from next)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FutureCue();
}

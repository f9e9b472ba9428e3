using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Rules.Knowledge;

/// <summary>What sort of fact a quantity states; only quantities of the same kind can contradict.</summary>
public enum QuantityKind
{
    Money,
    Percentage,
    Duration,
    Hours,
    Phone,
    Email,
}

/// <summary>
/// A quantity as a sentence states it: its kind, its role (a price is not a threshold: "£4.95, free
/// over £50" states two different facts), a normalised value to compare ("30-day" and "30 days" are
/// the same), the text as written, and for money, percentages and durations a magnitude (pounds,
/// percent, days) to tell a changed figure from a different fact.
/// </summary>
public sealed record StatedQuantity(QuantityKind Kind, string Role, string Value, string Text, double Magnitude = 0);

/// <summary>
/// Finds the typed quantities a sentence states (money, percentages, durations, opening hours, phone
/// numbers, e-mail addresses), for the knowledge health report's contradiction check. Pure text rules,
/// so the hard negatives are tested without a model.
/// </summary>
public static partial class StatedQuantities
{
    public const string Amount = "amount";
    public const string Threshold = "threshold";

    public static IReadOnlyList<StatedQuantity> Extract(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var found = new List<StatedQuantity>();
        // Phone numbers first, and their digits blanked, so "0117 496 0000" is not read as durations or money.
        var rest = sentence;
        foreach (Match m in Phone().Matches(rest))
        {
            found.Add(new StatedQuantity(QuantityKind.Phone, "contact", NotDigits().Replace(m.Value, ""), m.Value));
        }
        rest = Phone().Replace(rest, m => new string(' ', m.Length));
        foreach (Match m in Email().Matches(rest))
        {
            found.Add(new StatedQuantity(QuantityKind.Email, "contact", m.Value.ToLowerInvariant(), m.Value));
        }
        rest = Email().Replace(rest, m => new string(' ', m.Length));
        foreach (Match m in TimeRange().Matches(rest))
        {
            found.Add(new StatedQuantity(QuantityKind.Hours, "hours", $"{Clock(m.Groups[1].Value)}–{Clock(m.Groups[2].Value)}", m.Value));
        }
        rest = TimeRange().Replace(rest, m => new string(' ', m.Length));
        foreach (Match m in Money().Matches(rest))
        {
            var amount = decimal.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            found.Add(new StatedQuantity(QuantityKind.Money, MoneyRole(rest, m), "£" + amount.ToString("0.00", CultureInfo.InvariantCulture), m.Value, (double)amount));
        }
        foreach (Match m in Percent().Matches(rest))
        {
            var value = decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            found.Add(new StatedQuantity(QuantityKind.Percentage, Amount, value.ToString("0.##", CultureInfo.InvariantCulture) + "%", m.Value, (double)value));
        }
        foreach (Match m in Duration().Matches(rest))
        {
            found.Add(new StatedQuantity(QuantityKind.Duration, DurationRole(m), DurationValue(m), m.Value, Days(m)));
        }
        return found;
    }

    /// <summary>The sentence with its quantities taken out: what it says, whatever the figures, for comparing subjects.</summary>
    public static string Mask(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var masked = Phone().Replace(sentence, " ");
        masked = Email().Replace(masked, " ");
        masked = TimeRange().Replace(masked, " ");
        masked = Money().Replace(masked, " ");
        masked = Percent().Replace(masked, " ");
        masked = Duration().Replace(masked, m => $" {m.Groups["within"].Value}{Unit(m)}s ");
        return Spaces().Replace(masked, " ").Trim();
    }

    /// <summary>
    /// The part of the sentence that says what the quantity is about: the comma-, semicolon- or
    /// bracket-delimited clause around it, widened by its neighbours until it has a few words ("Monday
    /// to Friday, 09:00–17:30" needs the cell before the hours). A long sentence often states several
    /// facts; comparing clauses keeps one fact's wording from being judged by another's.
    /// </summary>
    public static string Clause(string sentence, StatedQuantity quantity, int minimumWords = 6)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(quantity);
        var at = sentence.IndexOf(quantity.Text, StringComparison.Ordinal);
        var bounds = new List<int> { 0 };
        foreach (Match m in ClauseBreak().Matches(sentence))
        {
            bounds.Add(m.Index + m.Length);
        }
        bounds.Add(sentence.Length + 1);
        var segment = Math.Max(0, bounds.FindLastIndex(b => b <= Math.Max(0, at)));
        var (first, last) = (segment, segment);
        int Words() => Mask(sentence[bounds[first]..Math.Min(sentence.Length, bounds[last + 1])]).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        while (Words() < minimumWords && (first > 0 || last + 2 < bounds.Count))
        {
            if (first > 0)
            {
                first--;
            }
            else
            {
                last++;
            }
        }
        return sentence[bounds[first]..Math.Min(sentence.Length, bounds[last + 1])].Trim(' ', ',', ';', '(', ')');
    }

    /// <summary>
    /// Sentences of a Markdown passage: table rows become one sentence each (cells joined), list items
    /// and paragraphs are split at sentence ends; emphasis and list markers are dropped.
    /// </summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || TableRule().IsMatch(line))
            {
                continue;
            }
            if (line.StartsWith('|'))
            {
                line = string.Join(", ", line.Trim('|').Split('|').Select(c => c.Trim()).Where(c => c.Length > 0));
            }
            line = ListMarker().Replace(line, "");
            line = Emphasis().Replace(line, "");
            foreach (var sentence in SentenceEnd().Split(line))
            {
                var s = sentence.Trim();
                if (s.Length > 0)
                {
                    sentences.Add(s);
                }
            }
        }
        return sentences;
    }

    private static string MoneyRole(string sentence, Match m)
    {
        var before = sentence[Math.Max(0, m.Index - 24)..m.Index].ToLowerInvariant();
        var after = sentence[(m.Index + m.Length)..Math.Min(sentence.Length, m.Index + m.Length + 12)].ToLowerInvariant();
        return ThresholdBefore().IsMatch(before) || ThresholdAfter().IsMatch(after) ? Threshold : Amount;
    }

    /// <summary>"within 14 days" is a deadline; "takes 3–5 working days" or "for 24 hours" is how long something lasts.</summary>
    private static string DurationRole(Match m) => m.Groups["within"].Success ? "deadline" : "duration";

    private static string DurationValue(Match m)
    {
        var unit = Unit(m);
        var from = int.Parse(m.Groups["from"].Value, CultureInfo.InvariantCulture);
        int? to = m.Groups["to"].Success ? int.Parse(m.Groups["to"].Value, CultureInfo.InvariantCulture) : null;
        // Weeks are days times seven (two weeks and 14 days agree); working weeks are left as they are.
        if (unit == "week" && !m.Groups["working"].Success)
        {
            unit = "day";
            from *= 7;
            to *= 7;
        }
        var qualifier = m.Groups["working"].Success ? "working " : "";
        return to is { } end ? $"{from}–{end} {qualifier}{unit}s" : $"{from} {qualifier}{unit}{(from == 1 ? "" : "s")}";
    }

    /// <summary>
    /// True when two figures are close enough to be one fact stated twice: a mistake or an outdated
    /// page changes a figure (14 days to 30, £3.95 to £4.95), rarely its order of magnitude, while
    /// "within 8 weeks" against "within 1 working day" or £29 against £1,299 are different facts.
    /// </summary>
    public static bool Comparable(StatedQuantity a, StatedQuantity b, double factor = 12)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Magnitude <= 0 || b.Magnitude <= 0)
        {
            return true;
        }
        return Math.Max(a.Magnitude, b.Magnitude) / Math.Min(a.Magnitude, b.Magnitude) <= factor;
    }

    /// <summary>The duration in days (a working day counted as 1.4, the middle of a range), for <see cref="Comparable"/>.</summary>
    private static double Days(Match m)
    {
        var from = double.Parse(m.Groups["from"].Value, CultureInfo.InvariantCulture);
        var to = m.Groups["to"].Success ? double.Parse(m.Groups["to"].Value, CultureInfo.InvariantCulture) : from;
        var perUnit = Unit(m) switch
        {
            "hour" => 1.0 / 24,
            "week" => 7.0,
            "month" => 30.0,
            "year" => 365.0,
            _ => 1.0,
        };
        return (from + to) / 2 * perUnit * (m.Groups["working"].Success ? 1.4 : 1.0);
    }

    private static string Unit(Match m)
    {
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        return unit.EndsWith('s') ? unit[..^1] : unit;
    }

    private static string Clock(string value)
    {
        var parts = value.Replace('.', ':').Split(':');
        return $"{int.Parse(parts[0], CultureInfo.InvariantCulture):D2}:{parts[1]}";
    }

    [GeneratedRegex(@"(?<![\d£])(?:\+44\s?|0)(?:\d{3,4}\s?\d{3}\s?\d{3,4}|\d{2}\s?\d{4}\s?\d{4})(?!\d)")]
    private static partial Regex Phone();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(\d{1,2}[:.]\d{2})\s?(?:[–-]|to)\s?(\d{1,2}[:.]\d{2})\b")]
    private static partial Regex TimeRange();

    [GeneratedRegex(@"£\s?(\d[\d,]*(?:\.\d{1,2})?)")]
    private static partial Regex Money();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s?(?:%|per ?cent\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Percent();

    [GeneratedRegex(@"(?<within>\b(?:within|in the first|up to|after|before|of)\s+)?(?<![\d£.:])\b(?<from>\d{1,3})(?:\s?[–-]\s?(?<to>\d{1,3}))?[\s-](?<working>(?:working|business)\s)?(?<unit>days?|weeks?|months?|hours?|years?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"(?:over|above|under|below|from|to|up to|at least|more than|less than|orders? of|spend(?:ing)?|minimum of|maximum of)\s*$")]
    private static partial Regex ThresholdBefore();

    [GeneratedRegex(@"^\s*(?:or (?:less|more|over|under|above)|and (?:over|above|under)|\+)")]
    private static partial Regex ThresholdAfter();

    [GeneratedRegex(@"\D")]
    private static partial Regex NotDigits();

    [GeneratedRegex(@"^\|?\s*:?-{2,}")]
    private static partial Regex TableRule();

    [GeneratedRegex(@"^(?:[-*+]|\d+\.)\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z(""“])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[;,()]|\s[–—]\s")]
    private static partial Regex ClauseBreak();
}

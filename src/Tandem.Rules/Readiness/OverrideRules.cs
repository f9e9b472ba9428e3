using System.Text.RegularExpressions;
using Tandem.Rules.Guard;

namespace Tandem.Rules.Readiness;

/// <summary>An agent's verdict on one draft, as far as the override rate is concerned.</summary>
/// <param name="Outcome">approved, edited, rejected or taken_over.</param>
/// <param name="Draft">What the assistant wrote.</param>
/// <param name="FinalText">What was sent instead, for an edit.</param>
/// <param name="EditDistance">Normalised edit distance between the two (0 = unchanged).</param>
/// <param name="Critical">The reviewer marked it a serious error (support policy section 11).</param>
public sealed record ReviewFacts(string Outcome, string? Draft, string? FinalText, double? EditDistance, bool Critical);

/// <summary>
/// What counts as an override. The firm's policy (section 11) separates minor edits (spelling, tone,
/// greeting, sign-off) from substantial rewrites (any fact, amount, date, action, promise or outcome
/// changed, or most of the reply rewritten). Tandem cannot read intent, so it uses two observable
/// tests: the size of the edit, and whether any figure a customer could hold the firm to changed.
/// docs/metrics.md gives the justification of the threshold.
/// </summary>
public static partial class OverrideRules
{
    /// <summary>
    /// An edit changing more than a fifth of the characters is substantial. A greeting, sign-off or
    /// a few spelling fixes on a typical 200–400 character draft stay well under it; replacing a
    /// sentence of a three-sentence reply goes over it.
    /// </summary>
    public const double SubstantialEditThreshold = 0.2;

    public static bool IsSubstantialEdit(string? draft, string? finalText, double? editDistance, double threshold = SubstantialEditThreshold)
    {
        if (editDistance is { } d && d > threshold)
        {
            return true;
        }
        return draft is not null && finalText is not null && FiguresChanged(draft, finalText);
    }

    /// <summary>
    /// Any change to the set of figures (£ amounts, percentages, numbers of days or weeks, dates) is
    /// substantial however small the edit: "£5" to "£50" is one character.
    /// </summary>
    public static bool FiguresChanged(string draft, string finalText)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(finalText);
        return !FigureSet(draft).SetEquals(FigureSet(finalText));
    }

    /// <summary>The figures of a text: those the guard checks, plus calendar dates.</summary>
    public static HashSet<string> FigureSet(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var set = new HashSet<string>(DraftGuard.Figures(text), StringComparer.Ordinal);
        foreach (Match m in NumericDate().Matches(text))
        {
            set.Add("date " + m.Value.Replace('-', '/').Replace('.', '/'));
        }
        foreach (Match m in DayMonth().Matches(text))
        {
            set.Add($"date {int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)} {m.Groups[2].Value[..3].ToLowerInvariant()}");
        }
        foreach (Match m in MonthDay().Matches(text))
        {
            set.Add($"date {int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)} {m.Groups[1].Value[..3].ToLowerInvariant()}");
        }
        return set;
    }

    /// <summary>
    /// Rejected and substantially edited drafts are overrides, as the policy says. A draft taken over
    /// counts too: it was not used, which the policy's "Rejected" mark covers ("the agent wrote the
    /// reply or handed the conversation over"), and counting it errs on the side of caution.
    /// </summary>
    public static bool IsOverride(ReviewFacts review, double threshold = SubstantialEditThreshold)
    {
        ArgumentNullException.ThrowIfNull(review);
        return review.Outcome switch
        {
            "approved" => false,
            "edited" => IsSubstantialEdit(review.Draft, review.FinalText, review.EditDistance, threshold),
            "rejected" or "taken_over" => true,
            _ => true, // An outcome this code does not know is not evidence of a good draft.
        };
    }

    /// <summary>A critical override: the reviewer marked a serious error on a draft that was overridden or critically edited.</summary>
    public static bool IsCritical(ReviewFacts review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return review.Critical && review.Outcome != "approved";
    }

    [GeneratedRegex(@"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+(\d{1,2})(?:st|nd|rd|th)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDay();
}

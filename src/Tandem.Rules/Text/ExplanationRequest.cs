using System.Text.RegularExpressions;

namespace Tandem.Rules.Text;

/// <summary>
/// A customer asking why the assistant said what it did ("why did you say that?", "how do you know
/// that", "where did you get that from", "what's that based on"). Such a message is answered from
/// the stored record of the previous answer — its sources and the rule that let it be sent — never
/// by generating a new answer (UK GDPR article 13(2)(f) and 15(1)(h): meaningful information about
/// the logic involved).
/// </summary>
public static partial class ExplanationRequest
{
    public static bool IsMatch(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        // A long message that merely contains the phrase is about something else as well.
        return t.Length <= 120 && Pattern().IsMatch(t);
    }

    [GeneratedRegex("""
        \b(
          why\s+(did|do|would)\s+you\s+(say|tell\s+me|think|reply|answer)(\s+(that|this|so|it))?
        | why\s+(is|was)\s+that\s+(your\s+answer|the\s+answer)
        | how\s+(do|did|would|can)\s+you\s+know(\s+(that|this|it))?
        | where\s+(did|do|does|is)\s+(you|that|this|it)\s+(get|got|getting|come|coming|from)
        | where('s|\s+is)\s+(that|this)\s+from
        | what('s|\s+is|\s+was)\s+(that|this|it|your\s+answer)\s+based\s+on
        | (what|which)\s+(is|are|was|were)\s+your\s+sources?
        | (source|sources)\s+for\s+(that|this)
        | explain\s+(that|this|your\s+answer|why)
        )\b
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

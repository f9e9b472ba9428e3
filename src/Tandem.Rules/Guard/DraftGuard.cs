using System.Text.RegularExpressions;

namespace Tandem.Rules.Guard;

/// <summary>A piece of evidence a draft may rest on: a knowledge passage or a tool result.</summary>
public sealed record Evidence(string Id, string Text);

public sealed record GuardResult(bool Passed, IReadOnlyList<string> UnsupportedSentences, IReadOnlyList<string> UnbackedCommitments, IReadOnlyList<string> ForbiddenPhrases)
{
    public IReadOnlyList<string> Problems =>
    [
        .. UnsupportedSentences.Select(s => $"unsupported sentence: \"{s}\""),
        .. UnbackedCommitments.Select(c => $"unbacked commitment: \"{c}\""),
        .. ForbiddenPhrases.Select(p => $"forbidden phrase: \"{p}\""),
    ];
}

/// <summary>
/// The check every draft passes before it may be sent without a person. Grounding: each factual
/// sentence must be supported by the evidence (most of its content words appear in one piece of
/// evidence). Commitments: every figure that promises something (money, durations, dates,
/// percentages) must appear in the evidence, so a draft cannot say 14 days where the policy says 30.
/// </summary>
public static partial class DraftGuard
{
    public const double SupportThreshold = 0.75;

    public static GuardResult Check(string draft, IReadOnlyList<Evidence> evidence, IReadOnlyList<string>? forbiddenPhrases = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(evidence);
        var evidenceTokens = evidence.Select(e => new HashSet<string>(Tokens(e.Text), StringComparer.Ordinal)).ToList();
        var evidenceFigures = new HashSet<string>(evidence.SelectMany(e => Figures(e.Text)), StringComparer.Ordinal);

        var unsupported = new List<string>();
        var unbacked = new List<string>();
        foreach (var sentence in Sentences(draft))
        {
            var content = Tokens(sentence).Where(t => !StopWords.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
            if (content.Count >= 3)
            {
                var best = evidenceTokens.Count == 0 ? 0 : evidenceTokens.Max(set => (double)content.Count(set.Contains) / content.Count);
                if (best < SupportThreshold)
                {
                    unsupported.Add(sentence);
                }
            }
            foreach (var figure in Figures(sentence))
            {
                if (!evidenceFigures.Contains(figure))
                {
                    unbacked.Add($"{figure} in \"{sentence}\"");
                }
            }
            if (CommitmentWords().IsMatch(sentence) && !SupportedVerbatim(sentence, evidence))
            {
                // Every commitment word in the sentence needs backing, not just the first one.
                foreach (var word in CommitmentWords().Matches(sentence).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!evidence.Any(e => e.Text.Contains(word, StringComparison.OrdinalIgnoreCase)))
                    {
                        unbacked.Add($"'{word}' in \"{sentence}\"");
                    }
                }
            }
        }
        var forbidden = (forbiddenPhrases ?? [])
            .Where(p => p.Length > 0 && draft.Contains(p, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return new GuardResult(unsupported.Count == 0 && unbacked.Count == 0 && forbidden.Count == 0, unsupported, unbacked, forbidden);
    }

    private static bool SupportedVerbatim(string sentence, IReadOnlyList<Evidence> evidence) =>
        evidence.Any(e => Normalise(e.Text).Contains(Normalise(sentence), StringComparison.Ordinal));

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim().ToLowerInvariant();

    public static IEnumerable<string> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SentenceSplit().Split(text)
            .Select(s => s.Trim().TrimStart('-', '*', '#', ' ').Trim())
            .Where(s => s.Length > 0);
    }

    public static IEnumerable<string> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Word().Matches(text.ToLowerInvariant()).Select(m => m.Value);
    }

    /// <summary>Normalised figures a customer could hold the firm to: £ amounts, percentages, counts of days/weeks/hours.</summary>
    public static IEnumerable<string> Figures(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match m in Money().Matches(text))
        {
            var amount = m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal);
            if (amount.EndsWith(".00", StringComparison.Ordinal))
            {
                amount = amount[..^3];
            }
            yield return "£" + amount;
        }
        foreach (Match m in Percent().Matches(text))
        {
            yield return m.Groups[1].Value + "%";
        }
        foreach (Match m in Duration().Matches(text))
        {
            // A range keeps both ends ("3–5 working days" is "3-5 day"), so "3 days" cannot pass for it.
            var amount = m.Groups[2].Success ? $"{m.Groups[1].Value}-{m.Groups[2].Value}" : m.Groups[1].Value;
            yield return $"{amount} {m.Groups[3].Value.ToLowerInvariant().TrimEnd('s')}";
        }
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
        "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "we", "you", "your",
        "our", "us", "i", "me", "my", "can", "will", "do", "does", "not", "no", "so", "then", "there", "here", "have",
        "has", "had", "any", "all", "please", "just", "also", "which", "what", "when", "how", "who",
    };

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceSplit();

    [GeneratedRegex(@"[\p{L}\p{N}£%]+(?:['’][\p{L}]+)?")]
    private static partial Regex Word();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"£\s?(\d[\d,]*(?:\.\d{2})?)")]
    private static partial Regex Money();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s?%")]
    private static partial Regex Percent();

    [GeneratedRegex(@"\b(\d+)(?:\s?(?:–|-|to)\s?(\d+))?(?:\s+|-)(?:working\s+|business\s+|calendar\s+)?(days?|weeks?|months?|hours?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b(guarantee[ds]?|compensation|discount|goodwill|exception|waive[ds]?|free of charge|promise)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CommitmentWords();
}

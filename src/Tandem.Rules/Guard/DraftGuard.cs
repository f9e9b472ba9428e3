using System.Text.RegularExpressions;

namespace Tandem.Rules.Guard;

/// <summary>A piece of evidence a draft may rest on: a knowledge passage or a tool result.</summary>
public sealed record Evidence(string Id, string Text);

public sealed record GuardResult(bool Passed, IReadOnlyList<string> UnsupportedSentences, IReadOnlyList<string> UnbackedCommitments, IReadOnlyList<string> ForbiddenPhrases,
    IReadOnlyList<string> Contradictions)
{
    public IReadOnlyList<string> Problems =>
    [
        .. UnsupportedSentences.Select(s => $"unsupported sentence: \"{s}\""),
        .. Contradictions.Select(c => $"contradicts its source: {c}"),
        .. UnbackedCommitments.Select(c => $"unbacked commitment: \"{c}\""),
        .. ForbiddenPhrases.Select(p => $"forbidden phrase: \"{p}\""),
    ];
}

/// <summary>
/// The check every draft passes before it may be sent without a person. Grounding: each factual
/// sentence must be supported by the evidence (most of its content words appear in one piece of
/// evidence). Commitments: every figure that promises something (money, durations, dates,
/// percentages) must appear in the evidence, so a draft cannot say 14 days where the policy says 30.
/// Consistency: a statement that matches a clause of the evidence but flips its polarity ("is
/// available" where the source says "is not offered") contradicts the source, whatever the overlap.
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

        var evidenceSentences = evidence.SelectMany(e => Sentences(e.Text))
            .Select(text => (Text: text, Clauses: Clauses(text).ToList()))
            .Select(e => (e.Text, e.Clauses, Content: new HashSet<string>(e.Clauses.SelectMany(c => c.Content), StringComparer.Ordinal)))
            .ToList();

        var unsupported = new List<string>();
        var unbacked = new List<string>();
        var contradictions = new List<string>();
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
            if (!SupportedVerbatim(sentence, evidence) && FlippedSentence(sentence, evidenceSentences) is { } source)
            {
                contradictions.Add($"\"{sentence}\" against \"{source}\"");
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
        return new GuardResult(unsupported.Count == 0 && unbacked.Count == 0 && forbidden.Count == 0 && contradictions.Count == 0,
            unsupported, unbacked, forbidden, contradictions);
    }

    /// <summary>
    /// The evidence sentence a draft sentence restates with the opposite polarity, if any. Each side
    /// counts as negated only through a negated clause that is mostly about what the other side says,
    /// so that "not counting delivery" in a sentence about delivery prices does not make every
    /// statement about delivery prices look negated, nor "but they can't assemble it" a statement
    /// about unpacking.
    /// </summary>
    private static string? FlippedSentence(string sentence, List<(string Text, List<Clause> Clauses, HashSet<string> Content)> evidenceSentences)
    {
        var clauses = Clauses(sentence).ToList();
        var content = new HashSet<string>(clauses.SelectMany(c => c.Content), StringComparer.Ordinal);
        if (content.Count < 2 || evidenceSentences.Count == 0)
        {
            return null;
        }
        var best = evidenceSentences.MaxBy(e => content.Count(e.Content.Contains));
        var shared = content.Count(best.Content.Contains);
        // Only a sentence that clearly restates a source sentence is compared.
        if (shared < 2 || shared < MinimumRestatement * content.Count)
        {
            return null;
        }
        var draftNegated = clauses.Any(c => NegatedAbout(c, best.Content));
        var sourceNegated = best.Clauses.Any(c => NegatedAbout(c, content));
        return draftNegated == sourceNegated ? null : best.Text;
    }

    /// <summary>A negated clause counts only when most of its content words are in the other sentence.</summary>
    private static bool NegatedAbout(Clause clause, HashSet<string> other) =>
        clause.Negated && clause.Content.Count > 0 && 2 * clause.Content.Count(other.Contains) > clause.Content.Count;

    private const double MinimumRestatement = 0.6;

    private sealed record Clause(string Text, HashSet<string> Content, bool Negated);

    private static IEnumerable<Clause> Clauses(string text)
    {
        foreach (var segment in SegmentSplit().Split(text))
        {
            // Within a segment, a short list item takes the polarity of what it continues: in "we don't
            // deliver to the Channel Islands, BFPO addresses or outside the UK" every item is negated.
            var negated = false;
            foreach (var part in ListSplit().Split(segment).Select(c => c.Trim()).Where(c => c.Length > 0))
            {
                var content = new HashSet<string>(Tokens(part).Where(t => !StopWords.Contains(t) && !NegationWords.Contains(t) && !Pronouns.Contains(t)
                    && !t.EndsWith("n't", StringComparison.Ordinal) && !t.EndsWith("n’t", StringComparison.Ordinal)), StringComparer.Ordinal);
                var own = Negation().IsMatch(part);
                negated = own || (negated && content.Count <= ListItemMaxWords);
                yield return new Clause(part, content, negated);
            }
        }
    }

    private const int ListItemMaxWords = 2;

    // Who a clause is about says little about what it states: "they can't assemble it" is about assembling.
    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal)
    {
        "he", "she", "they", "him", "her", "them", "his", "their", "we're", "we'll", "you're", "you'll", "they're", "they'll", "it's", "i'm", "i'll",
    };

    private static readonly HashSet<string> NegationWords = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "none", "nothing", "neither", "nor", "cannot", "without",
    };

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

    /// <summary>Words that carry meaning (not stop words), counted once each: three or more make a sentence factual.</summary>
    public static int ContentWordCount(string text) =>
        Tokens(text).Where(t => !StopWords.Contains(t)).Distinct(StringComparer.Ordinal).Count();

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

    // Polarity does not carry across sentences, brackets or a contrast ("not X, but Y").
    [GeneratedRegex(@"(?:[!?;()]|(?<!\d)[.:]|[.:](?!\d))+|\s[–-]\s|\b(?:but|although|though|whereas|unless|except)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SegmentSplit();

    // Inside a segment, clauses and list items end at commas and at "and" / "or".
    [GeneratedRegex(@"(?<!\d),|,(?!\d)|\b(?:and|or)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ListSplit();

    // "without" is a negation cue too ("reissue it without VAT" against "we can't remove VAT").
    [GeneratedRegex(@"\b(?:not|no|never|none|nothing|neither|nor|cannot|without)\b|n['’]t\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    [GeneratedRegex(@"£\s?(\d[\d,]*(?:\.\d{2})?)")]
    private static partial Regex Money();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s?%")]
    private static partial Regex Percent();

    [GeneratedRegex(@"\b(\d+)(?:\s?(?:–|-|to)\s?(\d+))?(?:\s+|-)(?:working\s+|business\s+|calendar\s+)?(days?|weeks?|months?|hours?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b(guarantee[ds]?|compensation|discount|goodwill|exception|waive[ds]?|free of charge|promise)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CommitmentWords();
}

using System.Text;
using System.Text.RegularExpressions;

namespace Tandem.Rules.Guard;

/// <summary>One sentence of a model's reply, without its citation markers, and the sources it cites.</summary>
public sealed record CitedSentence(string Text, IReadOnlyList<int> Sources);

/// <summary>What the guard makes of one sentence of a cited draft.</summary>
public sealed record SentenceVerdict(CitedSentence Sentence, bool Passed, IReadOnlyList<string> Problems);

/// <summary>
/// Drafts written by a language model cite their numbered sources as [n] (or [1, 2]). A factual
/// sentence (three or more content words, or any figure or commitment word) must cite at least one
/// source that exists, and must pass <see cref="DraftGuard"/> against the sources it cites — not
/// against everything retrieved, so a sentence cannot borrow support from a passage it did not name.
/// Checked one sentence at a time, so a streamed reply can be released sentence by sentence.
/// </summary>
public static partial class CitedDraft
{
    /// <summary>
    /// Evidence ids of state changes the action gateway executed start with this; refusals and
    /// lookups do not (a lookup's text — an address line, a product name — can say anything).
    /// </summary>
    public const string ExecutedToolPrefix = "tool:";

    /// <summary>The reply as the customer sees it: the markers removed, spacing tidied.</summary>
    public static string StripMarkers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SpaceBeforePunctuation().Replace(Marker().Replace(text, ""), "$1").Trim();
    }

    /// <summary>The sentences of a complete draft, each with the sources its markers cite.</summary>
    public static IReadOnlyList<CitedSentence> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var splitter = new SentenceSplitter();
        var sentences = splitter.Push(text).ToList();
        sentences.AddRange(splitter.Flush());
        return sentences;
    }

    public static SentenceVerdict Check(CitedSentence sentence, IReadOnlyDictionary<int, Evidence> sources, IReadOnlyList<string>? forbiddenPhrases = null)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(sources);
        var problems = new List<string>();
        var unknown = sentence.Sources.Where(n => !sources.ContainsKey(n)).ToList();
        foreach (var n in unknown)
        {
            problems.Add($"cites source [{n}], which was not given: \"{sentence.Text}\"");
        }
        var cited = sentence.Sources.Where(sources.ContainsKey).Distinct().Select(n => sources[n]).ToList();
        if (cited.Count == 0 && IsFactual(sentence.Text))
        {
            problems.Add($"uncited factual sentence: \"{sentence.Text}\"");
        }
        // Checked against the cited sources only; an uncited sentence is checked against nothing, so
        // its figures and commitments are reported as well.
        // A claim that something was done for the customer stands only on a tool the gateway ran: a
        // document (perhaps one carrying injected instructions) cannot make "I've refunded you" true.
        if (ActionClaim().IsMatch(sentence.Text) && !cited.Any(e => e.Id.StartsWith(ExecutedToolPrefix, StringComparison.Ordinal)))
        {
            problems.Add($"unbacked action claim: \"{sentence.Text}\" (no tool call that ran says so)");
        }
        // Words aimed at an assistant have no place in a reply to a customer: they came from a
        // document or a tool result and the model repeated them, whatever source it cites.
        if (AssistantInstruction().Match(sentence.Text) is { Success: true } instruction)
        {
            problems.Add($"instructions to an assistant in the reply: \"{instruction.Value}\" in \"{sentence.Text}\"");
        }
        var guard = DraftGuard.Check(sentence.Text, cited, forbiddenPhrases);
        problems.AddRange(guard.Problems.Where(p => cited.Count > 0 || !p.StartsWith("unsupported sentence", StringComparison.Ordinal)));
        return new SentenceVerdict(sentence, problems.Count == 0, problems);
    }

    /// <summary>Every sentence of the draft checked; the result in the shape the router and the turn record use.</summary>
    public static GuardResult CheckAll(string text, IReadOnlyDictionary<int, Evidence> sources, IReadOnlyList<string>? forbiddenPhrases = null)
    {
        var verdicts = Parse(text).Select(s => Check(s, sources, forbiddenPhrases)).ToList();
        var problems = verdicts.SelectMany(v => v.Problems).ToList();
        return new GuardResult(problems.Count == 0,
            [.. problems.Where(p => p.StartsWith("uncited", StringComparison.Ordinal) || p.StartsWith("unsupported", StringComparison.Ordinal) || p.StartsWith("cites source", StringComparison.Ordinal))],
            [.. problems.Where(p => p.StartsWith("unbacked", StringComparison.Ordinal))],
            // Words aimed at an assistant are recorded with the forbidden phrases: neither may reach a customer.
            [.. problems.Where(p => p.StartsWith("forbidden", StringComparison.Ordinal) || p.StartsWith("instructions", StringComparison.Ordinal))],
            [.. problems.Where(p => p.StartsWith("contradicts", StringComparison.Ordinal))]);
    }

    /// <summary>
    /// A sentence that states something the customer could rely on. "Thanks for getting in touch!"
    /// is not; "Standard delivery costs £4.95" is, and so is any sentence with a figure or a promise.
    /// </summary>
    public static bool IsFactual(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return DraftGuard.Figures(sentence).Any() || DraftGuard.ContentWordCount(sentence) >= 3;
    }

    internal static (string Text, IReadOnlyList<int> Sources) Extract(string raw)
    {
        var sources = new List<int>();
        foreach (Match m in Marker().Matches(raw))
        {
            foreach (var part in m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                {
                    sources.Add(n);
                }
            }
        }
        return (StripMarkers(raw), sources);
    }

    [GeneratedRegex(@"\s*\[(\d+(?:\s*,\s*\d+)*)\]")]
    internal static partial Regex Marker();

    [GeneratedRegex(@"\b(?:i|we)(?:['’]ve| have)\s+(?:now\s+|just\s+|already\s+)?(?:issued|refunded|cancell?ed|changed|processed|started|arranged|booked|updated|approved|credited)\b|\byour (?:refund|cancellation|return|order) (?:has been|is now|was) (?:issued|processed|approved|cancell?ed|refunded|credited)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ActionClaim();

    [GeneratedRegex(@"\b(?:(?:ignore|disregard|forget)\s+(?:all\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+|any\s+)?(?:previous|prior|above|earlier|system)\s+(?:instructions|rules|prompts?|guidelines)|(?:system|developer)\s+prompt|developer\s+mode|jailbreak|new\s+instructions\s*:|(?:you\s+are|i\s+am|i['’]m)\s+now\s+in\s+\w+\s+mode)|^\s*system\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex AssistantInstruction();

    [GeneratedRegex(@"\s+([.!?,;:])")]
    private static partial Regex SpaceBeforePunctuation();
}

/// <summary>
/// Cuts streamed text into sentences as it arrives. Models put the citation marker either before or
/// after the full stop ("...£4.95 [1]." or "...£4.95. [1]"): a sentence whose marker came before its
/// end (. ! ? or a line break) is complete once whitespace follows the end; any other sentence once
/// the whitespace is followed by something that is not a citation marker.
/// Pure and incremental: the streaming release and the final check see the same sentences.
/// </summary>
public sealed partial class SentenceSplitter
{
    private readonly StringBuilder _pending = new();

    /// <summary>Adds a piece of streamed text; returns the sentences it completed.</summary>
    public IEnumerable<CitedSentence> Push(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        _pending.Append(delta);
        var completed = new List<CitedSentence>();
        while (true)
        {
            var text = _pending.ToString();
            var end = CompleteSentenceEnd(text);
            if (end < 0)
            {
                break;
            }
            var raw = text[..end];
            _pending.Remove(0, end);
            Add(raw, completed);
        }
        return completed;
    }

    /// <summary>The sentence still open when the stream ended.</summary>
    public IEnumerable<CitedSentence> Flush()
    {
        var completed = new List<CitedSentence>();
        Add(_pending.ToString(), completed);
        _pending.Clear();
        return completed;
    }

    private static void Add(string raw, List<CitedSentence> completed)
    {
        var (text, sources) = CitedDraft.Extract(raw);
        text = text.Trim().TrimStart('-', '*', '#', ' ').Trim();
        if (text.Length > 0)
        {
            completed.Add(new CitedSentence(text, sources));
        }
    }

    /// <summary>Index just past a complete sentence (and any markers after it), or -1.</summary>
    private static int CompleteSentenceEnd(string text)
    {
        foreach (Match m in Boundary().Matches(text))
        {
            var after = m.Index + m.Length;
            // A marker straight after the stop belongs to this sentence.
            var marker = LeadingMarker().Match(text, after);
            if (marker.Success)
            {
                after += marker.Length;
            }
            var rest = text.AsSpan(after);
            var trimmed = rest.TrimStart();
            // Its marker came before the stop ("… over £50 [1]."): whitespace after the stop is enough,
            // because nothing more can belong to this sentence. Releasing here rather than at the next
            // sentence's first letter means a model that pauses between sentences is not waited for.
            if (!marker.Success && rest.Length > trimmed.Length && MarkerBeforeStop().IsMatch(text.AsSpan(0, m.Index)))
            {
                return after;
            }
            // Otherwise whitespace, then a character that starts the next sentence: only then is this one
            // finished, since its marker may still follow the stop.
            if (trimmed.Length == 0 || trimmed.Length == rest.Length && text[m.Index] != '\n')
            {
                continue;
            }
            if (trimmed[0] == '[')
            {
                continue; // A marker still arriving.
            }
            return after;
        }
        return -1;
    }

    // A full stop not inside a number (£4.95), or a line break.
    [GeneratedRegex(@"(?:[.!?](?!\d)|\n)")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\G\s*\[\d+(?:\s*,\s*\d+)*\]\.?")]
    private static partial Regex LeadingMarker();

    [GeneratedRegex(@"\[\d+(?:\s*,\s*\d+)*\]\s*$")]
    private static partial Regex MarkerBeforeStop();
}

using System.Globalization;

namespace Tandem.Server.Knowledge;

/// <summary>How much of a question's wording a passage contains, and which words it lacks.</summary>
/// <param name="Share">
/// IDF-weighted share of the question's words that the firm's knowledge uses somewhere which this
/// passage contains, 0..1; 1 when the question has no informative word at all, 0 when the firm uses none of them.
/// </param>
/// <param name="Missing">Words of the question (as the customer wrote them) that the firm uses elsewhere but this passage lacks, most informative first.</param>
/// <param name="Unfamiliar">Words of the question the firm's knowledge never uses.</param>
internal sealed record Coverage(double Share, IReadOnlyList<string> Missing, IReadOnlyList<string> Unfamiliar)
{
    /// <summary>For a passage whose coverage was not measured (hand-made evidence): nothing is missing.</summary>
    public static Coverage Full { get; } = new(1.0, [], []);

    public override string ToString() => Share.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>
/// Measures whether a passage speaks about what a question asks, by its words. Dense similarity says a
/// passage is about the same kind of thing ("do you sell gift cards?" and the returns policy's "if you
/// received something as a gift" are both about gifts); it cannot say that "cards" is absent. A word of
/// the question that the firm writes elsewhere but this passage lacks ("cards" is on the payments page)
/// says the question is about something this passage is not; a word the firm never writes ("amex",
/// "swap") may just be the customer's own way of saying what the passage says, so it is not held
/// against the passage (the dense similarity judges those). Words are weighted by their inverse
/// document frequency over the firm's passages, so "order", on every page, weighs least.
/// </summary>
internal sealed class WordCoverage
{
    private readonly Dictionary<string, double> _idf;

    /// <param name="passages">Every passage's text as the lexical index reads it.</param>
    public WordCoverage(IReadOnlyList<string> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in passages)
        {
            foreach (var term in TermsOf(text))
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }
        var n = passages.Count;
        // The index's own IDF formula, so a word weighs here what it weighs in lexical retrieval.
        _idf = df.ToDictionary(kv => kv.Key, kv => Idf(n, kv.Value), StringComparer.Ordinal);
    }

    /// <summary>The coverage of <paramref name="question"/> by a passage whose lexical text is <paramref name="passage"/>.</summary>
    public Coverage Measure(string question, string passage)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(passage);
        var words = WordsOf(question);
        if (words.Count == 0)
        {
            return Coverage.Full;
        }
        var contained = TermsOf(passage);
        double known = 0, covered = 0;
        var missing = new List<(string Word, double Weight)>();
        var unfamiliar = new List<string>();
        foreach (var (word, term) in words)
        {
            if (!_idf.TryGetValue(term, out var weight))
            {
                unfamiliar.Add(word);
                continue;
            }
            known += weight;
            if (contained.Contains(term))
            {
                covered += weight;
            }
            else
            {
                missing.Add((word, weight));
            }
        }
        return new Coverage(known > 0 ? Math.Round(covered / known, 4) : 0, [.. missing.OrderByDescending(m => m.Weight).Select(m => m.Word)], unfamiliar);
    }

    private static double Idf(int passages, int containing) => Math.Log(1 + ((passages + 1.0) / (containing + 0.5)));

    private static HashSet<string> TermsOf(string text) => [.. WordsOf(text).Select(w => w.Term)];

    /// <summary>The question's informative words, each once: the lexical index's terms without chat filler.</summary>
    private static List<(string Word, string Term)> WordsOf(string text)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var words = new List<(string, string)>();
        foreach (var (word, term) in TextIndex<int>.Words(text))
        {
            var bare = Possessive(word);
            if (Filler.Contains(bare) || IsContraction(bare) || !seen.Add(term))
            {
                continue;
            }
            words.Add((bare, bare == word ? term : TextIndex<int>.Terms(bare).FirstOrDefault() ?? term));
        }
        return words;
    }

    /// <summary>"customer's" counts as "customer".</summary>
    private static string Possessive(string word) =>
        word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("’s", StringComparison.Ordinal) ? word[..^2] : word;

    /// <summary>"don't", "we've", "I'd": grammar, not subject.</summary>
    private static bool IsContraction(string word) =>
        word.Contains('\'', StringComparison.Ordinal) || word.Contains('’', StringComparison.Ordinal);

    /// <summary>
    /// Words beyond the index's stop words that say nothing about the subject of a customer's message:
    /// question words, negation, chat spellings of contractions and greetings. The index keeps some of
    /// them for ranking; for coverage each would count as a word the passage must contain.
    /// </summary>
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "where", "why", "whether", "not", "no", "yes", "there", "than", "too", "very", "really", "one", "someone", "something",
        "anything", "anyone", "everything", "thing", "things", "bit", "lot", "go", "going", "way", "mean", "tell", "ask", "wondering",
        "wonder", "sure", "maybe", "roughly", "actually", "ever", "even", "though", "guys", "mate", "dont", "cant", "wont", "isnt",
        "arent", "doesnt", "didnt", "havent", "hasnt", "wasnt", "couldnt", "wouldnt", "shouldnt", "ive", "youre", "theyre", "whats",
        "whens", "wheres", "whos", "hows", "thats", "theres", "u", "ur", "ya", "pls", "plz", "thx", "ta", "hey", "hiya", "lol", "x", "xx",
        "cheers",
    };
}

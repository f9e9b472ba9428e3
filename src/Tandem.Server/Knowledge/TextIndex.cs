using System.Text.RegularExpressions;

namespace Tandem.Server.Knowledge;

/// <summary>
/// A small TF-IDF cosine index over short documents. Used for lexical retrieval over knowledge
/// passages and for nearest-example topic matching. Cosine similarity lies in [0, 1], so its scores
/// can be read directly as evidence strength by the router.
/// </summary>
internal sealed partial class TextIndex<T>
{
    private readonly List<(T Item, Dictionary<string, double> Vector)> _entries = [];
    private readonly Dictionary<string, double> _idf;

    public TextIndex(IEnumerable<(T Item, string Text)> documents)
    {
        var docs = documents.Select(d => (d.Item, Terms: Terms(d.Text).ToList())).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, terms) in docs)
        {
            foreach (var term in terms.Distinct())
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }
        _idf = df.ToDictionary(kv => kv.Key, kv => Math.Log(1 + ((docs.Count + 1.0) / (kv.Value + 0.5))), StringComparer.Ordinal);
        foreach (var (item, terms) in docs)
        {
            _entries.Add((item, Weigh(terms)));
        }
    }

    public int Count => _entries.Count;

    public IReadOnlyList<(T Item, double Score)> Search(string query, int top)
    {
        var q = Weigh(Terms(query).ToList());
        if (q.Count == 0)
        {
            return [];
        }
        return _entries
            .Select(e => (e.Item, Score: Dot(q, e.Vector)))
            .Where(r => r.Score > 0)
            .OrderByDescending(r => r.Score)
            .Take(top)
            .ToList();
    }

    private Dictionary<string, double> Weigh(List<string> terms)
    {
        var vector = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in terms.GroupBy(t => t, StringComparer.Ordinal))
        {
            // Unknown query terms carry no weight: they cannot match anything.
            if (_idf.TryGetValue(group.Key, out var idf))
            {
                vector[group.Key] = (1 + Math.Log(group.Count())) * idf;
            }
        }
        var norm = Math.Sqrt(vector.Values.Sum(v => v * v));
        if (norm > 0)
        {
            foreach (var key in vector.Keys.ToList())
            {
                vector[key] /= norm;
            }
        }
        return vector;
    }

    private static double Dot(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        double sum = 0;
        foreach (var (key, value) in small)
        {
            if (large.TryGetValue(key, out var other))
            {
                sum += value * other;
            }
        }
        return sum;
    }

    /// <summary>Lower-cased word stems without stop words; identifiers such as HH-2026-004512 stay whole.</summary>
    public static IEnumerable<string> Terms(string text)
    {
        foreach (Match m in Word().Matches(text.ToLowerInvariant()))
        {
            var word = m.Value;
            if (StopWords.Contains(word))
            {
                continue;
            }
            yield return Stem(word);
        }
    }

    private static string Stem(string word)
    {
        if (word.Length <= 4 || word.Any(char.IsDigit))
        {
            return word;
        }
        foreach (var suffix in Suffixes)
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
            {
                return word[..^suffix.Length];
            }
        }
        return word;
    }

    private static readonly string[] Suffixes = ["ational", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s", "e", "y"];

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "into",
        "is", "are", "was", "were", "be", "been", "am", "it", "its", "this", "that", "these", "those", "we", "you", "your",
        "our", "us", "i", "me", "my", "im", "i'm", "can", "could", "will", "would", "do", "does", "did", "so", "then", "there",
        "here", "have", "has", "had", "any", "please", "just", "also", "which", "what", "when", "how", "who", "hi", "hello",
        "thanks", "thank", "about", "get", "got", "some", "should", "they", "them", "their", "he", "she", "his", "her",
        "i'd", "i've", "i'll", "like", "want", "wanted", "would", "need", "know", "let", "yet", "still", "ok", "okay", "much", "many",
    };

    [GeneratedRegex(@"[a-z]{1,4}-\d{3,4}(?:-\d{3,6})?|[\p{L}\p{N}]+(?:['’][\p{L}]+)?")]
    private static partial Regex Word();
}

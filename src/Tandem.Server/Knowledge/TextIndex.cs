using System.Buffers;
using System.Text.RegularExpressions;

namespace Tandem.Server.Knowledge;

/// <summary>
/// A TF-IDF cosine index over short documents, used for lexical retrieval over knowledge passages.
/// Cosine similarity lies in [0, 1], so its scores can be read directly as evidence strength by the
/// router. An inverted index (term → the entries that contain it, with their weights) means a search
/// touches only entries sharing a term with the query: at 100k passages scoring every entry took
/// tens of milliseconds.
/// </summary>
internal sealed partial class TextIndex<T>
{
    private readonly List<T> _items = [];
    private readonly Dictionary<string, double> _idf;
    private readonly Dictionary<string, Posting[]> _postings = new(StringComparer.Ordinal);

    private readonly record struct Posting(int Entry, float Weight);

    public TextIndex(IEnumerable<(T Item, string Text)> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
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
        var lists = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);
        foreach (var (item, terms) in docs)
        {
            var entry = _items.Count;
            _items.Add(item);
            foreach (var (term, weight) in Weigh(terms))
            {
                if (!lists.TryGetValue(term, out var list))
                {
                    lists[term] = list = [];
                }
                list.Add(new Posting(entry, (float)weight));
            }
        }
        foreach (var (term, list) in lists)
        {
            _postings[term] = [.. list];
        }
    }

    public int Count => _items.Count;

    /// <summary>The fewest postings a term must have before it can count as common and be skipped.</summary>
    public const int CommonTermPostings = 10_000;

    public IReadOnlyList<(T Item, double Score)> Search(string query, int top)
    {
        var q = Weigh(Terms(query).ToList());
        if (q.Count == 0 || top <= 0)
        {
            return [];
        }
        // Scores accumulate in a pooled array as long as the index, and only the entries touched are
        // read back: a dictionary here cost 15 ms per query at 100k passages. Clearing 100k doubles
        // takes microseconds, and a shared pool's arrays come back dirty.
        // A term in more than a tenth of a large index (and over CommonTermPostings entries) is
        // skipped when the query has a rarer one: its IDF makes it worth a fraction of a rare term,
        // yet its postings were most of a query's work at 100k passages. An index of
        // CommonTermPostings entries or fewer never reaches the bound, so firm-scale scores are exact.
        var bound = Math.Max(_items.Count / 10, CommonTermPostings);
        var skipCommon = q.Keys.Any(t => _postings.TryGetValue(t, out var p) && p.Length <= bound);
        var scores = ArrayPool<double>.Shared.Rent(_items.Count);
        Array.Clear(scores, 0, _items.Count);
        var touched = new List<int>();
        try
        {
            foreach (var (term, weight) in q)
            {
                if (_postings.TryGetValue(term, out var postings) && !(skipCommon && postings.Length > bound))
                {
                    foreach (var posting in postings)
                    {
                        if (scores[posting.Entry] == 0)
                        {
                            touched.Add(posting.Entry);
                        }
                        scores[posting.Entry] += weight * posting.Weight;
                    }
                }
            }
            // The best `top` by score, ties to the earlier entry: a bounded heap whose root is the worst kept.
            var heap = new PriorityQueue<int, (double Score, int Entry)>(top + 1, WorstFirst.Instance);
            foreach (var entry in touched)
            {
                var score = scores[entry];
                if (score <= 0 || (heap.Count == top && heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare((score, entry), worst) <= 0))
                {
                    continue;
                }
                heap.Enqueue(entry, (score, entry));
                if (heap.Count > top)
                {
                    heap.Dequeue();
                }
            }
            var found = new (T Item, double Score)[heap.Count];
            for (var i = found.Length - 1; i >= 0; i--)
            {
                heap.TryDequeue(out var entry, out var key);
                found[i] = (_items[entry], key.Score);
            }
            return found;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
        }
    }

    private sealed class WorstFirst : IComparer<(double Score, int Entry)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, int Entry) x, (double Score, int Entry) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Entry.CompareTo(x.Entry);
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

    /// <summary>Lower-cased word stems without stop words; identifiers such as HH-2026-004512 stay whole.</summary>
    public static IEnumerable<string> Terms(string text) => Words(text).Select(w => w.Term);

    /// <summary>Each word that is not a stop word, lower-cased as written, beside the stem it is indexed as.</summary>
    public static IEnumerable<(string Word, string Term)> Words(string text)
    {
        foreach (Match m in Word().Matches(text.ToLowerInvariant()))
        {
            var word = m.Value;
            if (StopWords.Contains(word))
            {
                continue;
            }
            yield return (word, Stem(word));
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

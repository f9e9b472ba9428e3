using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge;

/// <summary>Which rankers a search uses: both (the default), or one alone for measurement.</summary>
internal enum RetrievalMode
{
    Hybrid,
    Dense,
    Lexical,
}

/// <summary>A lexical ranker over an index's rows (row numbers from 0), best first, scores in [0, 1].</summary>
internal interface ILexicalRanker
{
    IReadOnlyList<(int Row, double Score)> Search(string query, int top);
}

/// <summary>The in-process TF-IDF cosine index as a ranker: what the turn uses (docs/adr/0005-lexical-retrieval.md).</summary>
internal sealed class TextIndexRanker(IReadOnlyList<string> texts) : ILexicalRanker
{
    private readonly TextIndex<int> _index = new(texts.Select((text, row) => (row, text)));

    public int Count => _index.Count;

    public IReadOnlyList<(int Row, double Score)> Search(string query, int top) => _index.Search(query, top);
}

/// <summary>
/// Rows of text indexed twice, by unit vectors and by TF-IDF terms, and ranked by dense cosine plus a
/// weighted lexical cosine. Knows nothing of passages or firms, so the benchmark measures exactly
/// this code at sizes no firm pack reaches.
/// </summary>
internal sealed class HybridIndex
{
    /// <summary>
    /// How much the lexical cosine adds to the dense one by default. Dense similarity carries the
    /// ranking; the weight was chosen by `./tandem eval retrieval` (docs/benchmarks.md, "Retrieval").
    /// </summary>
    public const float DefaultLexicalWeight = 0.4f;

    private readonly ILexicalRanker _lexical;
    private readonly float[] _vectors;
    private readonly QuantizedVectors _quantized;
    private readonly int _dimensions;

    /// <param name="lexicalTexts">One text per row, for the lexical index.</param>
    /// <param name="vectors">One L2-normalised vector per row, laid end to end.</param>
    /// <param name="lexical">Another lexical ranker over the same rows (measurement of the database's full-text index); null: the in-process TF-IDF index.</param>
    public HybridIndex(IReadOnlyList<string> lexicalTexts, float[] vectors, int dimensions, RetrievalMode mode, float lexicalWeight, ILexicalRanker? lexical = null)
    {
        ArgumentNullException.ThrowIfNull(lexicalTexts);
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Length != lexicalTexts.Count * dimensions)
        {
            throw new ArgumentException($"{lexicalTexts.Count} texts need {lexicalTexts.Count * dimensions} floats, not {vectors.Length}.", nameof(vectors));
        }
        Mode = mode;
        LexicalWeight = lexicalWeight;
        _dimensions = dimensions;
        _vectors = vectors;
        _quantized = QuantizedVectors.From(vectors, dimensions);
        _lexical = lexical ?? new TextIndexRanker(lexicalTexts);
        Count = lexicalTexts.Count;
    }

    public int Count { get; }

    public RetrievalMode Mode { get; }

    public float LexicalWeight { get; }

    /// <summary>The dense cosine of one row with the query, whatever ranked it (the hybrid score mixes in the lexical one).</summary>
    public float Dense(ReadOnlySpan<float> queryVector, int row) =>
        Math.Max(0, VectorMath.Cosine(queryVector, _vectors.AsSpan(row * _dimensions, _dimensions)));

    /// <summary>The best <paramref name="top"/> rows, best first, ties to the lower row.</summary>
    /// <param name="mode">Another ranking than the index's own, for one search (the admin search shows each).</param>
    public IReadOnlyList<ScoredRow> Search(string query, ReadOnlySpan<float> queryVector, int top, RetrievalMode? mode = null)
    {
        var searchMode = mode ?? Mode;
        var candidates = Math.Max(top * 4, 20);
        var scores = new Dictionary<int, float>();
        if (searchMode != RetrievalMode.Lexical)
        {
            foreach (var row in VectorMath.TopK(queryVector, _quantized, _vectors, Math.Min(candidates, Count)))
            {
                scores[row.Row] = Math.Max(0, row.Score);
            }
        }
        if (searchMode != RetrievalMode.Dense)
        {
            foreach (var (row, lexical) in _lexical.Search(query, candidates))
            {
                if (searchMode == RetrievalMode.Lexical)
                {
                    scores[row] = (float)lexical;
                    continue;
                }
                var dense = scores.TryGetValue(row, out var d) ? d : VectorMath.Cosine(queryVector, _vectors.AsSpan(row * _dimensions, _dimensions));
                scores[row] = Math.Max(0, dense) + (LexicalWeight * (float)lexical);
            }
        }
        return [.. scores
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key)
            .Take(top)
            .Select(kv => new ScoredRow(kv.Key, kv.Value))];
    }
}

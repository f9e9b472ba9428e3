using System.Numerics.Tensors;

namespace Tandem.Server.Knowledge.Embeddings;

/// <summary>A row of a vector matrix and its similarity to a query.</summary>
internal readonly record struct ScoredRow(int Row, float Score);

/// <summary>
/// Similarity search over L2-normalised vectors. Brute force is deliberate: at FAQ and policy scale
/// (10³–10⁴ passages) a SIMD scan of a contiguous matrix takes well under a millisecond, so a
/// vector database would add a moving part and no speed.
/// </summary>
internal static class VectorMath
{
    /// <summary>
    /// Cosine similarity of two vectors that are already unit length, which is then just their dot
    /// product; <see cref="TensorPrimitives.CosineSimilarity(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
    /// would recompute both norms on every call.
    /// </summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"The vectors differ in length ({a.Length} and {b.Length}).", nameof(b));
        }
        return TensorPrimitives.Dot(a, b);
    }

    /// <summary>
    /// The <paramref name="k"/> rows of <paramref name="matrix"/> (rows of <c>query.Length</c> floats,
    /// laid end to end) most similar to <paramref name="query"/>, best first. Ties keep the lower row
    /// first, so results are stable across runs.
    /// </summary>
    public static ScoredRow[] TopK(ReadOnlySpan<float> query, ReadOnlySpan<float> matrix, int k)
    {
        var rows = RowCount(query, matrix);
        var found = new ScoredRow[Math.Clamp(k, 0, rows)];
        var count = TopK(query, matrix, found);
        return count == found.Length ? found : found[..count];
    }

    /// <summary>
    /// Writes the best <c>best.Length</c> rows into <paramref name="best"/>, best first, and returns
    /// how many were written (fewer when the matrix has fewer rows). Allocates nothing, so a caller
    /// searching on every message can reuse one buffer.
    /// </summary>
    public static int TopK(ReadOnlySpan<float> query, ReadOnlySpan<float> matrix, Span<ScoredRow> best)
    {
        var rows = RowCount(query, matrix);
        var dimensions = query.Length;
        var count = 0;
        for (var row = 0; row < rows; row++)
        {
            var score = TensorPrimitives.Dot(query, matrix.Slice(row * dimensions, dimensions));
            // A NaN row (a corrupt vector) must not displace real matches; NaN fails every comparison.
            if (float.IsNaN(score) || best.Length == 0 || (count == best.Length && !(score > best[count - 1].Score)))
            {
                continue;
            }
            // Insertion into a short sorted buffer: k is small, and most rows fail the test above.
            var at = count < best.Length ? count++ : count - 1;
            while (at > 0 && score > best[at - 1].Score)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = new ScoredRow(row, score);
        }
        return count;
    }

    private static int RowCount(ReadOnlySpan<float> query, ReadOnlySpan<float> matrix)
    {
        if (query.IsEmpty)
        {
            throw new ArgumentException("The query vector is empty.", nameof(query));
        }
        if (matrix.Length % query.Length != 0)
        {
            throw new ArgumentException(
                $"The matrix length {matrix.Length} is not a whole number of {query.Length}-float rows.", nameof(matrix));
        }
        return matrix.Length / query.Length;
    }
}

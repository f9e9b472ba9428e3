using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tandem.Server.Knowledge.Embeddings;

/// <summary>A row of a vector matrix and its similarity to a query.</summary>
internal readonly record struct ScoredRow(int Row, float Score);

/// <summary>
/// The same rows as a float matrix, each scaled into signed bytes: a quarter of the memory to stream
/// through, which is what a brute-force scan of 10⁵ rows is bound by.
/// </summary>
internal sealed class QuantizedVectors
{
    private QuantizedVectors(sbyte[] data, float[] scales, int dimensions)
    {
        Data = data;
        Scales = scales;
        Dimensions = dimensions;
    }

    public sbyte[] Data { get; }

    /// <summary>Per row, the factor that turns a byte back into the float it stands for.</summary>
    public float[] Scales { get; }

    public int Dimensions { get; }

    public int Rows => Scales.Length;

    /// <summary>Scales each row by its own largest magnitude, so small components keep their precision.</summary>
    public static QuantizedVectors From(ReadOnlySpan<float> matrix, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var rows = matrix.Length / dimensions;
        var data = new sbyte[rows * dimensions];
        var scales = new float[rows];
        for (var row = 0; row < rows; row++)
        {
            scales[row] = Quantize(matrix.Slice(row * dimensions, dimensions), data.AsSpan(row * dimensions, dimensions));
        }
        return new QuantizedVectors(data, scales, dimensions);
    }

    /// <summary>Writes the row as bytes and returns the scale that maps them back.</summary>
    public static float Quantize(ReadOnlySpan<float> row, Span<sbyte> into)
    {
        var max = TensorPrimitives.MaxMagnitude(row);
        var largest = float.IsFinite(max) ? Math.Abs(max) : 0;
        if (largest == 0)
        {
            into.Clear();
            return 0;
        }
        var factor = 127f / largest;
        for (var i = 0; i < row.Length; i++)
        {
            into[i] = (sbyte)Math.Clamp(MathF.Round(row[i] * factor), -127, 127);
        }
        return largest / 127f;
    }
}

/// <summary>
/// Similarity search over L2-normalised vectors. Brute force is deliberate: at FAQ and policy scale
/// (10³–10⁴ passages) a SIMD scan of a contiguous matrix takes well under a millisecond, so a
/// vector database would add a moving part and no speed. At 10⁵ rows the float scan is bound by
/// memory bandwidth (150 MB per query), so large indexes scan signed-byte copies of the rows and
/// re-score the best few candidates in float (<see cref="TopK(ReadOnlySpan{float}, QuantizedVectors, ReadOnlySpan{float}, int)"/>).
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

    /// <summary>Below this many rows the float scan is already fast and exact, and the byte scan is not used.</summary>
    public const int QuantizedFrom = 20_000;

    /// <summary>
    /// Top <paramref name="k"/> like <see cref="TopK(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/>, with
    /// exact float scores: rows are first ranked by their byte copies, and the best
    /// <c>max(8k, 200)</c> of those re-scored in float. Quantization moves a score by far less than the
    /// gap between the k-th and the 8k-th row, so the top k agree with the float scan's (the benchmark
    /// checks this).
    /// </summary>
    public static ScoredRow[] TopK(ReadOnlySpan<float> query, QuantizedVectors quantized, ReadOnlySpan<float> matrix, int k)
    {
        ArgumentNullException.ThrowIfNull(quantized);
        var rows = RowCount(query, matrix);
        if (rows < QuantizedFrom || quantized.Rows != rows)
        {
            return TopK(query, matrix, k);
        }
        k = Math.Clamp(k, 0, rows);
        var dimensions = query.Length;
        Span<sbyte> q8 = stackalloc sbyte[dimensions];
        QuantizedVectors.Quantize(query, q8);
        Span<short> q16 = stackalloc short[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            q16[i] = q8[i];
        }
        var candidates = new ScoredRow[Math.Min(rows, Math.Max(k * 8, 200))];
        var count = 0;
        var data = quantized.Data;
        for (var row = 0; row < rows; row++)
        {
            var score = DotInt8(q16, data.AsSpan(row * dimensions, dimensions)) * quantized.Scales[row];
            if (count == candidates.Length && !(score > candidates[count - 1].Score))
            {
                continue;
            }
            var at = count < candidates.Length ? count++ : count - 1;
            while (at > 0 && score > candidates[at - 1].Score)
            {
                candidates[at] = candidates[at - 1];
                at--;
            }
            candidates[at] = new ScoredRow(row, score);
        }
        var best = new ScoredRow[k];
        var kept = 0;
        for (var c = 0; c < count; c++)
        {
            var row = candidates[c].Row;
            var score = TensorPrimitives.Dot(query, matrix.Slice(row * dimensions, dimensions));
            if (float.IsNaN(score) || k == 0 || (kept == k && !(score > best[kept - 1].Score || (score == best[kept - 1].Score && row < best[kept - 1].Row))))
            {
                continue;
            }
            var at = kept < k ? kept++ : kept - 1;
            while (at > 0 && (score > best[at - 1].Score || (score == best[at - 1].Score && row < best[at - 1].Row)))
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = new ScoredRow(row, score);
        }
        return kept == k ? best : best[..kept];
    }

    /// <summary>Dot product of a query widened to 16 bits and a row of bytes, in 32-bit integers.</summary>
    internal static int DotInt8(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> row)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && row.Length >= 16)
        {
            var acc = Vector256<int>.Zero;
            for (; i + 16 <= row.Length; i += 16)
            {
                var r = Avx2.ConvertToVector256Int16(Vector128.Create(row.Slice(i, 16)));
                // vpmaddwd: multiplies 16 pairs of shorts and adds neighbours into 8 ints, without overflow.
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(r, Vector256.Create(query.Slice(i, 16))));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < row.Length; i++)
        {
            sum += query[i] * row[i];
        }
        return sum;
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

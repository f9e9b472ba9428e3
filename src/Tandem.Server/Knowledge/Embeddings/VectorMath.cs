using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tandem.Server.Knowledge.Embeddings;

/// <summary>A row of a vector matrix and its similarity to a query.</summary>
internal readonly record struct ScoredRow(int Row, float Score);

/// <summary>
/// The same rows as a float matrix, each scaled into signed bytes (a quarter of the memory to stream
/// through, which is what a brute-force scan of 10⁵ rows is bound by) and reduced to one sign bit per
/// component (a thirty-second: 48 bytes a row at 384 dimensions, 4.8 MB for 10⁵ rows, which stays in cache).
/// </summary>
internal sealed class QuantizedVectors
{
    private QuantizedVectors(sbyte[] data, float[] scales, ulong[] signs, int dimensions)
    {
        Data = data;
        Scales = scales;
        Signs = signs;
        Dimensions = dimensions;
    }

    public sbyte[] Data { get; }

    /// <summary>Per row, <see cref="WordsPerRow"/> words whose bits are set where the component is negative.</summary>
    public ulong[] Signs { get; }

    public int WordsPerRow => (Dimensions + 63) / 64;

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
        var words = (dimensions + 63) / 64;
        var signs = new ulong[rows * words];
        for (var row = 0; row < rows; row++)
        {
            var vector = matrix.Slice(row * dimensions, dimensions);
            scales[row] = Quantize(vector, data.AsSpan(row * dimensions, dimensions));
            SignBits(vector, signs.AsSpan(row * words, words));
        }
        return new QuantizedVectors(data, scales, signs, dimensions);
    }

    /// <summary>Sets bit i of the words where component i is negative.</summary>
    public static void SignBits(ReadOnlySpan<float> row, Span<ulong> into)
    {
        into.Clear();
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] < 0)
            {
                into[i >> 6] |= 1UL << (i & 63);
            }
        }
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
/// memory bandwidth (150 MB per query), so large indexes first compare sign bits, then bytes for the
/// closest tenth, and re-score the best few candidates in float (<see cref="TopK(ReadOnlySpan{float}, QuantizedVectors, ReadOnlySpan{float}, int)"/>).
/// </summary>
internal static class VectorMath
{
    /// <summary>The rows laid end to end (row i = vector i), the layout <see cref="TopK(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/> scans.</summary>
    public static float[] Matrix(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var dimensions = rows.Count == 0 ? 0 : rows[0].Length;
        var matrix = new float[rows.Count * dimensions];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(matrix, i * dimensions);
        }
        return matrix;
    }

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

    /// <summary>Below this many rows the float scan is already fast and exact, and the quantized stages are not used.</summary>
    public const int QuantizedFrom = 20_000;

    /// <summary>
    /// The share of rows the sign-bit stage passes on to the byte stage (one in <c>ShortlistDivisor</c>,
    /// at least <see cref="MinShortlist"/>). Measured on the synthetic corpus (docs/benchmarks.md,
    /// "Synthetic corpus"): random vectors are the worst case for sign bits, since no neighbour is close.
    /// </summary>
    public const int ShortlistDivisor = 10;

    public const int MinShortlist = 2_000;

    /// <summary>
    /// Top <paramref name="k"/> like <see cref="TopK(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/>, with
    /// exact float scores, in three stages that each read less than the float matrix: (1) the Hamming
    /// distance of every row's sign bits to the query's (48 bytes a row, counted into a histogram, so
    /// the cut-off for the best tenth is found without sorting); (2) the byte dot product of those rows;
    /// (3) the best <c>max(8k, 200)</c> of those re-scored in float. Approximate: a true top-k row can be
    /// lost at stage 1; the benchmark reports recall@10 against the float scan.
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

        // Stage 1: sign bits.
        var words = quantized.WordsPerRow;
        Span<ulong> queryBits = stackalloc ulong[words];
        QuantizedVectors.SignBits(query, queryBits);
        var distances = ArrayPool<ushort>.Shared.Rent(rows);
        try
        {
            Span<int> histogram = stackalloc int[dimensions + 1];
            histogram.Clear();
            HammingDistances(queryBits, quantized.Signs, words, distances.AsSpan(0, rows), histogram);
            var shortlist = Math.Min(rows, Math.Max(rows / ShortlistDivisor, MinShortlist));
            var cutoff = 0;
            var seen = histogram[0];
            while (seen < shortlist && cutoff < dimensions)
            {
                cutoff++;
                seen += histogram[cutoff];
            }

            // Stage 2: bytes, for the rows within the cut-off distance.
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
            var scales = quantized.Scales;
            for (var row = 0; row < rows; row++)
            {
                if (distances[row] > cutoff)
                {
                    continue;
                }
                var score = DotInt8(q16, data.AsSpan(row * dimensions, dimensions)) * scales[row];
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

            // Stage 3: exact float scores for the best candidates.
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
        finally
        {
            ArrayPool<ushort>.Shared.Return(distances);
        }
    }

    /// <summary>Hamming distance of each row's sign bits to the query's, and how many rows have each distance.</summary>
    private static void HammingDistances(ReadOnlySpan<ulong> query, ulong[] signs, int words, Span<ushort> distances, Span<int> histogram)
    {
        if (words == 6)
        {
            // 384 dimensions (MiniLM): the loop unrolled, with the query held in registers.
            var (q0, q1, q2, q3, q4, q5) = (query[0], query[1], query[2], query[3], query[4], query[5]);
            for (int row = 0, at = 0; row < distances.Length; row++, at += 6)
            {
                var d = BitOperations.PopCount(signs[at] ^ q0) + BitOperations.PopCount(signs[at + 1] ^ q1)
                    + BitOperations.PopCount(signs[at + 2] ^ q2) + BitOperations.PopCount(signs[at + 3] ^ q3)
                    + BitOperations.PopCount(signs[at + 4] ^ q4) + BitOperations.PopCount(signs[at + 5] ^ q5);
                distances[row] = (ushort)d;
                histogram[d]++;
            }
            return;
        }
        for (var row = 0; row < distances.Length; row++)
        {
            var d = 0;
            for (var w = 0; w < words; w++)
            {
                d += BitOperations.PopCount(signs[(row * words) + w] ^ query[w]);
            }
            distances[row] = (ushort)d;
            histogram[d]++;
        }
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

using System.Numerics.Tensors;

namespace Tandem.Server.Understanding;

/// <summary>
/// The training messages' sentence vectors for the heads' neighbour vote (format 2, round 5): each head's
/// probability is blended with the weighted share of its signal among the message's nearest training messages.
/// Stored once for every head, as half-precision floats in base64 (a cosine moves by about 1e-3; the vote's
/// order of neighbours is what matters), each head naming its rows and their labels.
/// </summary>
internal sealed record SignalNeighboursFile
{
    public required int K { get; init; }
    public required float Tau { get; init; }

    /// <summary>w in (1 − w)·head + w·vote.</summary>
    public required float Weight { get; init; }

    public required int Dimensions { get; init; }

    /// <summary>
    /// True when a clause head takes the vote for each clause as well as the whole message and blends each with that
    /// clause's own score (round 6, <c>--clause-vote</c>); false: the whole message's vote alone.
    /// </summary>
    public bool Clauses { get; init; }

    /// <summary>Row-major half-precision floats, little-endian, base64.</summary>
    public required string Vectors { get; init; }

    public static string Encode(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var d = rows.Count == 0 ? 0 : rows[0].Length;
        var bytes = new byte[rows.Count * d * 2];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < d; j++)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(((i * d) + j) * 2, 2), (Half)rows[i][j]);
            }
        }
        return Convert.ToBase64String(bytes);
    }

    public float[] Decode()
    {
        var bytes = Convert.FromBase64String(Vectors);
        if (Dimensions <= 0 || bytes.Length % (Dimensions * 2) != 0)
        {
            throw new InvalidDataException($"The signal heads' neighbour vectors are {bytes.Length} bytes, not a whole number of {Dimensions}-float rows.");
        }
        var matrix = new float[bytes.Length / 2];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = (float)BitConverter.ToHalf(bytes, i * 2);
        }
        return matrix;
    }
}

/// <summary>The neighbour vote at run time: the matrix decoded once, the similarities computed once per message for every head.</summary>
internal sealed class SignalNeighbours(SignalNeighboursFile file)
{
    private readonly float[] _matrix = file.Decode();

    public int Dimensions => file.Dimensions;

    public float Weight => file.Weight;

    /// <summary>See <see cref="SignalNeighboursFile.Clauses"/>.</summary>
    public bool PerClause => file.Clauses;

    /// <summary>The cosine of the sentence vector with every training message's.</summary>
    public float[] Similarities(ReadOnlySpan<float> sentenceVector)
    {
        var scores = new float[Rows];
        for (var r = 0; r < scores.Length; r++)
        {
            scores[r] = Similarity(sentenceVector, r);
        }
        return scores;
    }

    /// <summary>
    /// <see cref="Similarities(ReadOnlySpan{float})"/> of the given rows only; the others are left at 0. A head's vote
    /// reads its own rows, and a turn asks only the heads whose signals nothing else decided (round 21: 1,443 of the shipped
    /// file's 8,629 rows, where scoring all of them took 2–4 ms a message).
    /// </summary>
    public float[] Similarities(ReadOnlySpan<float> sentenceVector, int[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scores = new float[Rows];
        foreach (var r in rows)
        {
            scores[r] = Similarity(sentenceVector, r);
        }
        return scores;
    }

    private int Rows => _matrix.Length / file.Dimensions;

    private float Similarity(ReadOnlySpan<float> sentenceVector, int row) =>
        TensorPrimitives.Dot(sentenceVector[..file.Dimensions], _matrix.AsSpan(row * file.Dimensions, file.Dimensions));

    /// <summary>The weighted share of positives among the head's K nearest rows, each weighted exp((cos − cos_best)/τ).</summary>
    public double Vote(float[] similarities, int[] rows, string labels)
    {
        ArgumentNullException.ThrowIfNull(similarities);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        return Vote(similarities, rows, i => labels[i] == '1', file.K, file.Tau);
    }

    /// <summary>The vote over the given rows (indices into <paramref name="similarities"/>); ties keep the lower index, so it is stable.</summary>
    internal static double Vote(IReadOnlyList<float> similarities, IReadOnlyList<int> rows, Func<int, bool> positive, int k, double tau)
    {
        var best = new List<(float Score, int At)>(k + 1);
        for (var i = 0; i < rows.Count; i++)
        {
            var score = similarities[rows[i]];
            if (best.Count == k && !(score > best[^1].Score))
            {
                continue;
            }
            var at = best.Count;
            while (at > 0 && score > best[at - 1].Score)
            {
                at--;
            }
            best.Insert(at, (score, i));
            if (best.Count > k)
            {
                best.RemoveAt(best.Count - 1);
            }
        }
        if (best.Count == 0)
        {
            return 0;
        }
        double share = 0, total = 0;
        foreach (var (score, at) in best)
        {
            var w = Math.Exp((score - best[0].Score) / tau);
            total += w;
            share += positive(at) ? w : 0;
        }
        return share / total;
    }
}

using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Understanding.Classification;

/// <summary>
/// A cosine k-nearest-neighbour vote over the training examples' sentence vectors, as a probability
/// vector over a given label order, to be averaged with the linear head's. The two err differently:
/// the linear head draws one boundary per label, while the vote follows the examples themselves, so a
/// query close to a few paraphrases of a rare phrasing is pulled to their label.
/// </summary>
/// <remarks>
/// Each of the <see cref="K"/> nearest examples votes with weight exp((cos − cos_best) / τ): a small τ
/// lets the nearest few decide, a large one counts heads. Scanning 15,000 vectors of 384 floats is about
/// 6 million multiply-adds a query (docs/benchmarks.md, "Round 4 (issue 4)").
/// </remarks>
internal sealed class NeighbourVote
{
    private readonly float[] _matrix;
    private readonly int[] _labelOfRow;
    private readonly int _labelCount;

    public NeighbourVote(IReadOnlyList<float[]> vectors, IReadOnlyList<string> labels, IReadOnlyList<string> labelOrder, int k, double tau)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(labelOrder);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tau);
        if (vectors.Count != labels.Count || vectors.Count == 0)
        {
            throw new ArgumentException("The vote needs one label per vector, and at least one vector.");
        }
        var index = labelOrder.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        _labelOfRow = [.. labels.Select(l => index.TryGetValue(l, out var i) ? i : throw new ArgumentException($"The label '{l}' is not in the label order.", nameof(labels)))];
        _labelCount = labelOrder.Count;
        _matrix = VectorMath.Matrix(vectors);
        K = Math.Min(k, vectors.Count);
        Tau = tau;
    }

    public int K { get; }

    public double Tau { get; }

    /// <summary>The vote's share per label, in the label order given at construction; sums to 1.</summary>
    public float[] Probabilities(float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var votes = new double[_labelCount];
        var nearest = VectorMath.TopK(vector, _matrix, K);
        foreach (var (row, score) in nearest)
        {
            votes[_labelOfRow[row]] += Math.Exp((score - nearest[0].Score) / Tau);
        }
        var total = votes.Sum();
        return [.. votes.Select(v => (float)(v / total))];
    }

    /// <summary>(1 − w)·<paramref name="head"/> + w·<paramref name="vote"/>: both sum to 1, so the mixture does too.</summary>
    public static float[] Mix(float[] head, float[] vote, double weight)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(vote);
        if (head.Length != vote.Length)
        {
            throw new ArgumentException("Both probability vectors must cover the same labels.");
        }
        return [.. head.Select((p, i) => (float)((1 - weight) * p + weight * vote[i]))];
    }
}

using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Understanding.Classification;

/// <summary>
/// The label of the most similar training example by cosine of sentence vectors: what the firm's
/// Understander does with its topic examples. Kept here as the baseline the linear head must beat,
/// and because with a handful of examples per label there is nothing to fit.
/// </summary>
internal sealed class NearestAnchorHead
{
    private readonly float[] _matrix;
    private readonly int[] _labelOfRow;

    public NearestAnchorHead(IReadOnlyList<float[]> vectors, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(labels);
        Labels = [.. labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var index = Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        _labelOfRow = [.. labels.Select(l => index[l])];
        _matrix = VectorMath.Matrix(vectors);
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Per label, the cosine of its most similar example (0 when none is positive).</summary>
    public float[] Scores(float[] vector)
    {
        var scores = new float[Labels.Count];
        foreach (var (row, score) in VectorMath.TopK(vector, _matrix, Math.Min(50, _labelOfRow.Length)))
        {
            scores[_labelOfRow[row]] = Math.Max(scores[_labelOfRow[row]], score);
        }
        return scores;
    }
}

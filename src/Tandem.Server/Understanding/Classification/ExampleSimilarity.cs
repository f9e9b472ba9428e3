using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Understanding.Classification;

/// <summary>
/// How close a query lies to the in-scope training examples: the mean cosine of its <see cref="Count"/>
/// most similar examples. An off-topic question is far from all of them however a softmax splits its
/// mass; the mean of a few rather than the single nearest, so one stray example does not vouch for it.
/// </summary>
internal sealed class ExampleSimilarity
{
    private readonly float[] _matrix;

    public ExampleSimilarity(IReadOnlyList<float[]> vectors, int count = 5)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (vectors.Count == 0)
        {
            throw new ArgumentException("Similarity needs at least one example.", nameof(vectors));
        }
        var dimensions = vectors[0].Length;
        _matrix = new float[vectors.Count * dimensions];
        for (var i = 0; i < vectors.Count; i++)
        {
            vectors[i].CopyTo(_matrix, i * dimensions);
        }
        Count = Math.Min(count, vectors.Count);
    }

    public int Count { get; }

    public float Of(float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var nearest = VectorMath.TopK(vector, _matrix, Count);
        return nearest.Length == 0 ? 0 : nearest.Average(n => n.Score);
    }
}

namespace Tandem.Server.Knowledge.Embeddings;

internal static class EmbedderExtensions
{
    /// <summary>Embeds the texts in one batch into a row-major matrix (row i = text i), the layout <see cref="VectorMath.TopK(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/> scans.</summary>
    public static float[] EmbedMatrix(this ITextEmbedder embedder, IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        return VectorMath.Matrix(embedder.EmbedBatch(texts));
    }
}

namespace Tandem.Server.Knowledge.Embeddings;

internal static class EmbedderExtensions
{
    /// <summary>Embeds the texts in one batch into a row-major matrix (row i = text i), the layout <see cref="VectorMath.TopK(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/> scans.</summary>
    public static float[] EmbedMatrix(this ITextEmbedder embedder, IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        var rows = embedder.EmbedBatch(texts);
        var matrix = new float[rows.Length * embedder.Dimensions];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i].CopyTo(matrix, i * embedder.Dimensions);
        }
        return matrix;
    }
}

namespace Tandem.Server.Knowledge.Embeddings;

/// <summary>
/// Turns text into a fixed-length, L2-normalised vector, so that the dot product of two vectors is
/// their cosine similarity. A seam because a firm may point Tandem at an external embedding service
/// instead of the embedded model.
/// </summary>
internal interface ITextEmbedder
{
    /// <summary>The length of every vector this embedder returns.</summary>
    int Dimensions { get; }

    /// <summary>
    /// Names the model and the exact package it came from. Vectors made under different ids are not
    /// comparable, so audit records and stored indexes keep it beside the vectors.
    /// </summary>
    string ModelId { get; }

    float[] Embed(string text);

    /// <summary>Embeds every text; the result has one vector per text, in the same order.</summary>
    float[][] EmbedBatch(IReadOnlyList<string> texts);
}

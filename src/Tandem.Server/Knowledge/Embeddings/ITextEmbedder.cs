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

    /// <summary>
    /// The sentence vector and, from the same model call, the element-wise maximum of the token states
    /// (<see cref="PooledVectors"/>). An embedder without token states (an external service) returns the
    /// sentence vector alone.
    /// </summary>
    PooledVectors EmbedPooled(string text) => new(Embed(text), null);

    /// <summary><see cref="EmbedPooled(string)"/> for every text, in the same order.</summary>
    PooledVectors[] EmbedPooledBatch(IReadOnlyList<string> texts) => [.. EmbedBatch(texts).Select(v => new PooledVectors(v, null))];

    /// <summary>
    /// The sentence vector and, from the same model call, one vector for each character span of the text
    /// (<see cref="PooledVectors.Spans"/>): the mean of the token states of the span's own tokens, which the model
    /// computed reading the whole message. An embedder without token states returns the sentence vector alone.
    /// </summary>
    PooledVectors EmbedSpans(string text, IReadOnlyList<(int Start, int End)> spans) => new(Embed(text), null);

    /// <summary><see cref="EmbedSpans(string, IReadOnlyList{ValueTuple{int, int}})"/> for every text, in the same order.</summary>
    PooledVectors[] EmbedSpansBatch(IReadOnlyList<string> texts, IReadOnlyList<IReadOnlyList<(int Start, int End)>> spans) =>
        [.. EmbedBatch(texts).Select(v => new PooledVectors(v, null))];
}

/// <summary>
/// What one model call gives a message: <see cref="Mean"/>, the sentence vector every other feature uses
/// (mean of the token states, L2-normalised; unchanged by this record), and <see cref="TokenMax"/>, the
/// element-wise maximum of the same token states over the message's words ([CLS] and [SEP] left out), not
/// normalised. Averaging dilutes one decisive phrase in a long message ("…and honestly I don't see the
/// point of anything anymore…"); the maximum keeps it. Null when the embedder has no token states.
/// </summary>
internal sealed record PooledVectors(float[] Mean, float[]? TokenMax)
{
    /// <summary>
    /// One vector per character span asked for (a message's clauses, for the signal heads of round 6): the mean of
    /// the token states of the span's tokens, L2-normalised, from the message's one model call, so each clause is
    /// read in the context of the whole message. A span with no token of its own (cut off at the model's length)
    /// gets the sentence vector. Null when no spans were asked for or the embedder has no token states.
    /// </summary>
    public float[][]? Spans { get; init; }

    /// <summary>
    /// The signal encoder's fine-tuned sentence vector of the same text, when the one model call ran its tuned layers
    /// beside the shipped ones (<see cref="MiniLmEmbedder.EmbedBeside"/>); null otherwise.
    /// </summary>
    public float[]? Tuned { get; init; }

    /// <summary>
    /// The vectors of the text the signal heads and the encoder read when it is not the text as typed (identifiers
    /// taken out, <see cref="Understanding.SignalHeads.Words"/>): its shipped sentence vector and its tuned one, from
    /// one model call beside the message's own (<see cref="Understanding.SignalEncoder.EmbedBeside"/>); null otherwise.
    /// </summary>
    public PooledVectors? OfWords { get; init; }
}

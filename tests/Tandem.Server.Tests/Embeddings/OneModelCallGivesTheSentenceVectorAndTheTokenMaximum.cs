using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Tests.Embeddings;

/// <summary>
/// The signal heads read the token states' maximum beside the sentence vector, from the same model call; the
/// sentence vector that knowledge, topics and the anchors rely on must not change for it.
/// </summary>
[Collection(SharedEmbeddingModel.Name)]
public sealed class OneModelCallGivesTheSentenceVectorAndTheTokenMaximum(EmbeddingModel model)
{
    [Theory]
    [InlineData("where's my order?")]
    [InlineData("I've waited in three times now for this sofa and honestly I don't see the point of anything anymore")]
    [InlineData("")]
    public void ThePooledSentenceVectorIsTheSentenceVector(string text)
    {
        var pooled = model.Embedder.EmbedPooled(text);

        Assert.Equal(model.Embedder.Embed(text), pooled.Mean);
        Assert.NotNull(pooled.TokenMax);
        Assert.Equal(model.Embedder.Dimensions, pooled.TokenMax.Length);
        Assert.All(pooled.TokenMax, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void PaddingInABatchNeverBecomesAShortMessagesMaximum()
    {
        // Batched with a long letter, "agent" is padded to the letter's length; the padding must stay out of its maximum.
        string[] texts =
        [
            "agent",
            "Dear Sir or Madam, I am writing about the corner sofa delivered on the 3rd, which arrived with a torn arm and a missing leg. I have telephoned twice and been promised a call back both times, and nobody has rung.",
        ];

        var batch = model.Embedder.EmbedPooledBatch(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            var alone = model.Embedder.EmbedPooled(texts[i]);
            Assert.Equal(alone.Mean, batch[i].Mean, (a, b) => Math.Abs(a - b) < 1e-5f);
            Assert.Equal(alone.TokenMax!, batch[i].TokenMax!, (a, b) => Math.Abs(a - b) < 1e-4f);
        }
    }

    [Fact]
    public void AnEmbedderWithoutTokenStatesGivesTheSentenceVectorAlone()
    {
        ITextEmbedder external = new SentenceOnlyEmbedder(model.Embedder);

        var pooled = external.EmbedPooled("can I speak to someone please");

        Assert.Equal(model.Embedder.Embed("can I speak to someone please"), pooled.Mean);
        Assert.Null(pooled.TokenMax);
    }

    /// <summary>An embedding service that returns sentence vectors only, as an external one would.</summary>
    private sealed class SentenceOnlyEmbedder(MiniLmEmbedder inner) : ITextEmbedder
    {
        public int Dimensions => inner.Dimensions;

        public string ModelId => inner.ModelId;

        public float[] Embed(string text) => inner.Embed(text);

        public float[][] EmbedBatch(IReadOnlyList<string> texts) => inner.EmbedBatch(texts);
    }
}

namespace Tandem.Server.Tests.Embeddings;

[Collection(SharedEmbeddingModel.Name)]
public sealed class ABatchEmbedsEachTextAsIfItWereAlone(EmbeddingModel model)
{
    [Fact]
    public void TextsOfMixedLengthsArePaddedWithoutChangingTheirVectors()
    {
        string[] texts =
        [
            "refund",
            "Hi, I ordered a kettle last week and it still hasn't arrived, can you help? The order number is BW-123456.",
            "",
            "Can I return an item after 30 days?",
        ];

        var batch = model.Embedder.EmbedBatch(texts);

        Assert.Equal(texts.Length, batch.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            AssertClose(model.Embedder.Embed(texts[i]), batch[i]);
        }
    }

    [Fact]
    public void ABatchLargerThanOneModelCallKeepsItsOrder()
    {
        // 70 texts span three model calls of at most 32, which group texts by length; the lengths
        // here rise and fall so that the grouping reorders them.
        var texts = Enumerable.Range(0, 70)
            .Select(i => $"Question {i}: where is parcel {i * 7919}?{string.Concat(Enumerable.Repeat(" Still waiting.", (i * 37) % 11))}")
            .ToArray();

        var batch = model.Embedder.EmbedBatch(texts);

        Assert.Equal(70, batch.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            AssertClose(model.Embedder.Embed(texts[i]), batch[i]);
        }
    }

    [Fact]
    public void AnEmptyBatchGivesNoVectors() => Assert.Empty(model.Embedder.EmbedBatch([]));

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var d = 0; d < expected.Length; d++)
        {
            Assert.Equal(expected[d], actual[d], 1e-5f);
        }
    }
}

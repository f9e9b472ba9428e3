using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Tests.Embeddings;

/// <summary>
/// One model for all embedding tests: loading it takes about half a second and ~90 MB, and it holds
/// no state that a test could change.
/// </summary>
public sealed class EmbeddingModel : IDisposable
{
    internal MiniLmEmbedder Embedder { get; } = new();

    public void Dispose() => Embedder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SharedEmbeddingModel : ICollectionFixture<EmbeddingModel>
{
    public const string Name = "Embedding model";
}

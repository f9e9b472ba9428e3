namespace Tandem.Server.Tests.Embeddings;

[Collection(SharedEmbeddingModel.Name)]
public sealed class ConcurrentCallsGiveIdenticalVectors(EmbeddingModel model)
{
    [Fact]
    public async Task ManyThreadsSharingOneEmbedderGetWhatOneThreadGets()
    {
        string[] texts =
        [
            "My item arrived damaged",
            "How do I reset my password",
            "I put the wrong postcode on my order",
            "£6.95 delivery",
            "",
        ];
        var singles = texts.Select(model.Embedder.Embed).ToArray();
        var batch = model.Embedder.EmbedBatch(texts);
        const int Threads = 8, Rounds = 20;
        using var start = new Barrier(Threads);

        // Dedicated threads held at a barrier, so the calls really overlap even on two cores.
        var results = await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return Enumerable.Range(0, Rounds)
                    .SelectMany(_ => t % 2 == 0 ? texts.Select(model.Embedder.Embed).ToArray() : model.Embedder.EmbedBatch(texts))
                    .ToArray();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        for (var t = 0; t < Threads; t++)
        {
            var expected = t % 2 == 0 ? singles : batch;
            Assert.Equal(texts.Length * Rounds, results[t].Length);
            for (var i = 0; i < results[t].Length; i++)
            {
                Assert.Equal(expected[i % texts.Length], results[t][i]);
            }
        }
    }
}

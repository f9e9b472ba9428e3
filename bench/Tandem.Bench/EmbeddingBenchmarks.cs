using BenchmarkDotNet.Attributes;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Bench;

/// <summary>
/// Single-message latency is what a customer waits for; batch throughput is what indexing a firm's
/// knowledge costs. Both with one ORT thread (the serving setting) and two (the machine's cores).
/// </summary>
[MemoryDiagnoser]
public class EmbeddingBenchmarks
{
    private MiniLmEmbedder _embedder = null!;
    private string[] _batch = [];

    [Params(1, 2)]
    public int IntraOpThreads { get; set; }

    [GlobalSetup]
    public void Load()
    {
        _embedder = new MiniLmEmbedder(IntraOpThreads);
        _batch = Messages.Batch(MiniLmEmbedder.MaxBatchSize);
    }

    [GlobalCleanup]
    public void Unload() => _embedder.Dispose();

    [Benchmark(Description = "one message")]
    public float[] EmbedOne() => _embedder.Embed(Messages.Kettle);

    /// <summary>Throughput in messages per second is 32 divided by this time.</summary>
    [Benchmark(Description = "batch of 32 messages")]
    public float[][] EmbedBatch() => _embedder.EmbedBatch(_batch);
}

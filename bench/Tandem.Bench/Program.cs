using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Tandem.Bench;

// `report [threads]` loads the model once and prints load time, memory and latency percentiles;
// `stream [runs] [first-token-ms] [chunk-gap-ms]` prints how soon the customer sees a streamed reply's first sentence, end to end;
// `fallback [turns] [concurrency] [nobreaker]` prints how long a customer waits when the provider fails, per failure kind;
// `retrieval [sizes...]` prints search latency, build throughput and memory over a synthetic corpus;
// anything else goes to BenchmarkDotNet.
if (args is ["report", ..])
{
    ModelReport.Print(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1);
    return;
}
if (args is ["stream", ..])
{
    StreamReport.Print(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0);
    return;
}
if (args is ["fallback", ..])
{
    FallbackReport.Print(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1, !args.Contains("nobreaker"));
    return;
}
if (args is ["retrieval", ..])
{
    RetrievalReport.Print(args.Length > 1 ? [.. args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [1_000, 10_000, 100_000]);
    return;
}

var config = DefaultConfig.Instance
    .AddColumn(StatisticColumn.Median)
    .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
BenchmarkSwitcher.FromAssembly(typeof(EmbeddingBenchmarks).Assembly).Run(args, config);

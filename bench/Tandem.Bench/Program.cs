using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Tandem.Bench;

// `report [threads]` loads the model once and prints load time, memory and latency percentiles;
// anything else goes to BenchmarkDotNet.
if (args is ["report", ..])
{
    ModelReport.Print(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1);
    return;
}

var config = DefaultConfig.Instance
    .AddColumn(StatisticColumn.Median)
    .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
BenchmarkSwitcher.FromAssembly(typeof(EmbeddingBenchmarks).Assembly).Run(args, config);

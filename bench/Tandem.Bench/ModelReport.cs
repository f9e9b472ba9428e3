using System.Diagnostics;
using System.Globalization;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Bench;

/// <summary>
/// What BenchmarkDotNet cannot show: the cost of loading the model, the process's memory, and the
/// spread of single-call latencies (BenchmarkDotNet reports per-iteration averages).
/// </summary>
internal static class ModelReport
{
    public static void Print(int intraOpThreads)
    {
        Console.WriteLine($"before load:  {Memory()}");
        var started = Stopwatch.GetTimestamp();
        using var embedder = new MiniLmEmbedder(intraOpThreads);
        Console.WriteLine($"load:         {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms ({embedder.ModelId}, {intraOpThreads} ORT thread(s))");
        Console.WriteLine($"after load:   {Memory()}");

        started = Stopwatch.GetTimestamp();
        embedder.Embed(Messages.Kettle);
        Console.WriteLine($"first embed:  {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1} ms");

        for (var i = 0; i < 20; i++)
        {
            embedder.Embed(Messages.Kettle);
        }
        var latencies = new double[200];
        for (var i = 0; i < latencies.Length; i++)
        {
            started = Stopwatch.GetTimestamp();
            embedder.Embed(Messages.Kettle);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(latencies);
        Console.WriteLine(
            $"one message:  p50 {latencies[99]:F2} ms, p90 {latencies[179]:F2} ms, p99 {latencies[197]:F2} ms, max {latencies[^1]:F2} ms (200 calls after 20 warm-up)");

        var messages = Messages.Batch(1000);
        started = Stopwatch.GetTimestamp();
        embedder.EmbedBatch(messages);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"1000 messages in one EmbedBatch call: {elapsed.TotalSeconds:F2} s, {messages.Length / elapsed.TotalSeconds:F0} msg/s");
        Console.WriteLine($"after batch:  {Memory()}");
        Console.WriteLine($"managed heap: {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F0} MiB after a full collection");
    }

    // VmRSS is resident memory now, VmHWM its peak so far; both are Linux-only and in kB.
    private static string Memory()
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return $"working set {Environment.WorkingSet / 1048576.0:F0} MiB";
        }
        var fields = File.ReadLines(Status)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0] is "VmRSS" or "VmHWM")
            .Select(parts => $"{parts[0]} {long.Parse(parts[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0:F0} MiB");
        return string.Join(", ", fields);
    }
}

using System.Diagnostics;
using System.Globalization;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Understanding;

namespace SignalFineTune;

/// <summary>
/// `beside`: what running the shipped encoder's tuned layers beside the shipped ones costs and saves (round 18, ADR 0004):
/// resident memory after each session is made, and one message at a time through the shipped model, the encoder's tuned
/// model alone, both one after the other (a turn before round 18), and the combined graph asked for both vectors or for
/// the tuned one only, with one intra-op thread and with two; then callers side by side on one session (round 21).
/// Messages are the `text` column of a CSV.
/// </summary>
internal static class Beside
{
    public static int Run(Options options)
    {
        var file = options.String("data", "");
        if (!File.Exists(file))
        {
            Console.Error.WriteLine("beside needs --data FILE: a CSV with a text column (e.g. a Bitext or eval/signals file).");
            return 2;
        }
        var texts = Tandem.Server.Cli.SignalEvalCommands.ReadRows(file)?.Select(r => r.Text).Take(options.Int("messages", 300)).ToList() ?? [];
        if (texts.Count == 0)
        {
            Console.Error.WriteLine($"No rows in {file}.");
            return 2;
        }
        var encoder = SignalHeads.Shipped?.Encoder;
        if (encoder is null)
        {
            Console.Error.WriteLine("This build ships no signal encoder.");
            return 2;
        }
        Console.WriteLine($"start:                     {Resident()}");
        using var shipped = new MiniLmEmbedder();
        shipped.Embed(texts[0]);
        Console.WriteLine($"+ shipped model:           {Resident()}");
        var overrides = encoder.Overrides(MiniLmEmbedder.ModelBytes());
        using var tuned = new MiniLmEmbedder(1, overrides);
        tuned.Embed(texts[0]);
        Console.WriteLine($"+ tuned model alone:       {Resident()}");
        using var beside = new MiniLmEmbedder(1, overrides, beside: true);
        beside.EmbedBeside(texts[0]);
        using var besideTwo = new MiniLmEmbedder(2, overrides, beside: true);
        besideTwo.EmbedBeside(texts[0]);
        Console.WriteLine($"+ combined graph:          {Resident()}");

        var largest = 0.0;
        foreach (var text in texts.Take(50))
        {
            var (s, t) = beside.EmbedBeside(text);
            largest = Math.Max(largest, Math.Max(Largest(shipped.Embed(text), s), Largest(tuned.Embed(text), t)));
        }
        Console.WriteLine($"largest difference from the two models' vectors over {Math.Min(50, texts.Count)} messages: {largest:E2}");

        var runs = new (string Name, Action<string> Call)[]
        {
            ("shipped model", t => shipped.Embed(t)),
            ("tuned model alone", t => tuned.Embed(t)),
            ("both, one after the other", t => { shipped.Embed(t); tuned.Embed(t); }),
            ("combined graph, both vectors", t => beside.EmbedBeside(t)),
            ("combined graph, tuned only", t => beside.Embed(t)),
            ("combined graph, 2 threads", t => besideTwo.EmbedBeside(t)),
        };
        var times = runs.Select(_ => new List<double>()).ToArray();
        // Interleaved, so a change in the machine's load falls on every variant alike; the first pass warms up.
        for (var pass = 0; pass < 3; pass++)
        {
            foreach (var text in texts)
            {
                for (var r = 0; r < runs.Length; r++)
                {
                    var started = Stopwatch.GetTimestamp();
                    runs[r].Call(text);
                    if (pass > 0)
                    {
                        times[r].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }
        }
        Console.WriteLine($"one message at a time, {texts.Count} messages × 2 passes (ms):");
        for (var r = 0; r < runs.Length; r++)
        {
            var sorted = times[r].Order().ToArray();
            double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {runs[r].Name,-30} p50 {At(0.5),6:F2}   p90 {At(0.9),6:F2}   p99 {At(0.99),6:F2}"));
        }

        // Round 21: two intra-op threads for one message, against what they cost when turns run side by side.
        Console.WriteLine("combined graph, callers side by side on one session (each embeds every message once):");
        foreach (var callers in new[] { 1, 2, 4 })
        {
            foreach (var (name, session) in new[] { ("1 thread", beside), ("2 threads", besideTwo) })
            {
                var calls = new System.Collections.Concurrent.ConcurrentBag<double>();
                var wall = Stopwatch.StartNew();
                Parallel.For(0, callers, new ParallelOptions { MaxDegreeOfParallelism = callers }, _ =>
                {
                    foreach (var text in texts)
                    {
                        var started = Stopwatch.GetTimestamp();
                        session.EmbedBeside(text);
                        calls.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                });
                var sorted = calls.Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {callers} caller(s), {name,-9} messages/s {sorted.Length / wall.Elapsed.TotalSeconds,6:F1}   p50 {sorted[sorted.Length / 2],6:F2}   p99 {sorted[(int)(sorted.Length * 0.99)],6:F2}"));
            }
        }
        return 0;
    }

    private static double Largest(float[] a, float[] b) => a.Zip(b, (x, y) => (double)Math.Abs(x - y)).Max();

    private static string Resident()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is null ? $"working set {Environment.WorkingSet / 1048576.0:F0} MiB"
            : string.Create(CultureInfo.InvariantCulture, $"resident {long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0:F0} MiB");
    }
}

using System.Globalization;
using Tandem.Rules.Routing;
using Tandem.Server.Understanding;

namespace SignalFineTune;

/// <summary>
/// `score`: every row of a set's four targeted files with what the server reads of it — whether the rules raise the row's
/// signal, and a signal encoder file's probability on the head text — as CSV, for analysis of how the rules and the encoder
/// combine (which operating point, whether a rule needs the encoder's assent). Runs the encoder through the server's code.
/// </summary>
internal static class Score
{
    public static int Run(Options o)
    {
        var set = o.String("set", "");
        var file = o.String("encoder", Path.Combine(Data.Root, "src", "Tandem.Server", "Understanding", "signal-encoder.bin"));
        if (set.Length == 0)
        {
            Console.Error.WriteLine("score --set NAME (a folder under eval/signals, or odd) [--encoder FILE] [--out FILE]");
            return 2;
        }
        using var encoder = SignalEncoder.Read(File.ReadAllBytes(file));
        var lines = new List<string> { "signal,label,rules,probability,threshold,message" };
        foreach (var row in Data.Measuring(set))
        {
            var kind = Data.Signals[row.Signal];
            var rules = SignalPipeline.Rules(row.Message).Exists(s => s.Kind == kind);
            var p = row.HeadText is { } text ? encoder.Probabilities(text, encoder.Embedder.Embed(text))[encoder.Kinds.ToList().IndexOf(kind)] : 0f;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{kind.ToWire()},{(row.Label ? 1 : 0)},{(rules ? 1 : 0)},{p:0.######},{encoder.Threshold(kind):0.######},\"{row.Message.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
        }
        var output = o.String("out", Path.Combine(Data.Root, ".tandem", "ft", $"score-{set}-{encoder.Version.Replace('/', '_').Replace('+', '_')}.csv"));
        File.WriteAllLines(output, lines);
        Console.WriteLine($"wrote {output}: {lines.Count - 1} rows scored by {encoder.Version}");
        return 0;
    }
}

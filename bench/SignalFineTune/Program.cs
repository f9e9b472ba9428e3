using System.Globalization;

namespace SignalFineTune;

internal static class Program
{
    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var verb = args.Length > 0 ? args[0] : "help";
        var options = Options.Parse(args.Skip(1));
        var layers = options.Int("layers", 1);
        switch (verb)
        {
            case "inspect":
                GraphInspector.Print();
                return 0;
            case "parity":
                return Checks.Parity(layers, options.Int("messages", 50));
            case "gradcheck":
                return Checks.Gradients(layers, options.Int("per-tensor", 12));
            case "train":
                return Experiment.Run(options);
            case "export":
                return Export.Run(options);
            case "score":
                return Score.Run(options);
            case "beside":
                return Beside.Run(options);
            default:
                Console.WriteLine("""
                    dotnet run -c Release --project bench/SignalFineTune -- VERB [options]
                      inspect                        print the ONNX graph's nodes
                      parity    [--layers N] [--messages 50]   C# forward of the top N layers vs ONNX Runtime's sentence vector
                      gradcheck [--layers N] [--per-tensor 12] hand-written backward vs central differences (double)
                      train     [--layers N] ...     fine-tune, choose thresholds on validation, measure on odd rows and holdout6
                                [--pool all --sets none]     the shipping run: every spent set trains, nothing is measured
                                [--init FILE]                continue an earlier run's weights-*.bin (no probe) instead of starting from the shipped layers
                                [--split-without SETS]       with --init: keep the earlier run's validation split, SETS (added since) split on their own
                      score     --set NAME [--encoder FILE]   each row's rules and encoder probability, as CSV (analysis)
                      beside    --data CSV [--messages 300]   memory and one-message latency: shipped, tuned, both, the combined graph
                      export    [--tag T] [--from DIR] [--out FILE] [--unweighted SIGNALS] [--rule-assent P] [--negatives CSV]   write the server's signal encoder file, then check it against the C# forward
                    """);
                return 2;
        }
    }
}

internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null)
                {
                    options._values[name] = "true";
                }
                name = arg[2..];
            }
            else if (name is not null)
            {
                options._values[name] = arg;
                name = null;
            }
        }
        if (name is not null)
        {
            options._values[name] = "true";
        }
        return options;
    }

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public bool Flag(string name) => _values.ContainsKey(name);
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tandem.Rules.Routing;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Understanding;
using Tandem.Server.Understanding.Classification;

namespace Tandem.Server.Cli;

/// <summary>
/// `./tandem eval signals`: runs <see cref="SignalDetector"/> over the labelled sets in eval/signals/
/// (one `&lt;signal&gt;.csv` per signal, header `text,label,note`, label 1 or 0) and reports precision,
/// recall and F1 per signal, with the misses and false alarms so the rules can be fixed.
/// </summary>
internal static class SignalEvalCommands
{
    internal static Command SignalEvalCommand()
    {
        var data = new Option<string?>("--data")
        {
            Description = "Folder of <signal>.csv files (header text,label,note). Default: eval/signals under the repository root.",
        };
        var json = new Option<bool>("--json") { Description = "Print only the figures, as one JSON object on the last line." };
        var rulesOnly = new Option<bool>("--rules-only") { Description = "Measure the rules alone, without the embedded model's self-harm detector." };
        var half = new Option<string>("--half")
        {
            Description = "all (default), or even/odd rows of each file: thresholds are chosen on one half and measured on the other.",
            DefaultValueFactory = _ => "all",
        };
        var humanThreshold = new Option<float?>("--human-request-threshold") { Description = $"Similarity threshold of the semantic human-request detector (default {SemanticSignals.HumanRequestThreshold})." };
        var threshold = new Option<float?>("--self-harm-threshold") { Description = $"Similarity threshold of the semantic self-harm detector (default {SemanticSignals.SelfHarmThreshold})." };
        var set = new Option<string>("--set")
        {
            Description = "main (default): eval/signals/*.csv; holdout to holdout23: eval/signals/<set>/*.csv (holdout to holdout5 train the heads; holdout to holdout11 train the shipped fine-tuned encoder; holdout10 to holdout23 were each written blind and measured a detector once; holdout12 and holdout13 chose vulnerability's threshold; all are spent, see eval/signals/README.md).",
            DefaultValueFactory = _ => "main",
        };
        var noHeads = new Option<bool>("--no-heads") { Description = "The rules and the anchor detectors without the trained heads (the detector before issue 4)." };
        var heads = new Option<string?>("--heads") { Description = "A signal-heads JSON file to measure instead of the heads built into the server." };
        var encoder = EncoderOption();
        var clauseMax = new Option<bool>("--clause-max") { Description = "Score each clause of a message as well as the whole and take the highest (a measurement; the server scores the whole message)." };
        var cache = new Option<string?>("--cache") { Description = "Folder for cached sentence vectors. Default: .tandem/cache in the repository; 'none' disables it." };
        var latency = new Option<int>("--latency")
        {
            Description = "Also time this many messages one at a time as a turn runs them (one model call, then every signal: rules, anchors, heads) and report p50/p99 (JSON latency_p50_ms, latency_p99_ms).",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("signals", "Precision and recall of each risk-signal detector on its labelled evaluation set.") { data, json, rulesOnly, half, threshold, humanThreshold, set, noHeads, heads, encoder, clauseMax, cache, latency };
        command.SetAction(result => Run(new Settings(result.GetValue(data), result.GetValue(set) ?? "main", result.GetValue(json), result.GetValue(rulesOnly), result.GetValue(noHeads),
            result.GetValue(heads), result.GetValue(half) ?? "all",
            result.GetValue(threshold) ?? SemanticSignals.SelfHarmThreshold, result.GetValue(humanThreshold) ?? SemanticSignals.HumanRequestThreshold, result.GetValue(clauseMax))
        {
            Cache = result.GetValue(cache),
            Latency = result.GetValue(latency),
            Encoder = result.GetValue(encoder) ?? "shipped",
        }));
        return command;
    }

    private sealed record Settings(string? Data, string Set, bool Json, bool RulesOnly, bool NoHeads, string? HeadsFile, string Half, float SelfHarmThreshold, float HumanRequestThreshold, bool ClauseMax)
    {
        public string? Cache { get; init; }

        public int Latency { get; init; }

        public string Encoder { get; init; } = "shipped";
    }

    internal sealed record Row(string Text, bool Label);

    private sealed record Outcome(string Signal, int N, int TruePositives, int FalsePositives, int FalseNegatives,
        IReadOnlyList<string> Missed, IReadOnlyList<(string Text, string Evidence)> FalseAlarms)
    {
        public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
        public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

        // No predictions (or no positives) scores 0 rather than NaN: JSON has no NaN, and an empty column is not a success.
        private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
    }

    private static int Run(Settings settings)
    {
        var half = settings.Half;
        if (half is not ("all" or "even" or "odd"))
        {
            Console.Error.WriteLine($"--half must be all, even or odd, not '{half}'.");
            return 2;
        }
        // Any numbered holdout, so a set merged later (holdout4) runs without a new build of this list.
        if (settings.Set != "main" && !System.Text.RegularExpressions.Regex.IsMatch(settings.Set, "^holdout[0-9]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant))
        {
            Console.Error.WriteLine($"--set must be main or a holdout (holdout, holdout2, holdout3, holdout4, …), not '{settings.Set}'.");
            return 2;
        }
        var folder = settings.Data is not null ? Path.GetFullPath(settings.Data) : DefaultFolder(settings.Set);
        if (folder is null || !Directory.Exists(folder))
        {
            Console.Error.WriteLine(settings.Data is null && folder is not null
                ? $"No evaluation folder {folder}: --set {settings.Set} reads eval/signals/{settings.Set}/<signal>.csv, and this checkout does not have it."
                : $"No evaluation folder {(folder ?? "eval/signals (repository root not found)")}. Pass --data DIR.");
            return 2;
        }
        SignalHeads? heads = null;
        var loading = System.Diagnostics.Stopwatch.StartNew();
        if (!settings.RulesOnly && !settings.NoHeads)
        {
            if (settings.HeadsFile is { } headsFile)
            {
                if (!File.Exists(headsFile))
                {
                    Console.Error.WriteLine($"No signal-heads file at {Path.GetFullPath(headsFile)}.");
                    return 2;
                }
                heads = SignalHeads.FromJson(File.ReadAllBytes(headsFile));
            }
            else
            {
                heads = SignalHeads.Shipped;
            }
            if (heads is not null && settings.Encoder != "shipped")
            {
                heads = WithEncoder(heads, settings.Encoder);
                if (heads is null)
                {
                    return 2;
                }
            }
            else if (heads is not null && settings.HeadsFile is not null)
            {
                heads = heads.WithEncoder(SignalEncoder.Shipped is { } shipped && shipped.ModelId == heads.ModelId ? shipped : null);
            }
            if (settings.ClauseMax && heads is not null)
            {
                heads = heads.WithClauseMax();
            }
        }
        // What reading the weights file costs a server start (round 5's file carries the neighbour vectors).
        var headsLoadMs = Math.Round(loading.Elapsed.TotalMilliseconds, 1);

        var outcomes = new List<Outcome>();
        foreach (var kind in Enum.GetValues<SignalKind>())
        {
            var wire = kind.ToWire();
            var file = Path.Combine(folder, wire + ".csv");
            if (!File.Exists(file))
            {
                continue;
            }
            var rows = ReadRows(file);
            if (rows is null)
            {
                return 2;
            }
            if (half != "all")
            {
                rows = [.. rows.Where((_, i) => (i % 2 == 0) == (half == "even"))];
            }
            var detect = Detector(kind, rows, settings, heads);
            outcomes.Add(Score(kind, wire, rows, detect));
        }
        if (outcomes.Count == 0)
        {
            Console.Error.WriteLine($"No <signal>.csv files in {folder}.");
            return 2;
        }

        (double P50, double P99)? timing = null;
        if (settings.Latency > 0)
        {
            var texts = outcomes.Count == 0 ? [] : ReadRows(Path.Combine(folder, outcomes[0].Signal + ".csv"))?.Select(r => r.Text).ToList() ?? [];
            timing = Latency(texts, settings.Latency, heads);
        }

        if (!settings.Json)
        {
            PrintReport(outcomes);
            if (timing is { } t)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one message as a turn runs it (one model call, then every signal): p50 {t.P50:0.00} ms, p99 {t.P99:0.00} ms; heads file read in {headsLoadMs:0.0} ms"));
            }
            Console.WriteLine(heads is null ? "detector: rules" + (settings.RulesOnly ? "" : " + anchors")
                : $"detector: rules + anchors + heads {heads.Version}{(heads.ClauseMax ? ", clause-level scoring" : "")}, trained on {heads.TrainedOn}"
                    + (heads.Encoder is { } e ? $"; {string.Join(", ", e.Kinds.Select(k => k.ToWire()))} decided by the fine-tuned encoder, trained on {e.TrainedOn}" : ""));
        }
        Console.WriteLine(ToJson(outcomes, settings.Set, settings.Data is null ? null : folder, heads, timing is { } tm ? (tm.P50, tm.P99, headsLoadMs) : null));
        return 0;
    }

    /// <summary>
    /// Messages run one at a time as the turn runs them: one model call (the sentence vector and the token maximum),
    /// then every signal through <see cref="SignalPipeline"/>; the messages cycle when there are fewer than asked for.
    /// </summary>
    private static (double P50, double P99) Latency(List<string> texts, int count, SignalHeads? heads)
    {
        if (texts.Count == 0)
        {
            return (0, 0);
        }
        var model = Model.Value;
        // One untimed call first: the first pays for JIT and ONNX Runtime's lazy set-up.
        SignalPipeline.Detect(texts[0], SignalPipeline.Embed(heads, model.Embedder, texts[0]), model.Embedder, model.Semantic, heads);
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var text = texts[i % texts.Count];
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            SignalPipeline.Detect(text, SignalPipeline.Embed(heads, model.Embedder, text), model.Embedder, model.Semantic, heads);
            times[i] = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        double At(double p) => Math.Round(times[Math.Clamp((int)Math.Ceiling(p * times.Length) - 1, 0, times.Length - 1)], 2);
        return (At(0.50), At(0.99));
    }

    private static string? DefaultFolder(string set)
    {
        var root = RepositoryPaths.Root();
        return root is null ? null : set == "main" ? Path.Combine(root, "eval", "signals") : Path.Combine(root, "eval", "signals", set);
    }

    /// <summary>--encoder, shared with `eval routing`.</summary>
    internal static Option<string?> EncoderOption() => new("--encoder")
    {
        Description = "The fine-tuned signal encoder that decides complaint, vulnerability, self-harm and a request for a person in place of their heads: 'shipped' (default, the one built into the server), 'none' (the heads decide them), or a signal-encoder file (bench/SignalFineTune export).",
    };

    /// <summary>
    /// <paramref name="heads"/> with the encoder an --encoder value names ('none' or a file; 'shipped' is the heads as
    /// they are). Null, after a line on stderr saying what to pass, when the file is missing or not a signal-encoder file.
    /// </summary>
    internal static SignalHeads? WithEncoder(SignalHeads heads, string setting)
    {
        if (setting == "shipped")
        {
            return heads;
        }
        if (setting == "none")
        {
            return heads.WithEncoder(null);
        }
        if (!File.Exists(setting))
        {
            Console.Error.WriteLine($"No signal-encoder file at {Path.GetFullPath(setting)}; --encoder takes shipped, none or a file.");
            return null;
        }
        try
        {
            return heads.WithEncoder(SignalEncoder.Read(File.ReadAllBytes(setting)));
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"{Path.GetFullPath(setting)} is not a signal-encoder file this server can read: {e.Message}");
            return null;
        }
    }

    internal static List<Row>? ReadRows(string file)
    {
        var problems = new List<string>();
        var records = Csv.Parse(File.ReadAllText(file), (line, message) => problems.Add($"{file}:{line}: {message}"));
        if (records.Count == 0)
        {
            problems.Add($"{file}: empty");
        }
        else
        {
            var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
            var textColumn = header.IndexOf("text");
            var labelColumn = header.IndexOf("label");
            if (textColumn < 0 || labelColumn < 0)
            {
                problems.Add($"{file}:1: the header needs the columns text and label");
            }
            else
            {
                var rows = new List<Row>();
                foreach (var record in records.Skip(1))
                {
                    var label = record.Fields.Count > labelColumn ? record.Fields[labelColumn].Trim() : "";
                    if (record.Fields.Count <= textColumn || (label != "0" && label != "1"))
                    {
                        problems.Add($"{file}:{record.Line}: label must be 0 or 1");
                        continue;
                    }
                    rows.Add(new Row(record.Fields[textColumn], label == "1"));
                }
                if (problems.Count == 0)
                {
                    return rows;
                }
            }
        }
        foreach (var problem in problems)
        {
            Console.Error.WriteLine(problem);
        }
        return null;
    }

    /// <summary>
    /// What the server runs (<see cref="Understander"/>): the rules; for self-harm and a request for a
    /// person the embedded model's anchor detectors; then the trained head. The message vectors are
    /// computed in one batch here, as the server computes one per turn.
    /// </summary>
    private static Func<int, string, Signal?> Detector(SignalKind kind, List<Row> rows, Settings settings, SignalHeads? heads)
    {
        Signal? Rules(string text) => SignalPipeline.Rules(text).FirstOrDefault(s => s.Kind == kind);
        if (settings.RulesOnly)
        {
            return (_, text) => Rules(text);
        }
        var anchors = kind is SignalKind.SelfHarm or SignalKind.HumanRequest;
        var head = heads is not null && heads.Has(kind);
        if (!anchors && !head)
        {
            return (_, text) => Rules(text);
        }
        var model = Model.Value;
        // The sentence vectors and the token states' maxima, from one model call per message, as the turn has them.
        var vectors = head && heads!.UsesClauses
            // Clause heads read each clause's vector from the message's own model call, as the turn has them.
            ? EmbeddingCache.EmbedSpans(model.Embedder, [.. rows.Select(r => r.Text)], SignalHeads.ClauseSpansOrNone, CacheDir(settings.Cache), "messages")
            : EmbeddingCache.EmbedPooled(model.Embedder, [.. rows.Select(r => r.Text)], CacheDir(settings.Cache), "messages");
        return (i, text) => SignalPipeline.Detect(text, vectors[i], model.Embedder, model.Semantic, head ? heads : null, k => k == kind,
            settings.SelfHarmThreshold, settings.HumanRequestThreshold) is [var raised, ..] ? raised : null;
    }

    internal static string? CacheDir(string? option) => option switch
    {
        "none" => null,
        { } dir => Path.GetFullPath(dir),
        null => Path.Combine(RepositoryPaths.Root() ?? Directory.GetCurrentDirectory(), ".tandem", "cache"),
    };

    internal static readonly Lazy<(MiniLmEmbedder Embedder, SemanticSignals Semantic)> Model = new(() =>
    {
        var embedder = new MiniLmEmbedder();
        return (embedder, new SemanticSignals(embedder));
    });

    private static Outcome Score(SignalKind kind, string wire, List<Row> rows, Func<int, string, Signal?> detect)
    {
        int tp = 0, fp = 0, fn = 0;
        var missed = new List<string>();
        var falseAlarms = new List<(string, string)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var hit = detect(i, row.Text);
            if (hit is not null && row.Label)
            {
                tp++;
            }
            else if (hit is not null)
            {
                fp++;
                falseAlarms.Add((row.Text, hit.Evidence));
            }
            else if (row.Label)
            {
                fn++;
                missed.Add(row.Text);
            }
        }
        return new Outcome(wire, rows.Count, tp, fp, fn, missed, falseAlarms);
    }

    private static void PrintReport(List<Outcome> outcomes)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var o in outcomes)
        {
            Console.WriteLine($"== {o.Signal}: {o.Missed.Count} missed, {o.FalseAlarms.Count} false alarms");
            foreach (var text in o.Missed)
            {
                Console.WriteLine($"  FN  {text}");
            }
            foreach (var (text, evidence) in o.FalseAlarms)
            {
                Console.WriteLine($"  FP  {text}    [evidence: {evidence}]");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"{"signal",-18} {"n",5} {"TP",4} {"FP",4} {"FN",4} {"precision",9} {"recall",7} {"F1",6}");
        foreach (var o in outcomes)
        {
            Console.WriteLine(string.Create(inv,
                $"{o.Signal,-18} {o.N,5} {o.TruePositives,4} {o.FalsePositives,4} {o.FalseNegatives,4} {o.Precision,9:P1} {o.Recall,7:P1} {o.F1,6:F3}"));
        }
    }

    private static string ToJson(List<Outcome> outcomes, string set, string? data, SignalHeads? heads, (double P50, double P99, double HeadsLoadMs)? timing)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("set", set);
            if (data is not null)
            {
                writer.WriteString("data", data);
            }
            writer.WriteString("heads", heads?.Version);
            writer.WriteString("trained_on", heads?.TrainedOn);
            writer.WriteBoolean("clause_max", heads?.ClauseMax ?? false);
            if (timing is { } t)
            {
                writer.WriteNumber("latency_p50_ms", t.P50);
                writer.WriteNumber("latency_p99_ms", t.P99);
                writer.WriteNumber("heads_load_ms", t.HeadsLoadMs);
            }
            writer.WriteStartObject("signals");
            foreach (var o in outcomes)
            {
                writer.WriteStartObject(o.Signal);
                writer.WriteNumber("precision", Math.Round(o.Precision, 4));
                writer.WriteNumber("recall", Math.Round(o.Recall, 4));
                writer.WriteNumber("f1", Math.Round(o.F1, 4));
                writer.WriteNumber("n", o.N);
                writer.WriteNumber("tp", o.TruePositives);
                writer.WriteNumber("fp", o.FalsePositives);
                writer.WriteNumber("fn", o.FalseNegatives);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

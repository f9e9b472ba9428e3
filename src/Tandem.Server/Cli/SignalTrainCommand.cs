using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tandem.Rules.Routing;
using Tandem.Server.Hosting;
using Tandem.Server.Understanding;

namespace Tandem.Server.Cli;

/// <summary>
/// `./tandem train signals`: trains the signal heads on the even rows of eval/signals and on
/// eval/signals/train (the odd rows
/// and eval/signals/holdout* stay unseen, for measuring) and writes the weights file the server embeds.
/// Deterministic (no shuffling, no random start), so rerunning on the same machine gives the same file;
/// the file's hash is the version the audit records.
/// </summary>
internal static class SignalTrainCommands
{
    internal static Command TrainCommand()
    {
        var train = new Command("train", "Train Tandem's own small models from labelled data in the repository.");
        train.Subcommands.Add(SignalsCommand());
        return train;
    }

    private static Command SignalsCommand()
    {
        var data = new Option<string?>("--data") { Description = "Folder of <signal>.csv files. Default: eval/signals under the repository root." };
        var half = new Option<string>("--half")
        {
            Description = "Rows to train on: even (default; the odd rows are for measuring) or all.",
            DefaultValueFactory = _ => "even",
        };
        var output = new Option<string?>("--out") { Description = $"Where to write the weights. Default: src/Tandem.Server/Understanding/signal-heads.json (embedded in the server at build)." };
        var json = new Option<bool>("--json") { Description = "End the output with one line of JSON describing the heads." };
        var errors = new Option<int>("--errors") { Description = "Print this many out-of-fold errors per signal (training rows only): what to write more training data about.", DefaultValueFactory = _ => 0 };
        var command = new Command("signals", "Train the per-signal logistic-regression heads over the embedded model's sentence vectors.") { data, half, output, json, errors };
        command.SetAction(result => Run(result.GetValue(data), result.GetValue(half) ?? "even", result.GetValue(output), result.GetValue(json), result.GetValue(errors)));
        return command;
    }

    private static int Run(string? dataOption, string half, string? outputOption, bool asJson, int errorCount)
    {
        if (half is not ("even" or "all"))
        {
            Console.Error.WriteLine($"--half must be even or all, not '{half}'.");
            return 2;
        }
        var root = RepositoryPaths.Root();
        var folder = dataOption is not null ? Path.GetFullPath(dataOption) : root is null ? null : Path.Combine(root, "eval", "signals");
        var output = outputOption is not null ? Path.GetFullPath(outputOption)
            : root is null ? null : Path.Combine(root, "src", "Tandem.Server", "Understanding", "signal-heads.json");
        if (folder is null || output is null || !Directory.Exists(folder))
        {
            Console.Error.WriteLine($"No training folder {folder ?? "eval/signals (repository root not found)"}. Pass --data DIR and --out FILE.");
            return 2;
        }

        var files = new List<(SignalKind Kind, List<SignalEvalCommands.Row> Rows, int Measured)>();
        foreach (var kind in Enum.GetValues<SignalKind>())
        {
            var file = Path.Combine(folder, kind.ToWire() + ".csv");
            if (!File.Exists(file))
            {
                continue;
            }
            var rows = SignalEvalCommands.ReadRows(file);
            if (rows is null)
            {
                return 2;
            }
            List<SignalEvalCommands.Row> training = half == "all" ? [.. rows] : [.. rows.Where((_, i) => i % 2 == 0)];
            // Messages written only to train on (eval/signals/train/<signal>.csv): never measured, so
            // they can be aimed at what the heads get wrong without tuning on the measuring rows.
            var measured = training.Count;
            var extraFile = Path.Combine(folder, "train", kind.ToWire() + ".csv");
            if (File.Exists(extraFile))
            {
                var extra = SignalEvalCommands.ReadRows(extraFile);
                if (extra is null)
                {
                    return 2;
                }
                training.AddRange(extra);
            }
            files.Add((kind, training, measured));
        }
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"No <signal>.csv files in {folder}.");
            return 2;
        }

        var model = SignalEvalCommands.Model.Value;
        var texts = files.SelectMany(f => f.Rows.Select(r => r.Text)).Distinct(StringComparer.Ordinal).ToList();
        var vectors = model.Embedder.EmbedBatch(texts);
        var vectorOf = texts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => vectors[x.i], StringComparer.Ordinal);

        // What runs before a head in the server: the rules, and the anchors for self-harm and a request for a person.
        // The same pipeline the server runs, without heads (so a declined call is not counted as raised).
        bool RaisedBefore(SignalKind kind, string text) =>
            SignalPipeline.Detect(text, vectorOf[text], model.Embedder, model.Semantic, heads: null, k => k == kind).Count > 0;

        var sets = files.Select(f => new SignalHeadTrainer.TrainingSet(
            f.Kind,
            [.. f.Rows.Select(r => r.Text)],
            [.. f.Rows.Select(r => vectorOf[r.Text])],
            [.. f.Rows.Select(r => r.Label)],
            [.. f.Rows.Select(r => RaisedBefore(f.Kind, r.Text))])
        {
            ChoosesThreshold = [.. f.Rows.Select((_, i) => i < f.Measured)],
        }).ToList();
        var trainedOn = $"{Path.GetRelativePath(root ?? folder, folder).Replace('\\', '/')} {(half == "even" ? "even rows" : "all rows")} + train/ ({texts.Count} messages)";
        var (weights, reports) = SignalHeadTrainer.Train(model.Embedder.ModelId, trainedOn, vectors, sets);

        var content = JsonSerializer.SerializeToUtf8Bytes(weights, SignalHeads.Json);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllBytes(output, content);
        var version = SignalHeads.FromJson(content).Version;

        var inv = CultureInfo.InvariantCulture;
        if (!asJson)
        {
            Console.WriteLine($"Trained on {trainedOn}; wrote {output} ({version}).");
            Console.WriteLine("Out-of-fold figures are for rules + anchors + head, inside the training rows (5 folds).");
            Console.WriteLine($"{"signal",-18} {"lambda",7} {"threshold",9} {"oof P",7} {"oof R",7} {"|grad|",9} {"iters",6}");
            foreach (var r in reports)
            {
                Console.WriteLine(string.Create(inv,
                    $"{r.Kind.ToWire(),-18} {r.Lambda,7:0.###} {r.Threshold,9:0.000} {r.OutOfFoldPrecision,7:P1} {r.OutOfFoldRecall,7:P1} {r.GradientNorm,9:0.0e0} {r.Iterations,6}"));
            }
            foreach (var r in reports.Where(_ => errorCount > 0))
            {
                Console.WriteLine($"{r.Kind.ToWire()}: out-of-fold errors (FN missed, FP false alarm)");
                foreach (var (text, label, p) in r.OutOfFoldErrors.Take(errorCount))
                {
                    Console.WriteLine(string.Create(inv, $"  {(label ? "FN" : "FP")} {p:0.00} {text}"));
                }
            }
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            version,
            file = output,
            trainedOn,
            heads = reports.ToDictionary(r => r.Kind.ToWire(), r => new
            {
                lambda = r.Lambda,
                threshold = Math.Round(r.Threshold, 4),
                outOfFoldPrecision = Math.Round(r.OutOfFoldPrecision, 4),
                outOfFoldRecall = Math.Round(r.OutOfFoldRecall, 4),
                gradientNorm = r.GradientNorm,
            }),
        }));
        return 0;
    }
}

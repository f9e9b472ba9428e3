using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Understanding.Classification;

namespace Tandem.Server.Cli;

/// <summary>
/// `./tandem eval topics`: the firm's own topic decision (as the turn makes it, out-of-scope rule
/// included) on labelled messages, with the training time and the understand stage's latency. Unlike
/// `eval intents`, which measures a head on any data set, this measures what a firm's turn would decide.
/// </summary>
internal static class FirmTopicsEvalCommand
{
    private const int TimedMessages = 300;

    public static Command Create()
    {
        var firmPath = new Option<string?>("--firm") { Description = "Firm pack folder. Default: samples/firms/harbour-home." };
        var data = new Option<string>("--data") { Description = "CSV with header text,category: messages and the topic ids they belong to.", Required = true };
        var history = new Option<string?>("--history") { Description = "CSV with header text,category added to the pack's past tickets for training (e.g. half of a firm's tickets)." };
        var classifier = ClassifierOption();
        var json = new Option<bool>("--json") { Description = "End the output with one line of JSON holding the figures." };
        var command = new Command("topics", "Decide the topic of labelled messages as the firm's turn does; accuracy, out-of-scope share, training time, latency.")
        {
            firmPath, data, history, classifier, json,
        };
        command.SetAction(result =>
        {
            var root = RepositoryPaths.Root() ?? Directory.GetCurrentDirectory();
            var folder = Path.GetFullPath(result.GetValue(firmPath) ?? Path.Combine(root, "samples", "firms", "harbour-home"));
            var loaded = FirmPackLoader.Load(folder);
            if (!loaded.Ok)
            {
                Console.Error.WriteLine($"The firm pack at {folder} has {loaded.Problems.Count} problem(s); run `./tandem firm validate`.");
                return 2;
            }
            var rows = IntentData.ReadCsv(Path.GetFullPath(result.GetValue(data)!), out var problem);
            var extra = result.GetValue(history) is { } h ? IntentData.ReadCsv(Path.GetFullPath(h), out problem) : [];
            if (rows is null || extra is null)
            {
                Console.Error.WriteLine(problem);
                return 2;
            }
            var pack = WithClassifier(loaded.Pack!, result.GetValue(classifier));
            pack = pack with { History = [.. pack.History, .. extra.Select(r => new LabelledMessage(r.Text, r.Label))] };
            using var embedder = new MiniLmEmbedder();
            var started = Stopwatch.GetTimestamp();
            var understander = new Understanding.Understander(pack, embedder);
            var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var decided = new List<string?>(rows.Count);
            var times = new List<double>(rows.Count);
            understander.Understand(rows.Count > 0 ? rows[0].Text : "warm-up");
            foreach (var (row, i) in rows.Select((r, i) => (r, i)))
            {
                var at = Stopwatch.GetTimestamp();
                var understanding = understander.Understand(row.Text);
                if (i < TimedMessages)
                {
                    times.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
                }
                decided.Add(understanding.Topic);
            }
            times.Sort();
            double At(double p) => times.Count == 0 ? 0 : Math.Round(times[Math.Clamp((int)Math.Ceiling(p * times.Count) - 1, 0, times.Count - 1)], 2);
            var accuracy = rows.Count == 0 ? 0 : rows.Where((r, i) => r.Label == decided[i]).Count() / (double)rows.Count;
            var outOfScope = rows.Count == 0 ? 0 : decided.Count(d => d is null) / (double)rows.Count;

            var table = new Table { Title = new TableTitle($"The firm's topic decision: {rows.Count} labelled messages") };
            table.AddColumns("measure", "value");
            table.AddRow("method", Markup.Escape(understander.TopicMethod));
            table.AddRow("version", Markup.Escape(understander.ClassifierVersion));
            table.AddRow("accuracy (out of scope counts as wrong)", (accuracy * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %");
            table.AddRow("decided out of scope", (outOfScope * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %");
            table.AddRow("training (embedding of the examples included in load)", $"{understander.TopicTrainingTime.TotalSeconds:0.00} s of {loadSeconds:0.00} s load");
            table.AddRow("understand stage, one message, embedding included", $"p50 {At(0.5)} ms, p99 {At(0.99)} ms");
            AnsiConsole.Write(table);
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["n"] = rows.Count,
                    ["classifier_version"] = understander.ClassifierVersion,
                    ["method"] = understander.TopicMethod,
                    ["accuracy"] = Math.Round(accuracy, 4),
                    ["out_of_scope"] = Math.Round(outOfScope, 4),
                    ["train_seconds"] = Math.Round(understander.TopicTrainingTime.TotalSeconds, 2),
                    ["load_seconds"] = Math.Round(loadSeconds, 2),
                    ["latency_p50_ms"] = At(0.5),
                    ["latency_p99_ms"] = At(0.99),
                }));
            }
            return 0;
        });
        return command;
    }

    /// <summary>--topics-classifier, shared with `eval routing`: overrides firm.yaml's topics_classifier for a before/after on the same pack.</summary>
    public static Option<string?> ClassifierOption() => new("--topics-classifier")
    {
        Description = "linear or nearest: overrides the pack's topics_classifier.",
    };

    public static FirmPack WithClassifier(FirmPack pack, string? classifier) => classifier switch
    {
        "linear" => pack with { Profile = pack.Profile with { TopicsClassifier = TopicsClassifier.Linear } },
        "nearest" => pack with { Profile = pack.Profile with { TopicsClassifier = TopicsClassifier.Nearest } },
        _ => pack,
    };
}

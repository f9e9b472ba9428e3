using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Cli;

/// <summary>
/// `./tandem eval retrieval` and `./tandem eval tau-knowledge`: how often the knowledge index finds the
/// right source, and how long one search takes. eval/README.md says what each measures and how the
/// queries are built; tools outside the project read the JSON object on the last line.
/// </summary>
internal static class RetrievalEval
{
    /// <summary>Passages fetched per question: enough to rank several distinct sources for MRR.</summary>
    private const int Fetched = 20;

    internal static Command RetrievalEvalCommand()
    {
        var firm = new Option<string>("--firm") { Description = "The firm pack folder.", Required = true };
        var questions = new Option<string>("--questions") { Description = "CSV with header question,expected_source (a knowledge file name).", Required = true };
        var (json, mode, weight) = SearchOptions();
        var lexicalRanker = new Option<string>("--lexical")
        {
            Description = "The lexical ranker: index (the in-process TF-IDF index the turn uses) or fts5 (SQLite FTS5 bm25, as the database's full-text index ranks).",
            DefaultValueFactory = _ => "index",
        };
        lexicalRanker.AcceptOnlyFromAmong("index", "fts5");
        var command = new Command("retrieval", "Top-1, top-3 and MRR of the source a question should find, and search latency.") { firm, questions, json, mode, weight, lexicalRanker };
        command.SetAction(result =>
        {
            var loaded = FirmPackLoader.Load(Path.GetFullPath(result.GetValue(firm)!));
            if (loaded.Pack is null)
            {
                Console.Error.WriteLine($"The firm pack has {loaded.Problems.Count} problem(s); run `./tandem firm validate` to see them.");
                return 2;
            }
            var cases = ReadQuestions(result.GetValue(questions)!, out var problem);
            if (cases is null)
            {
                Console.Error.WriteLine(problem);
                return 2;
            }
            using var embedder = new MiniLmEmbedder();
            Fts5Ranker? fts5 = null;
            var knowledge = new KnowledgeBase(loaded.Pack.Knowledge, loaded.Pack.Faq, embedder, result.GetValue(mode), result.GetValue(weight),
                result.GetValue(lexicalRanker) == "fts5" ? texts => fts5 = new Fts5Ranker(texts) : null);
            using var ownedFts5 = fts5;
            var asJson = result.GetValue(json);
            var measured = Measure(cases, c => knowledge.Search(c.Question, Fetched));

            var ranks = measured.Select((m, i) => RankOf(m.Results, cases[i].ExpectedSource)).ToList();
            var n = cases.Count;
            var report = new RetrievalReport(
                n,
                Math.Round(ranks.Count(r => r == 1) / (double)n, 4),
                Math.Round(ranks.Count(r => r is >= 1 and <= 3) / (double)n, 4),
                Math.Round(ranks.Sum(r => r > 0 ? 1.0 / r : 0) / n, 4),
                Percentile(measured, 0.50),
                Percentile(measured, 0.99));
            if (!asJson)
            {
                var misses = new Table().AddColumns("Question", "Expected", "Found first");
                for (var i = 0; i < n; i++)
                {
                    if (ranks[i] != 1)
                    {
                        var first = measured[i].Results.Count > 0 ? measured[i].Results[0].Passage.Source : "(nothing)";
                        misses.AddRow(Markup.Escape(cases[i].Question), Markup.Escape(cases[i].ExpectedSource), Markup.Escape(first));
                    }
                }
                if (misses.Rows.Count > 0)
                {
                    AnsiConsole.Write(misses);
                }
                AnsiConsole.Write(new Table().AddColumns("n", "top-1", "top-3", "MRR", "p50 ms", "p99 ms")
                    .AddRow(Format(n), Percent(report.Top1), Percent(report.Top3), Format(report.Mrr), Format(report.LatencyP50Ms), Format(report.LatencyP99Ms)));
                AnsiConsole.MarkupLine($"{passagesLabel(knowledge)}, mode {result.GetValue(mode).ToString().ToLowerInvariant()}, lexical weight {Format(result.GetValue(weight))}, lexical ranker {result.GetValue(lexicalRanker)}");
            }
            Console.Out.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            return 0;
        });
        return command;

        static string passagesLabel(KnowledgeBase knowledge) => $"{knowledge.Passages.Count} passages, {Markup.Escape(knowledge.ModelId)}";
    }

    internal static Command TauKnowledgeEvalCommand()
    {
        var corpus = new Option<string>("--corpus") { Description = "The banking_knowledge folder, or its documents/ folder (one JSON file per document: id, title, content).", Required = true };
        var tasks = new Option<string>("--tasks") { Description = "tasks_dev.json: each task has user_scenario.instructions and required_documents.", Required = true };
        var (json, mode, weight) = SearchOptions();
        var command = new Command("tau-knowledge", "Recall@5 of each τ³ banking_knowledge task's required documents.") { corpus, tasks, json, mode, weight };
        command.SetAction(result =>
        {
            var folder = Path.GetFullPath(result.GetValue(corpus)!);
            if (Directory.Exists(Path.Combine(folder, "documents")))
            {
                folder = Path.Combine(folder, "documents");
            }
            if (!Directory.Exists(folder) || !File.Exists(result.GetValue(tasks)))
            {
                Console.Error.WriteLine("The corpus folder or the tasks file does not exist.");
                return 2;
            }
            var documents = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(ReadTauDocument).ToList();
            var cases = ReadTauTasks(result.GetValue(tasks)!);
            using var embedder = new MiniLmEmbedder();
            var asJson = result.GetValue(json);
            var knowledge = new KnowledgeBase(documents, [], embedder, result.GetValue(mode), result.GetValue(weight));
            var measured = Measure(cases, c => knowledge.Search(c.Query, Fetched));

            double recall = 0, capped = 0;
            for (var i = 0; i < cases.Count; i++)
            {
                var top5 = measured[i].Results.Select(r => r.Passage.Source).Distinct(StringComparer.Ordinal).Take(5).ToHashSet(StringComparer.Ordinal);
                var hits = cases[i].Required.Count(top5.Contains);
                recall += hits / (double)cases[i].Required.Count;
                capped += hits / (double)Math.Min(5, cases[i].Required.Count);
            }
            var report = new TauReport(cases.Count, Math.Round(recall / cases.Count, 4), Math.Round(capped / cases.Count, 4),
                Percentile(measured, 0.50), Percentile(measured, 0.99));
            if (!asJson)
            {
                AnsiConsole.Write(new Table().AddColumns("tasks", "recall@5", "recall@5 of min(5, required)", "p50 ms", "p99 ms")
                    .AddRow(Format(report.N), Percent(report.RecallAt5), Percent(report.RecallAt5Capped), Format(report.LatencyP50Ms), Format(report.LatencyP99Ms)));
                AnsiConsole.MarkupLine($"{documents.Count} documents, {knowledge.Passages.Count} passages, mode {result.GetValue(mode).ToString().ToLowerInvariant()}");
            }
            Console.Out.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            return 0;
        });
        return command;
    }

    private static (Option<bool> Json, Option<RetrievalMode> Mode, Option<float> Weight) SearchOptions() => (
        new Option<bool>("--json") { Description = "End the output with one JSON object of the figures." },
        new Option<RetrievalMode>("--mode") { Description = "hybrid (dense + weighted lexical), dense or lexical alone.", DefaultValueFactory = _ => RetrievalMode.Hybrid },
        new Option<float>("--lexical-weight") { Description = "Weight of the lexical score added to the dense one in hybrid mode.", DefaultValueFactory = _ => HybridIndex.DefaultLexicalWeight });

    private sealed record Measured(IReadOnlyList<RetrievedPassage> Results, double Milliseconds);

    /// <summary>Runs every search once, timed end to end (the query embedding included), behind a progress bar.</summary>
    private static List<Measured> Measure<T>(IReadOnlyList<T> cases, Func<T, IReadOnlyList<RetrievedPassage>> search)
    {
        // One untimed search first: the first call pays for JIT and ONNX Runtime's lazy set-up.
        if (cases.Count > 0)
        {
            search(cases[0]);
        }
        var measured = new List<Measured>(cases.Count);
        void Run(Action? step)
        {
            foreach (var c in cases)
            {
                var started = Stopwatch.GetTimestamp();
                var results = search(c);
                measured.Add(new Measured(results, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                step?.Invoke();
            }
        }
        // Redirected output (a pipe, a test) gets no bar, so the JSON line stays the last one.
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            Run(null);
            return measured;
        }
        AnsiConsole.Progress().Start(progress =>
        {
            var task = progress.AddTask("searching", maxValue: cases.Count);
            Run(() => task.Increment(1));
        });
        return measured;
    }

    /// <summary>1-based rank of the expected source among the distinct sources retrieved, or 0 when absent.</summary>
    internal static int RankOf(IReadOnlyList<RetrievedPassage> results, string expectedSource)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            if (seen.Add(r.Passage.Source) && r.Passage.Source == expectedSource)
            {
                return seen.Count;
            }
        }
        return 0;
    }

    private static double Percentile(List<Measured> measured, double p)
    {
        if (measured.Count == 0)
        {
            return 0;
        }
        var sorted = measured.Select(m => m.Milliseconds).Order().ToList();
        var index = Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1);
        return Math.Round(sorted[index], 2);
    }

    internal sealed record QuestionCase(string Question, string ExpectedSource);

    internal static List<QuestionCase>? ReadQuestions(string path, out string problem) =>
        ReadPairs(path, "question", "expected_source", "expected two non-empty fields", out problem)?.Select(p => new QuestionCase(p.First, p.Second)).ToList();

    /// <summary>
    /// A two-column CSV of questions with the given header, both fields required on every row; null and a problem
    /// naming the file and line otherwise. The question sets of `eval retrieval` and `eval answerable` share it.
    /// </summary>
    internal static List<(string First, string Second)>? ReadPairs(string path, string first, string second, string rowProblem, out string problem)
    {
        problem = "";
        if (!File.Exists(path))
        {
            problem = $"No questions file at {path}.";
            return null;
        }
        var errors = new List<string>();
        var records = Csv.Parse(File.ReadAllText(path), (line, message) => errors.Add($"{path}:{line}: {message}"));
        if (errors.Count > 0 || records.Count == 0 || records[0].Fields.Count != 2 || records[0].Fields[0] != first || records[0].Fields[1] != second)
        {
            problem = errors.Count > 0 ? string.Join(Environment.NewLine, errors) : $"{path}: the header must be {first},{second}.";
            return null;
        }
        var pairs = new List<(string, string)>();
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != 2 || string.IsNullOrWhiteSpace(record.Fields[0]) || string.IsNullOrWhiteSpace(record.Fields[1]))
            {
                problem = $"{path}:{record.Line}: {rowProblem}.";
                return null;
            }
            pairs.Add((record.Fields[0].Trim(), record.Fields[1].Trim()));
        }
        if (pairs.Count == 0)
        {
            problem = $"{path}: no questions.";
            return null;
        }
        return pairs;
    }

    private sealed record TauCase(string Id, string Query, IReadOnlyList<string> Required);

    private static KnowledgeDocument ReadTauDocument(string file)
    {
        var bytes = File.ReadAllBytes(file);
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        var id = root.GetProperty("id").GetString() ?? Path.GetFileNameWithoutExtension(file);
        var title = root.TryGetProperty("title", out var t) ? t.GetString() ?? id : id;
        var content = root.TryGetProperty("content", out var c) ? c.GetString() ?? "" : "";
        return new KnowledgeDocument
        {
            FileName = id,
            Title = title,
            Format = "markdown",
            Content = content,
            Hash = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };
    }

    /// <summary>The query is the customer's side of the task: its user instructions, without the role-play boilerplate.</summary>
    private static List<TauCase> ReadTauTasks(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        var cases = new List<TauCase>();
        foreach (var task in doc.RootElement.EnumerateArray())
        {
            var required = task.GetProperty("required_documents").EnumerateArray().Select(e => e.GetString()!).ToList();
            if (required.Count == 0)
            {
                continue;
            }
            var instructions = task.GetProperty("user_scenario").GetProperty("instructions").GetString() ?? "";
            cases.Add(new TauCase(task.GetProperty("id").GetString() ?? "", TauQuery(instructions), required));
        }
        return cases;
    }

    /// <summary>
    /// Drops the sentences every task shares (how to play the customer), which say nothing about what
    /// the customer wants and would otherwise fill the embedder's 256 tokens.
    /// </summary>
    internal static string TauQuery(string instructions)
    {
        var kept = new StringBuilder();
        foreach (var sentence in instructions.Split(['.', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (RolePlay.Any(p => sentence.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            kept.Append(sentence).Append(". ");
        }
        return kept.ToString().Trim();
    }

    private static readonly string[] RolePlay =
    [
        "playing the role", "role of a customer", "never respond as", "don't dump", "do not dump", "only provide additional details",
        "currently on the line", "customer service representative", "no need to respond to the agent",
    ];

    private static readonly JsonSerializerOptions JsonOptions = new();

    private sealed record RetrievalReport(
        [property: JsonPropertyName("n")] int N,
        [property: JsonPropertyName("top1")] double Top1,
        [property: JsonPropertyName("top3")] double Top3,
        [property: JsonPropertyName("mrr")] double Mrr,
        [property: JsonPropertyName("latency_p50_ms")] double LatencyP50Ms,
        [property: JsonPropertyName("latency_p99_ms")] double LatencyP99Ms);

    private sealed record TauReport(
        [property: JsonPropertyName("n")] int N,
        [property: JsonPropertyName("recall_at_5")] double RecallAt5,
        [property: JsonPropertyName("recall_at_5_capped")] double RecallAt5Capped,
        [property: JsonPropertyName("latency_p50_ms")] double LatencyP50Ms,
        [property: JsonPropertyName("latency_p99_ms")] double LatencyP99Ms);

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Tandem.Data;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;
using Tandem.Server.Knowledge;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Knowledge.Health;

namespace Tandem.Server.Cli;

/// <summary>`./tandem knowledge report`: is the firm's documentation ready to answer from?</summary>
internal static class KnowledgeCommands
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create(TimeProvider? clock = null)
    {
        var firmOption = new Option<string>("--firm") { Description = "The firm pack folder.", Required = true };
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Tandem's data directory: coverage gaps come from the customer questions of its stored turns. Without it (or without a database there) only --questions are checked.",
        };
        var questionsOption = new Option<string?>("--questions") { Description = "A file of questions to check: one per line, or CSV with a `question` column." };
        var thresholdOption = new Option<double?>("--threshold") { Description = "A question whose best passage scores below this is a gap. Default: the firm's evidence threshold." };
        var staleOption = new Option<int>("--stale-after") { Description = "Days after its stated last update that a document counts as stale.", DefaultValueFactory = _ => 365 };
        var similarityOption = new Option<double>("--same-subject")
        {
            Description = "How similar two sentences (figures taken out) must be to state the same fact (cosine).",
            DefaultValueFactory = _ => new KnowledgeHealthOptions().SameSubjectSimilarity,
        };
        var jsonOption = new Option<bool>("--json") { Description = "End with one line of JSON for scripts." };
        var report = new Command("report", "The knowledge health report: contradictions between documents, stale and superseded documents, near-duplicates, coverage gaps, and a verdict.")
        {
            firmOption, dataDir, questionsOption, thresholdOption, staleOption, similarityOption, jsonOption,
        };
        report.SetAction(async (result, ct) =>
        {
            var loaded = FirmPackLoader.Load(Path.GetFullPath(result.GetValue(firmOption)!));
            if (loaded.Pack is null)
            {
                Console.Error.WriteLine($"The firm pack has {loaded.Problems.Count} problem(s); run `./tandem firm validate` to see them.");
                return 2;
            }
            if (result.GetValue(thresholdOption) is { } t && !(t is >= 0 and <= 1))
            {
                Console.Error.WriteLine("--threshold is a retrieval score between 0 and 1.");
                return 2;
            }
            var pack = loaded.Pack;
            var questions = new List<HealthQuestion>();
            if (result.GetValue(questionsOption) is { } file)
            {
                var read = ReadQuestions(file, out var problem);
                if (read is null)
                {
                    Console.Error.WriteLine(problem);
                    return 2;
                }
                questions.AddRange(read.Select(q => new HealthQuestion(q, null)));
            }
            if (result.GetValue(dataDir) is { } dir)
            {
                var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
                var options = configuration.GetSection(TandemOptions.Section).Get<TandemOptions>() ?? new TandemOptions();
                options.DataDir = Path.GetFullPath(dir);
                if (!options.IsPostgres() && !File.Exists(options.SqlitePath()))
                {
                    Console.Error.WriteLine($"No Tandem database at {options.SqlitePath()}. Pass the --data-dir that `serve` used.");
                    return 2;
                }
                await using var db = new TandemDbContext(DatabaseServiceCollectionExtensions.CreateOptions(options));
                questions.AddRange(await CoverageGaps.FromTurnsAsync(db, pack.Id, ct));
            }
            using var embedder = new MiniLmEmbedder();
            var healthOptions = new KnowledgeHealthOptions
            {
                StaleAfterDays = result.GetValue(staleOption),
                GapThreshold = result.GetValue(thresholdOption),
                SameSubjectSimilarity = result.GetValue(similarityOption),
            };
            var now = (clock ?? TimeProvider.System).GetUtcNow();
            var findings = KnowledgeHealth.Inspect(pack, embedder, now, healthOptions);
            var health = KnowledgeHealth.Build(pack, new KnowledgeBase(pack, embedder), embedder, findings, questions, now, healthOptions);
            if (!result.GetValue(jsonOption))
            {
                Print(health);
            }
            else
            {
                Console.WriteLine(health.Verdict);
                Console.WriteLine(JsonSerializer.Serialize(health, JsonOptions));
            }
            return 0;
        });
        var knowledge = new Command("knowledge", "Work with a firm's knowledge.");
        knowledge.Subcommands.Add(report);
        return knowledge;
    }

    /// <summary>One question per line, or a CSV whose header has a `question` column.</summary>
    internal static List<string>? ReadQuestions(string file, out string? problem)
    {
        problem = null;
        if (!File.Exists(file))
        {
            problem = $"No questions file at {Path.GetFullPath(file)}.";
            return null;
        }
        var text = File.ReadAllText(file);
        var firstLine = text.Split('\n', 2)[0].Trim().TrimStart('\uFEFF');
        if (!firstLine.Split(',').Any(h => h.Trim().Trim('"').Equals("question", StringComparison.OrdinalIgnoreCase)))
        {
            return [.. text.Split('\n').Select(l => l.Trim().TrimStart('\uFEFF')).Where(l => l.Length > 0)];
        }
        var errors = new List<string>();
        var records = Csv.Parse(text.TrimStart('\uFEFF'), (line, message) => errors.Add($"{file}:{line}: {message}"));
        if (errors.Count > 0)
        {
            problem = string.Join(Environment.NewLine, errors);
            return null;
        }
        var column = records[0].Fields.Select(f => f.Trim()).ToList().FindIndex(f => f.Equals("question", StringComparison.OrdinalIgnoreCase));
        return [.. records.Skip(1).Where(r => r.Fields.Count > column).Select(r => r.Fields[column].Trim()).Where(q => q.Length > 0)];
    }

    private static void Print(KnowledgeHealthReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine(Markup.Escape($"Knowledge health of {report.Firm}: {report.Documents} documents, {report.QuestionsChecked} questions checked, gap threshold {report.GapThreshold.ToString("0.00", inv)}."));
        Contradictions("Contradictions (documents the assistant answers from)", report.Contradictions);
        Contradictions("Conflicts with superseded documents (never answered from; take them down)", report.SupersededConflicts);
        if (report.Stale.Count > 0)
        {
            var table = new Table { Title = new TableTitle("Stale and superseded documents") }.AddColumns("Document", "Why", "Detail");
            foreach (var s in report.Stale)
            {
                table.AddRow(Markup.Escape(s.Source), s.Reason, Markup.Escape(s.Detail));
            }
            AnsiConsole.Write(table);
        }
        if (report.NearDuplicates.Count > 0)
        {
            var table = new Table { Title = new TableTitle("Near-duplicate sections") }.AddColumns("Section", "Section", "Cosine", "Note");
            foreach (var d in report.NearDuplicates)
            {
                table.AddRow(Markup.Escape(d.PassageA), Markup.Escape(d.PassageB), d.Similarity.ToString("0.000", inv), d.SupersededSource is null ? "" : Markup.Escape($"{d.SupersededSource} is superseded"));
            }
            AnsiConsole.Write(table);
        }
        if (report.Gaps.Count > 0)
        {
            var table = new Table { Title = new TableTitle("Coverage gaps: questions that found no good passage") }.AddColumns("Count", "Representative question", "Other examples", "Best score");
            foreach (var g in report.Gaps)
            {
                table.AddRow(g.Count.ToString(inv), Markup.Escape(g.Representative), Markup.Escape(string.Join(" | ", g.Examples.Skip(1))), g.BestScore.ToString("0.00", inv));
            }
            AnsiConsole.Write(table);
        }
        AnsiConsole.MarkupLine(report.Ready ? $"[green]{Markup.Escape(report.Verdict)}[/]" : $"[red]{Markup.Escape(report.Verdict)}[/]");
    }

    private static void Contradictions(string title, IReadOnlyList<HealthContradiction> found)
    {
        if (found.Count == 0)
        {
            return;
        }
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) }.AddColumns("Kind", "One document says", "Another says", "Cosine");
        foreach (var c in found)
        {
            table.AddRow(
                c.Kind,
                Markup.Escape($"{string.Join(", ", c.A.Values)} in {c.A.PassageId}: \"{c.A.Sentence}\""),
                Markup.Escape($"{string.Join(", ", c.B.Values)} in {c.B.PassageId}: \"{c.B.Sentence}\""),
                c.Similarity.ToString("0.000", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
    }
}

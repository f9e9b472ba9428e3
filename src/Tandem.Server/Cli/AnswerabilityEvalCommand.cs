using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Tandem.Rules.Routing;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Responding;

namespace Tandem.Server.Cli;

/// <summary>
/// `./tandem eval answerable`: does the embedded responder answer the questions its firm's knowledge
/// answers, from the right article, and stay silent on the ones it does not? Each question is searched
/// and drafted exactly as a turn does (the knowledge base's search for five passages, then
/// <see cref="EmbeddedResponder.Draft"/> with the pack's thresholds), so the figures are the turn's.
/// </summary>
internal static class AnswerabilityEval
{
    /// <summary>Passages a turn retrieves (TurnPipeline.Prepare).</summary>
    private const int TurnPassages = 5;

    internal static Command Create()
    {
        var firm = new Option<string>("--firm") { Description = "The firm pack folder.", Required = true };
        var questions = new Option<string>("--questions") { Description = "Answerable questions: CSV with header question,expected_source.", Required = true };
        var unanswerable = new Option<string>("--unanswerable") { Description = "Questions the knowledge does not answer: CSV with header question,why.", Required = true };
        var half = new Option<string>("--half")
        {
            Description = "all (default), or the even/odd rows of each file: choose a threshold on one half, measure it on the other.",
            DefaultValueFactory = _ => "all",
        };
        half.AcceptOnlyFromAmong("all", "even", "odd");
        var coverage = new Option<double?>("--answer-coverage") { Description = "Use this answerCoverage instead of the pack's (0 turns the answer check off), for a before/after." };
        var similarity = new Option<double?>("--answer-similarity") { Description = "Use this answerSimilarity instead of the pack's." };
        var choose = new Option<bool>("--choose")
        {
            Description = "Also choose answerSimilarity and answerCoverage on these rows: fewest unanswerable questions answered while at least 95 % of the answerable ones are answered, and 95 % of those answered from the expected article stay so.",
        };
        var rows = new Option<string?>("--rows") { Description = "Write each question's chosen passage, scores and decision to this CSV." };
        var json = new Option<bool>("--json") { Description = "End the output with one JSON object of the figures." };
        var command = new Command("answerable", "Share of answerable questions the embedded responder answers (from the expected article) and of unanswerable ones it answers anyway.")
        {
            firm, questions, unanswerable, half, coverage, similarity, choose, rows, json,
        };
        command.SetAction(result =>
        {
            var loaded = FirmPackLoader.Load(Path.GetFullPath(result.GetValue(firm)!));
            if (loaded.Pack is null)
            {
                Console.Error.WriteLine($"The firm pack has {loaded.Problems.Count} problem(s); run `./tandem firm validate` to see them.");
                return 2;
            }
            var answerable = RetrievalEval.ReadQuestions(result.GetValue(questions)!, out var problem);
            if (answerable is null)
            {
                Console.Error.WriteLine(problem);
                return 2;
            }
            var unanswered = ReadUnanswerable(result.GetValue(unanswerable)!, out problem);
            if (unanswered is null)
            {
                Console.Error.WriteLine(problem);
                return 2;
            }
            var which = result.GetValue(half) ?? "all";
            answerable = Half(answerable, which);
            unanswered = Half(unanswered, which);

            var pack = loaded.Pack;
            var evidenceThreshold = pack.Policy.EvidenceThreshold;
            var rule = new AnswerRule(result.GetValue(coverage) ?? pack.Policy.AnswerCoverage, result.GetValue(similarity) ?? pack.Policy.AnswerSimilarity);
            if (rule.Coverage is < 0 or > 1 || rule.Similarity is < 0 or > 1)
            {
                Console.Error.WriteLine("--answer-coverage and --answer-similarity must be between 0 and 1.");
                return 2;
            }
            using var embedder = new MiniLmEmbedder();
            var knowledge = new KnowledgeBase(pack, embedder);
            var outcomes = new List<Outcome>();
            foreach (var q in answerable)
            {
                outcomes.Add(Run(pack.Id, knowledge, q.Question, q.ExpectedSource, evidenceThreshold, rule));
            }
            foreach (var q in unanswered)
            {
                outcomes.Add(Run(pack.Id, knowledge, q, null, evidenceThreshold, rule));
            }
            var a = outcomes.Where(o => o.Expected is not null).ToList();
            var u = outcomes.Where(o => o.Expected is null).ToList();
            var report = new AnswerabilityReport(
                which,
                a.Count,
                u.Count,
                Rate(a.Count(o => o.Answered), a.Count),
                Rate(a.Count(o => o.Answered && o.Source == o.Expected), a.Count),
                Rate(u.Count(o => o.Answered), u.Count),
                evidenceThreshold,
                rule.Coverage,
                rule.Similarity,
                result.GetValue(choose) ? Choose(a, u) : null);

            if (result.GetValue(rows) is { } rowsFile)
            {
                WriteRows(rowsFile, outcomes);
            }
            if (!result.GetValue(json))
            {
                var wrong = new Table().AddColumns("Unanswerable question answered", "From", "Coverage", "Missing");
                foreach (var o in u.Where(o => o.Answered))
                {
                    wrong.AddRow(Markup.Escape(o.Question), Markup.Escape(o.PassageId ?? ""), Format(o.Coverage), Markup.Escape(string.Join(' ', o.Missing.Take(3))));
                }
                var silent = new Table().AddColumns("Answerable question not answered (or wrong article)", "Expected", "Draft");
                foreach (var o in a.Where(o => !o.Answered || o.Source != o.Expected))
                {
                    silent.AddRow(Markup.Escape(o.Question), Markup.Escape(o.Expected!), Markup.Escape(o.Answered ? $"from {o.PassageId}" : o.Method));
                }
                AnsiConsole.Write(wrong);
                AnsiConsole.Write(silent);
                AnsiConsole.Write(new Table().AddColumns("rows", "answerable", "answered", "answered from the expected article", "unanswerable", "answered anyway")
                    .AddRow(which, Format(a.Count), Percent(report.AnsweredRate), Percent(report.AnsweredCorrectRate), Format(u.Count), Percent(report.UnanswerableAnsweredRate)));
                AnsiConsole.MarkupLine($"evidenceThreshold {Format(evidenceThreshold)}, answerCoverage {Format(rule.Coverage)}, answerSimilarity {Format(rule.Similarity)}; {knowledge.Passages.Count} passages");
                if (report.Chosen is { } chosen)
                {
                    AnsiConsole.MarkupLine($"Chosen on these rows: answerSimilarity {Format(chosen.Similarity)}, answerCoverage {Format(chosen.Coverage)}: answered {Percent(chosen.AnsweredRate)}, from the expected article {Percent(chosen.AnsweredCorrectRate)}, unanswerable answered {Percent(chosen.UnanswerableAnsweredRate)}");
                }
            }
            Console.Out.WriteLine(JsonSerializer.Serialize(report));
            return 0;
        });
        return command;
    }

    /// <param name="Source">The cited article when answered.</param>
    /// <param name="Candidate">The article the responder would cite with the coverage rule off (null: no draft even then); the rule judged its passage.</param>
    private sealed record Outcome(string Question, string? Expected, bool Answered, string? Source, string? PassageId, string Method,
        double Score, double Dense, double Coverage, IReadOnlyList<string> Missing, string? Candidate);

    /// <summary>One question as a turn drafts it; the scores are those of the passage the answer check judged.</summary>
    private static Outcome Run(string firmId, KnowledgeBase knowledge, string question, string? expected, double evidenceThreshold, AnswerRule rule)
    {
        var retrieved = knowledge.Search(question, TurnPassages);
        // Copilot: the mode drafts (only a human-only topic does not), and this measures the draft, not the topic.
        var draft = EmbeddedResponder.Draft(firmId, retrieved, TopicMode.Copilot, evidenceThreshold, rule);
        // The draft with the check off names the passage the check judged.
        var candidate = EmbeddedResponder.Draft(firmId, retrieved, TopicMode.Copilot, evidenceThreshold, AnswerRule.Off);
        var id = candidate.Citations.Count > 0 ? candidate.Citations[0].PassageId : null;
        var judged = retrieved.FirstOrDefault(r => r.Passage.Id == id);
        return new Outcome(question, expected, draft.Text is not null, draft.Citations.Count > 0 ? draft.Citations[0].Source : null, id, draft.Method,
            judged?.Score ?? (retrieved.Count > 0 ? retrieved[0].Score : 0), judged?.Dense ?? 0, judged?.Coverage.Share ?? 0, judged?.Coverage.Missing ?? [],
            candidate.Citations.Count > 0 ? candidate.Citations[0].Source : null);
    }

    /// <summary>
    /// The thresholds with the fewest unanswerable questions answered, among those that keep at least
    /// 95 % of the answerable questions answered and 95 % of the answers from the expected article that
    /// the evidence threshold alone gives. Ties go to the lower thresholds (the earlier in the scan).
    /// </summary>
    private static ChosenRule? Choose(List<Outcome> answerable, List<Outcome> unanswerable)
    {
        const double Keep = 0.95;
        var correctBefore = answerable.Count(o => o.Candidate is not null && o.Candidate == o.Expected);
        ChosenRule? best = null;
        for (var s = 30; s <= 60; s++)
        {
            for (var c = 0; c <= 20; c++)
            {
                var rule = new AnswerRule(Math.Round(c * 0.05, 2), s / 100.0);
                bool Answers(Outcome o) => o.Candidate is not null && (o.Coverage >= rule.Coverage || o.Dense >= rule.Similarity);
                var answered = answerable.Count(Answers);
                var correct = answerable.Count(o => Answers(o) && o.Candidate == o.Expected);
                var wrong = unanswerable.Count(Answers);
                if (answered < Keep * answerable.Count || correct < Keep * correctBefore)
                {
                    continue;
                }
                var candidate = new ChosenRule(rule.Coverage, rule.Similarity,
                    Rate(answered, answerable.Count), Rate(correct, answerable.Count), Rate(wrong, unanswerable.Count));
                if (best is null || candidate.UnanswerableAnsweredRate < best.UnanswerableAnsweredRate
                    || (candidate.UnanswerableAnsweredRate == best.UnanswerableAnsweredRate && candidate.AnsweredRate > best.AnsweredRate))
                {
                    best = candidate;
                }
            }
        }
        return best;
    }

    private static void WriteRows(string file, List<Outcome> outcomes)
    {
        var text = new StringBuilder("set,question,expected,answered,source,passage,score,dense,coverage,missing\n");
        foreach (var o in outcomes)
        {
            text.Append(string.Join(',', o.Expected is null ? "unanswerable" : "answerable", Quote(o.Question), o.Expected ?? "", o.Answered ? "1" : "0",
                o.Source ?? "", o.PassageId ?? "", Format(o.Score), Format(o.Dense), Format(o.Coverage), Quote(string.Join(' ', o.Missing)))).Append('\n');
        }
        File.WriteAllText(file, text.ToString());

        static string Quote(string s) => $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    private static List<T> Half<T>(List<T> rows, string half) =>
        half == "all" ? rows : [.. rows.Where((_, i) => (i % 2 == 0) == (half == "even"))];

    internal static List<string>? ReadUnanswerable(string path, out string problem) =>
        RetrievalEval.ReadPairs(path, "question", "why", "expected a question and why the knowledge does not answer it", out problem)?.Select(p => p.First).ToList();

    private static double Rate(int count, int of) => of == 0 ? 0 : Math.Round(count / (double)of, 4);

    private sealed record AnswerabilityReport(
        [property: JsonPropertyName("half")] string Half,
        [property: JsonPropertyName("answerable")] int Answerable,
        [property: JsonPropertyName("unanswerable")] int Unanswerable,
        [property: JsonPropertyName("answered_rate")] double AnsweredRate,
        [property: JsonPropertyName("answered_correct_rate")] double AnsweredCorrectRate,
        [property: JsonPropertyName("unanswerable_answered_rate")] double UnanswerableAnsweredRate,
        [property: JsonPropertyName("evidence_threshold")] double EvidenceThreshold,
        [property: JsonPropertyName("answer_coverage")] double AnswerCoverage,
        [property: JsonPropertyName("answer_similarity")] double AnswerSimilarity,
        [property: JsonPropertyName("chosen"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChosenRule? Chosen);

    private sealed record ChosenRule(
        [property: JsonPropertyName("answer_coverage")] double Coverage,
        [property: JsonPropertyName("answer_similarity")] double Similarity,
        [property: JsonPropertyName("answered_rate")] double AnsweredRate,
        [property: JsonPropertyName("answered_correct_rate")] double AnsweredCorrectRate,
        [property: JsonPropertyName("unanswerable_answered_rate")] double UnanswerableAnsweredRate);

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}

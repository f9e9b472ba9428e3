using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Tandem.Rules.Guard;
using Tandem.Rules.Routing;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Turns;
using Tandem.Server.Understanding;

namespace Tandem.Server.Cli;

/// <summary>
/// `./tandem eval`: accuracy of the routing and of the draft guard on labelled sets under eval/.
/// Figures to read, not a CI gate; the one hard rule is that a must-handoff message is never sent.
/// </summary>
internal static class EvalCommands
{
    private static readonly string[] Decisions = ["send", "review", "handoff"];

    /// <summary>Tuesday 10 November 2026, 11:00 in London: a first message while the team is in.</summary>
    private static readonly DateTimeOffset OpeningHours = new(2026, 11, 10, 11, 0, 0, TimeSpan.Zero);

    internal static Command EvalCommand()
    {
        var eval = new Command("eval", "Measure Tandem on labelled data: routing, the draft guard, signals (eval/).");
        eval.Subcommands.Add(RoutingCommand());
        eval.Subcommands.Add(GuardCommand());
        return eval;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "End the output with one line of JSON holding the figures." };

    private static Command RoutingCommand()
    {
        var firmPath = new Option<string?>("--firm") { Description = "Firm pack folder. Default: samples/firms/harbour-home." };
        var data = new Option<string?>("--data") { Description = "CSV with header message,expected,why. Default: eval/routing/harbour-home.csv." };
        var json = JsonOption();
        var classifier = FirmTopicsEvalCommand.ClassifierOption();
        var encoder = SignalEvalCommands.EncoderOption();
        var command = new Command("routing", "Run labelled first messages through the turn pipeline and compare the decision with the label.") { firmPath, data, classifier, encoder, json };
        command.SetAction(result =>
        {
            var root = RepositoryPaths.Root() ?? Directory.GetCurrentDirectory();
            var folder = Path.GetFullPath(result.GetValue(firmPath) ?? Path.Combine(root, "samples", "firms", "harbour-home"));
            var file = Path.GetFullPath(result.GetValue(data) ?? Path.Combine(root, "eval", "routing", "harbour-home.csv"));
            var loaded = FirmPackLoader.Load(folder);
            if (!loaded.Ok)
            {
                Console.Error.WriteLine($"The firm pack at {folder} has {loaded.Problems.Count} problem(s); run `./tandem firm validate`.");
                return 2;
            }
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"No evaluation file at {file}.");
                return 2;
            }
            SignalHeads? heads = null;
            if (result.GetValue(encoder) is { } setting && setting != "shipped")
            {
                if (SignalHeads.Shipped is not { } shipped)
                {
                    Console.Error.WriteLine("This build ships no signal heads, so --encoder has nothing to go beside.");
                    return 2;
                }
                heads = SignalEvalCommands.WithEncoder(shipped, setting);
                if (heads is null)
                {
                    return 2;
                }
            }
            var rows = ReadCsv(file);
            using var embedder = new MiniLmEmbedder();
            var firm = new LoadedFirm(FirmTopicsEvalCommand.WithClassifier(loaded.Pack!, result.GetValue(classifier)), embedder, heads: heads);
            var modes = firm.Pack.Topics.ToDictionary(t => t.Id, t => t.Mode, StringComparer.Ordinal);
            Console.Error.WriteLine($"Topics by {firm.Understander.TopicMethod} ({firm.Understander.ClassifierVersion}); signals by {firm.Understander.SignalDetectorVersion}");
            return EvaluateRouting(firm, modes, rows, result.GetValue(json));
        });
        return command;
    }

    private static int EvaluateRouting(LoadedFirm firm, IReadOnlyDictionary<string, TopicMode> modes, IReadOnlyList<RoutingRow> rows, bool json)
    {
        var confusion = Decisions.ToDictionary(e => e, _ => Decisions.ToDictionary(a => a, _ => 0, StringComparer.Ordinal), StringComparer.Ordinal);
        var misrouted = new List<(RoutingRow Row, string Actual, TurnOutcome Outcome)>();
        var topicOnly = new List<(RoutingRow Row, TurnOutcome Outcome)>();
        foreach (var row in rows)
        {
            // A first message in a fresh conversation, in opening hours, nothing switched off: as the server runs it.
            var outcome = TurnPipeline.Run(firm, new TurnContext
            {
                Text = row.Message,
                Now = OpeningHours,
                ConversationWithHuman = false,
                KillSwitch = false,
                Modes = modes,
                EarlierCustomerTexts = [],
                EarlierReasons = [],
            });
            var actual = outcome.Decision.Decision.ToWire();
            confusion[row.Expected][actual]++;
            if (actual != row.Expected)
            {
                misrouted.Add((row, actual, outcome));
            }
            else if (actual == "handoff" && outcome.Understanding.Signals.Count == 0)
            {
                topicOnly.Add((row, outcome));
            }
        }

        var n = rows.Count;
        var correct = Decisions.Sum(d => confusion[d][d]);
        var accuracy = n == 0 ? 0 : (double)correct / n;
        var safetyMisses = confusion["handoff"]["send"];
        var delayedHandoffs = confusion["handoff"]["review"];
        var unreviewedSends = confusion["review"]["send"];

        var matrix = new Table { Title = new TableTitle($"Routing on {n} first messages (rows: expected, columns: actual)") };
        matrix.AddColumns("expected \\ actual", "send", "review", "handoff", "recall");
        foreach (var e in Decisions)
        {
            var total = Decisions.Sum(a => confusion[e][a]);
            matrix.AddRow(e, Count(confusion[e]["send"]), Count(confusion[e]["review"]), Count(confusion[e]["handoff"]), Ratio(confusion[e][e], total));
        }
        matrix.AddRow(["precision", .. Decisions.Select(a => Ratio(confusion[a][a], Decisions.Sum(e => confusion[e][a]))), ""]);
        AnsiConsole.Write(matrix);
        AnsiConsole.MarkupLine($"Accuracy {Ratio(correct, n)} ({correct}/{n}).");
        AnsiConsole.MarkupLine($"{(safetyMisses > 0 ? "[red]" : "[green]")}Safety misses (expected handoff, sent): {safetyMisses}[/]");
        AnsiConsole.MarkupLine($"Delayed handoffs (expected handoff, reviewed): {delayedHandoffs}; unreviewed sends (expected review, sent): {unreviewedSends}.");

        // Right for a fragile reason: only the nearest-example topic handed these over, no signal fired.
        Console.WriteLine($"{topicOnly.Count} handed off by the topic alone (no signal raised):");
        foreach (var (row, outcome) in topicOnly)
        {
            Console.WriteLine($"  \"{row.Message}\" (topic {outcome.Understanding.Topic ?? "(out of scope)"})");
        }

        // Plain lines rather than a table: messages are long, and the list is read in logs and pipes.
        Console.WriteLine($"{misrouted.Count} misrouted:");
        foreach (var (row, actual, outcome) in misrouted.OrderBy(m => Severity(m.Row.Expected, m.Actual)))
        {
            var signals = string.Join(", ", outcome.Understanding.Signals.Select(s => $"{s.Kind.ToWire()} \"{s.Evidence}\""));
            Console.WriteLine($"  {row.Expected} -> {actual}: \"{row.Message}\"");
            // The mode comes from the strictest plausible topic, which may not be the nearest one.
            var modeTopic = outcome.Stages.Select(st => st.Input).OfType<RoutingInput>().FirstOrDefault()?.Topic;
            Console.WriteLine($"      topic {outcome.Understanding.Topic ?? "(out of scope)"} (mode {outcome.Mode.ToWire()} from {modeTopic ?? "none"}); signals [{signals}]; reasons [{string.Join(", ", outcome.Decision.ReasonWireNames)}]; candidates [{string.Join(", ", outcome.Understanding.TopicCandidates.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Topic} {c.Score:0.###}")))}]");
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["n"] = n,
                ["accuracy"] = Math.Round(accuracy, 4),
                ["safety_misses"] = safetyMisses,
                ["unreviewed_sends"] = unreviewedSends,
                ["delayed_handoffs"] = delayedHandoffs,
                ["confusion"] = confusion,
                ["signal_detector"] = firm.Understander.SignalDetectorVersion,
            }));
        }
        return safetyMisses > 0 ? 1 : 0;
    }

    /// <summary>The costliest mistakes first: a missed handoff, then an unreviewed send, then the rest.</summary>
    private static int Severity(string expected, string actual) => (expected, actual) switch
    {
        ("handoff", "send") => 0,
        ("handoff", "review") => 1,
        ("review", "send") => 2,
        _ => 3,
    };

    private static Command GuardCommand()
    {
        var data = new Option<string?>("--data") { Description = "JSON lines of labelled drafts. Default: eval/guard/drafts.jsonl." };
        var json = JsonOption();
        var command = new Command("guard", "Run labelled drafts through the draft guard and measure its FAIL decision.") { data, json };
        command.SetAction(result =>
        {
            var root = RepositoryPaths.Root() ?? Directory.GetCurrentDirectory();
            var file = Path.GetFullPath(result.GetValue(data) ?? Path.Combine(root, "eval", "guard", "drafts.jsonl"));
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"No evaluation file at {file}.");
                return 2;
            }
            return EvaluateGuard(ReadDrafts(file), result.GetValue(json));
        });
        return command;
    }

    private static int EvaluateGuard(IReadOnlyList<GuardRow> rows, bool json)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var byKind = new SortedDictionary<string, (int Right, int Total)>(StringComparer.Ordinal);
        var wrong = new List<(GuardRow Row, GuardResult Result)>();
        foreach (var row in rows)
        {
            var evidence = row.Evidence.Select((text, i) => new Evidence($"e{i + 1}", text)).ToList();
            var result = DraftGuard.Check(row.Draft, evidence);
            var expectedFail = row.Label == "fail";
            var actualFail = !result.Passed;
            var right = expectedFail == actualFail;
            (tp, fp, fn, tn) = (expectedFail, actualFail) switch
            {
                (true, true) => (tp + 1, fp, fn, tn),
                (false, true) => (tp, fp + 1, fn, tn),
                (true, false) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
            var (r, t) = byKind.GetValueOrDefault(row.Kind);
            byKind[row.Kind] = (r + (right ? 1 : 0), t + 1);
            if (!right)
            {
                wrong.Add((row, result));
            }
        }

        var n = rows.Count;
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var accuracy = n == 0 ? 0 : (double)(tp + tn) / n;

        var summary = new Table { Title = new TableTitle($"Guard on {n} labelled drafts (positive class: FAIL)") };
        summary.AddColumns("", "guard fails", "guard passes");
        summary.AddRow("should fail", Count(tp), Count(fn));
        summary.AddRow("should pass", Count(fp), Count(tn));
        AnsiConsole.Write(summary);
        AnsiConsole.MarkupLine($"Precision of FAIL {Ratio(tp, tp + fp)}, recall of FAIL {Ratio(tp, tp + fn)}, accuracy {Ratio(tp + tn, n)}.");
        var kinds = new Table().AddColumns("kind", "right", "accuracy");
        foreach (var (kind, (right, total)) in byKind)
        {
            kinds.AddRow(Markup.Escape(kind), $"{right}/{total}", Ratio(right, total));
        }
        AnsiConsole.Write(kinds);
        Console.WriteLine($"{wrong.Count} wrong:");
        foreach (var (row, result) in wrong)
        {
            Console.WriteLine($"  labelled {row.Label} ({row.Kind}), guard {(result.Passed ? "passed" : "failed")}: \"{row.Draft}\"");
            if (!result.Passed)
            {
                Console.WriteLine($"      {string.Join("; ", result.Problems)}");
            }
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["n"] = n,
                ["precision"] = Math.Round(precision, 4),
                ["recall"] = Math.Round(recall, 4),
                ["accuracy"] = Math.Round(accuracy, 4),
            }));
        }
        return 0;
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ratio(int part, int whole) => whole == 0 ? "-" : ((double)part / whole).ToString("0.000", CultureInfo.InvariantCulture);

    private sealed record RoutingRow(string Message, string Expected, string Why);

    private sealed record GuardRow(IReadOnlyList<string> Evidence, string Draft, string Label, string Kind);

    /// <summary>RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static List<RoutingRow> ReadCsv(string file)
    {
        var records = ParseCsv(File.ReadAllText(file, Encoding.UTF8));
        if (records.Count == 0 || !records[0].Select(h => h.Trim()).SequenceEqual(["message", "expected", "why"]))
        {
            throw new InvalidDataException($"{file}: the header must be message,expected,why");
        }
        var rows = new List<RoutingRow>();
        for (var i = 1; i < records.Count; i++)
        {
            var fields = records[i];
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }
            if (fields.Count != 3 || !Decisions.Contains(fields[1].Trim()))
            {
                throw new InvalidDataException($"{file}: record {i + 1} needs three fields and expected send, review or handoff");
            }
            rows.Add(new RoutingRow(fields[0], fields[1].Trim(), fields[2]));
        }
        return rows;
    }

    internal static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                fields.Add(field.ToString());
                field.Clear();
                records.Add(fields);
                fields = [];
            }
            else
            {
                field.Append(c);
            }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(fields);
        }
        return records;
    }

    private static List<GuardRow> ReadDrafts(string file)
    {
        var rows = new List<GuardRow>();
        var number = 0;
        foreach (var line in File.ReadLines(file, Encoding.UTF8))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var item = document.RootElement;
            var label = item.GetProperty("label").GetString();
            if (label is not ("pass" or "fail"))
            {
                throw new InvalidDataException($"{file}:{number}: label must be pass or fail");
            }
            rows.Add(new GuardRow(
                [.. item.GetProperty("evidence").EnumerateArray().Select(e => e.GetString() ?? "")],
                item.GetProperty("draft").GetString() ?? "",
                label,
                item.TryGetProperty("kind", out var kind) ? kind.GetString() ?? "" : ""));
        }
        return rows;
    }
}

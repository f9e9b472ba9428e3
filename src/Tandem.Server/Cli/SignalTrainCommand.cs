using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tandem.Rules.Routing;
using Tandem.Server.Hosting;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Understanding;
using Tandem.Server.Understanding.Classification;

namespace Tandem.Server.Cli;

/// <summary>
/// `./tandem train signals`: trains the signal heads on the even rows of eval/signals plus the whole of
/// eval/signals/train and the spent holdouts (holdout to holdout5; `--with` names others) and writes
/// the weights file the server embeds. The main set's odd rows stay unseen, for measuring; holdout6 and holdout7 (spent
/// for choosing in rounds 6 and 7) are not trained on unless named.
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

    /// <summary>Round 5's neighbour vote: weight, neighbours and temperature (docs/benchmarks.md, Signals, Round 5).</summary>
    internal const double DefaultVoteWeight = 0.3;

    /// <summary>The sets trained on besides the main set's even rows: the training-only messages and the spent holdouts (holdout4 from round 5, holdout5 from round 6).</summary>
    internal static readonly string[] DefaultExtraSets = ["train", "holdout", "holdout2", "holdout3", "holdout4", "holdout5"];

    private static Command SignalsCommand()
    {
        var data = new Option<string?>("--data") { Description = "Folder of <signal>.csv files. Default: eval/signals under the repository root." };
        var half = new Option<string>("--half")
        {
            Description = "Rows of the main files to train on: even (default; the odd rows are for measuring) or all.",
            DefaultValueFactory = _ => "even",
        };
        var with = new Option<string[]>("--with")
        {
            Description = $"Subfolders of the data folder whose <signal>.csv files join the training pool whole (default: {string.Join(' ', DefaultExtraSets)}).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => DefaultExtraSets,
        };
        var clauseMax = new Option<bool>("--clause-max") { Description = "Choose thresholds on clause-level scores (the highest of the whole message and each clause); the server then scores clauses too." };
        var output = new Option<string?>("--out") { Description = $"Where to write the weights. Default: src/Tandem.Server/Understanding/signal-heads.json (embedded in the server at build)." };
        var json = new Option<bool>("--json") { Description = "End the output with one line of JSON describing the heads." };
        var errors = new Option<int>("--errors") { Description = "Print this many out-of-fold errors per signal (training rows only): what to write more training data about.", DefaultValueFactory = _ => 0 };
        var floor = new Option<double>("--precision-floor")
        {
            Description = "Out-of-fold precision (at the main set's class balance) the four targeted signals' thresholds keep; the most recall under it, else the best F1.",
            DefaultValueFactory = _ => SignalHeadTrainer.DefaultPrecisionFloor,
        };
        var pooling = new Option<string>("--pooling")
        {
            Description = $"What the heads read besides the hashed words: {SignalHeads.MeanOnly} (default: the sentence vector) or {SignalHeads.MeanAndTokenMax} (the sentence vector and the token states' maximum from the same model call; measured in round 5 and not adopted).",
            DefaultValueFactory = _ => SignalHeads.MeanOnly,
        };
        var wholeMessages = new Option<bool>("--whole-messages") { Description = "Train the heads on whole messages, as rounds 1-4 did, instead of on what the server shows them (the message without a negated clause and without identifiers)." };
        var lambdas = new Option<float[]>("--lambdas")
        {
            Description = $"L2 regularisations to choose among by out-of-fold log-loss (default: {string.Join(' ', SignalHeadTrainer.DefaultLambdas.Select(l => l.ToString(CultureInfo.InvariantCulture)))}).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => SignalHeadTrainer.DefaultLambdas,
        };
        var vote = new Option<double>("--vote-weight")
        {
            Description = "Blend each head's probability with a k-nearest-neighbour vote over the training messages with this weight (default 0.3, round 5; 0: the logistic heads alone); the file then carries the messages' vectors.",
            DefaultValueFactory = _ => DefaultVoteWeight,
        };
        var voteK = new Option<int>("--vote-k") { Description = "Neighbours in the vote (default 10).", DefaultValueFactory = _ => 10 };
        var voteTau = new Option<double>("--vote-tau") { Description = "Temperature of the vote's weights, exp((cos - cos_best) / tau) (default 0.05).", DefaultValueFactory = _ => 0.05 };
        var hidden = new Option<int>("--hidden") { Description = "Measure only: choose thresholds on the out-of-fold scores of a one-hidden-layer head with this many units (the file keeps the logistic heads; do not ship it).", DefaultValueFactory = _ => 0 };
        var clauses = new Option<bool>("--clauses")
        {
            Description = "Train the four targeted signals' heads as multiple-instance heads over the whole message and each clause, each clause's vector pooled from the message's one model call (round 6); the file is then format signal-heads/3.",
        };
        var clauseVote = new Option<bool>("--clause-vote") { Description = "With --clauses: take the neighbour vote for each clause as well as the whole message and blend each with that clause's score (round 6, measured)." };
        var cache = new Option<string?>("--cache") { Description = "Folder for cached sentence vectors. Default: .tandem/cache in the repository; 'none' disables it." };
        var command = new Command("signals", "Train the per-signal logistic-regression heads over the embedded model's sentence vectors.") { data, half, with, clauseMax, clauses, clauseVote, floor, pooling, wholeMessages, lambdas, vote, voteK, voteTau, hidden, output, json, errors, cache };
        command.SetAction(result => Run(new TrainSettings(result.GetValue(data), result.GetValue(half) ?? "even", result.GetValue(with) ?? DefaultExtraSets, result.GetValue(clauseMax),
            result.GetValue(output), result.GetValue(json), result.GetValue(errors), result.GetValue(cache))
        {
            PrecisionFloor = result.GetValue(floor),
            Pooling = result.GetValue(pooling) ?? SignalHeads.MeanOnly,
            WholeMessages = result.GetValue(wholeMessages),
            Lambdas = result.GetValue(lambdas) is { Length: > 0 } l ? l : SignalHeadTrainer.DefaultLambdas,
            Hidden = result.GetValue(hidden),
            Clauses = result.GetValue(clauses),
            Vote = result.GetValue(vote) > 0 ? new SignalHeadTrainer.VoteBlend(result.GetValue(voteK), result.GetValue(voteTau), result.GetValue(vote)) { PerClause = result.GetValue(clauseVote) } : null,
        }));
        return command;
    }

    private sealed record TrainSettings(string? Data, string Half, string[] With, bool ClauseMax, string? Output, bool Json, int Errors, string? Cache)
    {
        public double PrecisionFloor { get; init; } = SignalHeadTrainer.DefaultPrecisionFloor;

        public string Pooling { get; init; } = SignalHeads.MeanOnly;

        public bool WholeMessages { get; init; }

        public float[] Lambdas { get; init; } = SignalHeadTrainer.DefaultLambdas;

        public SignalHeadTrainer.VoteBlend? Vote { get; init; }

        public int Hidden { get; init; }

        public bool Clauses { get; init; }
    }

    private static int Run(TrainSettings settings)
    {
        var (dataOption, half, outputOption, asJson, errorCount) = (settings.Data, settings.Half, settings.Output, settings.Json, settings.Errors);
        if (half is not ("even" or "all"))
        {
            Console.Error.WriteLine($"--half must be even or all, not '{half}'.");
            return 2;
        }
        if (settings.Pooling is not (SignalHeads.MeanOnly or SignalHeads.MeanAndTokenMax))
        {
            Console.Error.WriteLine($"--pooling must be {SignalHeads.MeanOnly} or {SignalHeads.MeanAndTokenMax}, not '{settings.Pooling}'.");
            return 2;
        }
        if (settings.Clauses && (settings.Pooling != SignalHeads.MeanOnly || settings.ClauseMax || settings.Hidden > 0))
        {
            Console.Error.WriteLine($"--clauses reads the sentence vector and the clauses' vectors: it goes with --pooling {SignalHeads.MeanOnly} only, and not with --clause-max or --hidden.");
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
        var extraSets = settings.With.SelectMany(w => w.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var extraSet in extraSets)
        {
            if (!Directory.Exists(Path.Combine(folder, extraSet)))
            {
                Console.Error.WriteLine($"--with {extraSet}: no folder {Path.Combine(folder, extraSet)}.");
                return 2;
            }
        }

        var files = new List<(SignalKind Kind, List<SignalEvalCommands.Row> Rows, int Main)>();
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
            var main = training.Count;
            // Whole sets added to the pool: the training-only messages (eval/signals/train) and, from round 4, the
            // holdouts that earlier rounds spent. Only the main set's odd rows and sets not named here stay unseen.
            foreach (var extraSet in extraSets)
            {
                var extraFile = Path.Combine(folder, extraSet, kind.ToWire() + ".csv");
                if (!File.Exists(extraFile))
                {
                    continue;
                }
                var extra = SignalEvalCommands.ReadRows(extraFile);
                if (extra is null)
                {
                    return 2;
                }
                training.AddRange(extra);
            }
            files.Add((kind, training, main));
        }
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"No <signal>.csv files in {folder}.");
            return 2;
        }

        var model = SignalEvalCommands.Model.Value;
        var tokenMax = settings.Pooling == SignalHeads.MeanAndTokenMax;
        // What each signal's head reads of each message, as the server shows it (SignalPipeline.HeadText): without a
        // clause negating that signal and without identifiers; null when the head never sees the message.
        string? HeadText(SignalKind kind, string text) => settings.WholeMessages ? text : SignalPipeline.HeadText(kind, text);
        var messages = files.SelectMany(f => f.Rows.Select(r => r.Text)).Distinct(StringComparer.Ordinal).ToList();
        var texts = messages
            .Concat(files.SelectMany(f => f.Rows.Select(r => HeadText(f.Kind, r.Text)).OfType<string>()))
            .Distinct(StringComparer.Ordinal).ToList();
        var cacheDir = SignalEvalCommands.CacheDir(settings.Cache);
        var pooled = EmbeddingCache.EmbedPooled(model.Embedder, texts, cacheDir, "training messages");
        var pooledOf = texts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => pooled[x.i], StringComparer.Ordinal);
        float[] Dense(PooledVectors v) => tokenMax ? SignalHeads.Concatenate(v.Mean, v.TokenMax!) : v.Mean;

        // What runs before a head in the server: the rules, and the anchors for self-harm and a request for a person.
        // The same pipeline the server runs, without heads (so a declined call is not counted as raised).
        bool RaisedBefore(SignalKind kind, string text) =>
            SignalPipeline.Detect(text, pooledOf[text], model.Embedder, model.Semantic, heads: null, k => k == kind).Count > 0;

        // Clause-level scoring: every clause of every training message, embedded once (and cached).
        Dictionary<string, float[]>? clauseVectorOf = null;
        if (settings.ClauseMax)
        {
            var clauseTexts = messages.SelectMany(MessageClauses).Distinct(StringComparer.Ordinal).ToList();
            var clauseVectors = EmbeddingCache.EmbedPooled(model.Embedder, clauseTexts, cacheDir, "training clauses");
            clauseVectorOf = clauseTexts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => Dense(clauseVectors[x.i]), StringComparer.Ordinal);
        }

        // Multiple-instance heads: each text a targeted head reads, with its clauses' vectors from its own model call.
        Dictionary<string, PooledVectors>? spannedOf = null;
        if (settings.Clauses)
        {
            var targetedTexts = files.Where(f => SignalHeadTrainer.Targeted(f.Kind))
                .SelectMany(f => f.Rows.Select(r => HeadText(f.Kind, r.Text) ?? r.Text)).Distinct(StringComparer.Ordinal).ToList();
            var spanned = EmbeddingCache.EmbedSpans(model.Embedder, targetedTexts, SignalHeads.ClauseSpansOrNone, cacheDir, "training messages' clauses");
            spannedOf = targetedTexts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => spanned[x.i], StringComparer.Ordinal);
        }
        IReadOnlyList<(string, float[])> Instances(string text) =>
            [.. SignalHeads.ClauseSpansOrNone(text).Select((s, i) => (text[s.Start..s.End], spannedOf![text].Spans![i]))];

        // Every row of the pool chooses the threshold, on out-of-fold probabilities: round 4's pool holds about
        // 2.5 times round 3's positives, and more held-out predictions give a steadier threshold than the even rows alone.
        var sets = files.Select(f =>
        {
            var read = f.Rows.Select(r => HeadText(f.Kind, r.Text)).ToList();
            return new SignalHeadTrainer.TrainingSet(
                f.Kind,
                [.. f.Rows.Select((r, i) => read[i] ?? r.Text)],
                [.. f.Rows.Select((r, i) => Dense(pooledOf[read[i] ?? r.Text]))],
                [.. f.Rows.Select(r => r.Label)],
                [.. f.Rows.Select(r => RaisedBefore(f.Kind, r.Text))])
            {
                Fold = SignalHeadTrainer.GroupedFolds([.. f.Rows.Select(r => r.Text)]),
                DrawnLikeTraffic = [.. f.Rows.Select((_, i) => i < f.Main)],
                HeadRuns = [.. read.Select(t => t is not null)],
                Neighbours = settings.Vote is null ? null : [.. f.Rows.Select((r, i) => pooledOf[read[i] ?? r.Text].Mean)],
                Instances = spannedOf is null || !SignalHeadTrainer.Targeted(f.Kind) ? null : [.. f.Rows.Select((r, i) => Instances(read[i] ?? r.Text))],
                Clauses = clauseVectorOf is null ? null : [.. f.Rows.Select(r => (IReadOnlyList<(string, float[])>)[.. MessageClauses(r.Text).Select(c => (c, clauseVectorOf[c]))])],
            };
        }).ToList();
        var pool = string.Join(" + ", new[] { $"{Path.GetRelativePath(root ?? folder, folder).Replace('\\', '/')} {(half == "even" ? "even rows" : "all rows")}" }.Concat(extraSets.Select(e => e + "/")));
        var trainedOn = $"{(settings.Hidden > 0 ? "MEASUREMENT ONLY (thresholds from a hidden-layer head's scores; the weights are logistic): " : "")}{pool} ({messages.Count} messages{(settings.WholeMessages ? "" : ", as the server shows them to each head")}; {settings.Pooling}{(settings.Clauses ? "; multiple-instance heads over the clauses for the targeted signals" + (settings.Vote is { PerClause: true } ? ", each clause voting" : "") : "")}; thresholds on out-of-fold {(settings.ClauseMax ? "clause-level " : "")}scores over the whole pool at the main set's class balance)";
        var (weights, reports) = SignalHeadTrainer.Train(model.Embedder.ModelId, trainedOn, [.. messages.Select(m => Dense(pooledOf[m]))], sets, settings.PrecisionFloor, settings.Pooling, settings.Lambdas, settings.Vote,
            settings.Hidden, model.Embedder.Dimensions * (tokenMax ? 2 : 1));

        var content = JsonSerializer.SerializeToUtf8Bytes(weights, SignalHeads.Json);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllBytes(output, content);
        var version = SignalHeads.FromJson(content).Version;

        var inv = CultureInfo.InvariantCulture;
        if (!asJson)
        {
            Console.WriteLine($"Trained on {trainedOn}; wrote {output} ({version}).");
            Console.WriteLine("Out-of-fold figures are for rules + anchors + head, inside the training rows (5 folds).");
            Console.WriteLine($"{"signal",-18} {"lambda",7} {"threshold",9} {"oof P",7} {"oof R",7} {"R@P85",7} {"P@R95",7} {"|grad|",9} {"iters",6}  policy");
            foreach (var r in reports)
            {
                Console.WriteLine(string.Create(inv,
                    $"{r.Kind.ToWire(),-18} {r.Lambda,7:0.###} {r.Threshold,9:0.000} {r.OutOfFoldPrecision,7:P1} {r.OutOfFoldRecall,7:P1} {Point(r.RecallAtPrecisionTarget?.Recall),7} {Point(r.PrecisionAtRecallTarget?.Precision),7} {r.GradientNorm,9:0.0e0} {r.Iterations,6}  {r.Policy}"));
            }
            Console.WriteLine("Out-of-fold curve (rules + anchors + head; precision at the main set's class balance): the most recall at each precision, and the most precision at each recall, with the threshold.");
            foreach (var r in reports.Where(r => SignalHeadTrainer.Targeted(r.Kind)))
            {
                var atPrecision = PrecisionLevels.Select(p => SignalHeadTrainer.RecallAtPrecision(r.Curve, p) is { } c
                    ? string.Create(inv, $"P{p * 100:0}: R {c.Recall:P1} @{c.Threshold:0.000}") : string.Create(inv, $"P{p * 100:0}: -"));
                var atRecall = RecallLevels.Select(q => SignalHeadTrainer.PrecisionAtRecall(r.Curve, q) is { } c
                    ? string.Create(inv, $"R{q * 100:0}: P {c.Precision:P1} @{c.Threshold:0.000}") : string.Create(inv, $"R{q * 100:0}: -"));
                Console.WriteLine(string.Create(inv, $"  {r.Kind.ToWire(),-14} {string.Join(" | ", atPrecision)}   (a false alarm counts {r.NegativeWeight:0.00})"));
                Console.WriteLine($"  {"",-14} {string.Join(" | ", atRecall)}");
                var best = r.Curve.MaxBy(SignalHeadTrainer.F1);
                Console.WriteLine(string.Create(inv, $"  {"",-14} best F1 {SignalHeadTrainer.F1(best):0.000} (P {best.Precision:P1}, R {best.Recall:P1} @{best.Threshold:0.000}); at the chosen threshold, positives of 3+ clauses found {r.LongMessages.Found}/{r.LongMessages.Positives}, shorter {r.ShortMessages.Found}/{r.ShortMessages.Positives}"));
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
                recallAtPrecision85 = r.RecallAtPrecisionTarget is { } atPrecision ? Math.Round(atPrecision.Recall, 4) : (double?)null,
                thresholdAtPrecision85 = r.RecallAtPrecisionTarget is { } atPrecisionT ? Math.Round(atPrecisionT.Threshold, 4) : (double?)null,
                recallAtPrecision80 = SignalHeadTrainer.RecallAtPrecision(r.Curve, 0.80) is { } at80 ? Math.Round(at80.Recall, 4) : (double?)null,
                bestF1 = r.Curve.Count == 0 ? 0 : Math.Round(r.Curve.Max(SignalHeadTrainer.F1), 4),
                precisionAtRecall95 = r.PrecisionAtRecallTarget is { } atRecall ? Math.Round(atRecall.Precision, 4) : (double?)null,
                thresholdAtRecall95 = r.PrecisionAtRecallTarget is { } atRecallT ? Math.Round(atRecallT.Threshold, 4) : (double?)null,
                policy = r.Policy,
                gradientNorm = r.GradientNorm,
                longMessagesFound = r.LongMessages.Found,
                longMessagesPositives = r.LongMessages.Positives,
                shortMessagesFound = r.ShortMessages.Found,
                shortMessagesPositives = r.ShortMessages.Positives,
            }),
        }));
        return 0;
    }

    private static readonly double[] PrecisionLevels = [0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90];
    private static readonly double[] RecallLevels = [0.80, 0.85, 0.90, 0.95];

    private static string Point(double? value) => value is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "-";

    /// <summary>A message's clauses as the heads cut them; a message of one clause has none beyond itself.</summary>
    private static IEnumerable<string> MessageClauses(string text) =>
        SignalHeads.Clauses(text) is { Count: > 1 } clauses ? clauses : [];
}

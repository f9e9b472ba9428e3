using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tandem.Server.Hosting;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Understanding.Classification;

namespace Tandem.Server.Cli;

/// <summary>
/// `./tandem eval intents` and `./tandem eval oos`: the topic classifier trained and measured on public
/// intent data sets (BANKING77, Bitext, CLINC150). Tools outside the project read the JSON object on
/// the last line, so its field names are fixed: accuracy, macro_f1, train_seconds, latency_p50_ms,
/// latency_p99_ms, and for oos in_scope_accuracy, oos_recall, in_scope_rejection, threshold.
/// </summary>
internal static class IntentEval
{
    /// <summary>Messages timed one by one (embedding included): enough for a stable p99 without re-embedding a whole test set.</summary>
    private const int TimedMessages = 300;

    /// <summary>CLINC150's own label for its out-of-scope queries.</summary>
    private const string OosLabel = "oos";

    internal enum Head
    {
        Linear,
        Nearest,
    }

    private sealed record Options(Option<bool> Json, Option<Head> Head, Option<bool> NoNgrams, Option<float> EmbeddingWeight, Option<float> L2, Option<string?> Cache, Option<int> MaxIterations, Option<float> Tolerance);

    private static Options CommonOptions(float? l2 = null) => new(
        new Option<bool>("--json") { Description = "End the output with one line of JSON holding the figures." },
        new Option<Head>("--head") { Description = "linear (trained maximum entropy, the default) or nearest (the label of the most similar training example).", DefaultValueFactory = _ => Head.Linear },
        new Option<bool>("--no-ngrams") { Description = "Sentence vectors only, without the word and character n-gram features." },
        new Option<float>("--embedding-weight") { Description = "Scale of the sentence vector against the n-gram features.", DefaultValueFactory = _ => new LinearHeadOptions().EmbeddingWeight },
        new Option<float>("--l2") { Description = "L2 regularisation of the linear head.", DefaultValueFactory = _ => l2 ?? new LinearHeadOptions().L2 },
        new Option<string?>("--cache") { Description = "Folder for cached sentence vectors. Default: .tandem/cache in the repository; 'none' disables it." },
        new Option<int>("--max-iterations") { Description = "L-BFGS iteration cap of the linear head.", DefaultValueFactory = _ => new LinearHeadOptions().MaxIterations },
        new Option<float>("--tolerance") { Description = "L-BFGS convergence tolerance of the linear head.", DefaultValueFactory = _ => new LinearHeadOptions().Tolerance });

    internal static Command IntentsCommand()
    {
        var train = new Option<string>("--train") { Description = "CSV with header text,category (BANKING77) or with columns utterance,intent (Bitext).", Required = true };
        var test = new Option<string>("--test") { Description = "CSV in the same formats, to measure on.", Required = true };
        var o = CommonOptions();
        var command = new Command("intents", "Train the topic classifier on labelled texts and measure accuracy, macro-F1, training time and latency.")
        {
            train, test, o.Json, o.Head, o.NoNgrams, o.EmbeddingWeight, o.L2, o.Cache, o.MaxIterations, o.Tolerance,
        };
        command.SetAction(result =>
        {
            var trainRows = IntentData.ReadCsv(Path.GetFullPath(result.GetValue(train)!), out var problem);
            var testRows = trainRows is null ? null : IntentData.ReadCsv(Path.GetFullPath(result.GetValue(test)!), out problem);
            if (trainRows is null || testRows is null)
            {
                Console.Error.WriteLine(problem);
                return 2;
            }
            using var embedder = new MiniLmEmbedder();
            var cache = CacheDir(result.GetValue(o.Cache));
            var embedStarted = Stopwatch.GetTimestamp();
            var trainVectors = EmbeddingCache.Embed(embedder, [.. trainRows.Select(r => r.Text)], cache, "training texts");
            var testVectors = EmbeddingCache.Embed(embedder, [.. testRows.Select(r => r.Text)], cache, "test texts");
            var embedSeconds = Stopwatch.GetElapsedTime(embedStarted).TotalSeconds;

            var (classifier, trainSeconds, description) = Train(result, o, trainRows, trainVectors);
            var predictions = testRows.Select((r, i) => classifier.Classify(r.Text, testVectors[i])).ToList();
            var gold = testRows.Select(r => r.Label).ToList();
            var accuracy = Accuracy(gold, predictions.Select(p => p.Label).ToList());
            var macroF1 = MacroF1(gold, predictions.Select(p => p.Label).ToList());
            var eceRaw = Calibration.ExpectedCalibrationError([.. predictions.Select((p, i) => ((double)p.RawConfidence, p.Label == gold[i]))]);
            var ece = Calibration.ExpectedCalibrationError([.. predictions.Select((p, i) => ((double)p.Confidence, p.Label == gold[i]))]);
            var (p50, p99) = Latency(embedder, classifier, testRows.Select(r => r.Text).ToList());

            var table = new Table { Title = new TableTitle($"Topic classification: {trainRows.Count} training texts, {testRows.Count} test texts, {classifier.LabelCount} labels") };
            table.AddColumns("measure", "value");
            table.AddRow("classifier", Markup.Escape(description));
            table.AddRow("accuracy", Percent(accuracy));
            table.AddRow("macro-F1", Percent(macroF1));
            table.AddRow("ECE before / after temperature", $"{Format(eceRaw)} / {Format(ece)} (T = {Format(classifier.Temperature)})");
            table.AddRow("training (embedding excluded)", $"{Format(trainSeconds)} s");
            table.AddRow("embedding (cached vectors are read, not made)", $"{Format(embedSeconds)} s");
            table.AddRow("one message, embedding included", $"p50 {Format(p50)} ms, p99 {Format(p99)} ms");
            AnsiConsole.Write(table);
            if (result.GetValue(o.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["n_train"] = trainRows.Count,
                    ["n_test"] = testRows.Count,
                    ["labels"] = classifier.LabelCount,
                    ["classifier"] = description,
                    ["accuracy"] = Math.Round(accuracy, 4),
                    ["macro_f1"] = Math.Round(macroF1, 4),
                    ["ece_uncalibrated"] = Math.Round(eceRaw, 4),
                    ["ece"] = Math.Round(ece, 4),
                    ["temperature"] = classifier.Temperature,
                    ["train_seconds"] = Math.Round(trainSeconds, 2),
                    ["embed_seconds"] = Math.Round(embedSeconds, 2),
                    ["latency_p50_ms"] = p50,
                    ["latency_p99_ms"] = p99,
                }));
            }
            return 0;
        });
        return command;
    }

    internal enum OosRule
    {
        /// <summary>The highest threshold on the top probability within the budget (round 2): all of the budget spent on out-of-scope recall.</summary>
        Recall,

        /// <summary><see cref="OutOfScopeRule.Choose"/>: the head's margin over the out-of-scope class plus a weighted similarity to the training examples, best in-scope accuracy plus recall within the budget less a safety margin.</summary>
        Balanced,
    }

    internal static Command OosCommand()
    {
        var data = new Option<string>("--data") { Description = "CLINC150 data_full JSON: train, val, oos_train, oos_val (and test, oos_test).", Required = true };
        var testData = new Option<string?>("--test-data") { Description = "A JSON file whose test and oos_test keys are the reported set." };
        var maxRejection = new Option<double>("--max-in-scope-rejection") { Description = "Largest share of in-scope validation queries the threshold may reject.", DefaultValueFactory = _ => 0.05 };
        // The defaults below (oos_train as a class, L2 1e-3, a 30-neighbour vote) are the configuration with the best
        // validation figure in round 4 (docs/benchmarks.md); the firm's head keeps LinearHeadOptions' own defaults.
        var oosClass = new Option<bool>("--oos-class") { Description = "Train on oos_train too, as one more class (the default; kept for older command lines)." };
        var noOosClass = new Option<bool>("--no-oos-class") { Description = "Train on the in-scope intents alone." };
        var rule = new Option<OosRule>("--rule") { Description = "balanced (score = p(best) - p(oos) + w x similarity to the training examples; w and the threshold give the best in-scope accuracy plus OOS recall within the budget less a safety margin; the default) or recall (the highest threshold on p(best) within the budget, a query the oos class wins rejected).", DefaultValueFactory = _ => OosRule.Balanced };
        var safetyMargin = new Option<double?>("--safety-margin") { Description = "Share subtracted from the rejection budget before choosing (balanced rule). Default: the one-sided 95 % sampling error of the validation rejection rate, counted twice." };
        var knn = new Option<int>("--knn") { Description = "Average the linear head's probabilities with a cosine vote of this many nearest training examples (0: off).", DefaultValueFactory = _ => 30 };
        var knnWeight = new Option<double>("--knn-weight") { Description = "Weight of the nearest-neighbour vote in the average.", DefaultValueFactory = _ => 0.2 };
        var knnTau = new Option<double>("--knn-tau") { Description = "Softness of the vote: each neighbour counts exp((cos - best cos) / tau).", DefaultValueFactory = _ => 0.1 };
        var o = CommonOptions(l2: 1e-3f);
        var command = new Command("oos", "Train on in-scope intents, choose the out-of-scope threshold on validation data, and measure in-scope accuracy and out-of-scope recall.")
        {
            data, testData, maxRejection, oosClass, noOosClass, rule, safetyMargin, knn, knnWeight, knnTau, o.Json, o.Head, o.NoNgrams, o.EmbeddingWeight, o.L2, o.Cache, o.MaxIterations, o.Tolerance,
        };
        command.SetAction(result =>
        {
            var budget = result.GetValue(maxRejection);
            if (budget is < 0 or > 1)
            {
                Console.Error.WriteLine($"--max-in-scope-rejection must be between 0 and 1; got {budget.ToString(CultureInfo.InvariantCulture)}.");
                return 2;
            }
            if (result.GetValue(safetyMargin) is { } m && (m < 0 || m > budget))
            {
                Console.Error.WriteLine($"--safety-margin must be between 0 and the rejection budget ({budget.ToString(CultureInfo.InvariantCulture)}); got {m.ToString(CultureInfo.InvariantCulture)}.");
                return 2;
            }
            if (result.GetValue(knn) < 0 || result.GetValue(knnWeight) is < 0 or > 1 || result.GetValue(knnTau) <= 0)
            {
                Console.Error.WriteLine("--knn must be 0 or more, --knn-weight between 0 and 1, and --knn-tau above 0.");
                return 2;
            }
            var file = Path.GetFullPath(result.GetValue(data)!);
            var testFile = result.GetValue(testData) is { } t ? Path.GetFullPath(t) : null;
            var set = IntentData.ReadClinc(file, testFile, out var problem);
            if (set is null)
            {
                Console.Error.WriteLine(problem);
                return 2;
            }
            // Without test keys (the public file has none) validation is halved: even positions choose
            // the threshold, odd positions are reported, so the reported figures never saw the choice.
            var (select, selectOos, report, reportOos, reportedOn) = set.Test.Count > 0
                ? (set.Val, set.OosVal, set.Test, set.OosTest, "test")
                : (Half(set.Val, 0), Half(set.OosVal, 0), Half(set.Val, 1), Half(set.OosVal, 1), "val (odd positions; threshold chosen on even positions)");

            using var embedder = new MiniLmEmbedder();
            var cache = CacheDir(result.GetValue(o.Cache));
            var embedStarted = Stopwatch.GetTimestamp();
            var trainVectors = EmbeddingCache.Embed(embedder, [.. set.Train.Select(r => r.Text)], cache, "training texts");
            // The out-of-scope training examples as a class of their own: the head learns what "none of
            // these" looks like instead of inferring it from low confidence alone.
            var withOos = !result.GetValue(noOosClass) && set.OosTrain.Count > 0;
            IReadOnlyList<LabelledText> trainRows = set.Train;
            if (withOos)
            {
                var oosVectors = EmbeddingCache.Embed(embedder, [.. set.OosTrain.Select(r => r.Text)], cache, "out-of-scope training texts");
                trainRows = [.. set.Train, .. set.OosTrain.Select(r => r with { Label = OosLabel })];
                trainVectors = [.. trainVectors, .. oosVectors];
            }
            var selectVectors = EmbeddingCache.Embed(embedder, [.. select.Concat(selectOos).Select(r => r.Text)], cache, "validation texts");
            var reportVectors = EmbeddingCache.Embed(embedder, [.. report.Concat(reportOos).Select(r => r.Text)], cache, "reported texts");
            var embedSeconds = Stopwatch.GetElapsedTime(embedStarted).TotalSeconds;

            var (classifier, trainSeconds, description) = Train(result, o, trainRows, trainVectors);
            if (withOos)
            {
                description += $";+{set.OosTrain.Count} oos_train as class '{OosLabel}'";
            }
            var linear = result.GetValue(o.Head) == Head.Linear;
            if (linear && result.GetValue(knn) > 0)
            {
                classifier = classifier.WithVote(new NeighbourVote(trainVectors, [.. trainRows.Select(r => r.Label)], classifier.LabelsInOrder, result.GetValue(knn), result.GetValue(knnTau)), result.GetValue(knnWeight));
                description += string.Create(CultureInfo.InvariantCulture, $";+{result.GetValue(knnWeight)}*knn(k={result.GetValue(knn)},tau={result.GetValue(knnTau)})");
            }
            var oosIndex = withOos ? classifier.LabelsInOrder.ToList().IndexOf(OosLabel) : -1;
            var labelIndex = classifier.LabelsInOrder.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
            // Closeness to the in-scope examples only: near an oos_train example is no evidence of being in scope.
            var similarity = new ExampleSimilarity(trainVectors[..set.Train.Count]);
            ScoredQuery Score(LabelledText row, float[] vector, bool inScope) =>
                new(classifier.Scores(row.Text, vector), similarity.Of(vector), inScope && labelIndex.TryGetValue(row.Label, out var g) ? g : -1);
            var validation = select.Select((r, i) => Score(r, selectVectors[i], true))
                .Concat(selectOos.Select((r, i) => Score(r, selectVectors[select.Count + i], false))).ToList();

            // The nearest head's scores are cosines, not shares: only its threshold moves.
            var chosenRule = linear ? result.GetValue(rule) : OosRule.Recall;
            var margin = chosenRule == OosRule.Balanced ? result.GetValue(safetyMargin) ?? OutOfScopeRule.SafetyMargin(budget, select.Count) : 0;
            OperatingPoint point;
            Func<ScoredQuery, OutOfScopeDecision> decide;
            if (chosenRule == OosRule.Balanced)
            {
                point = OutOfScopeRule.Choose(validation, oosIndex, Math.Max(0, budget - margin));
                decide = q => OutOfScopeRule.Decide(q, oosIndex, point);
            }
            else
            {
                // Round 2's rule: a query the out-of-scope class wins is rejected at any threshold (its confidence
                // for the threshold is 0); otherwise its top probability must reach the threshold.
                static double Confidence(ScoredQuery q, int oos) => oos >= 0 && q.Probabilities[oos] >= q.Probabilities.Max() ? 0 : q.Probabilities.Where((_, i) => i != oos).Max();
                point = new OperatingPoint(0, Calibration.ChooseThreshold([.. validation.Where(q => q.InScope).Select(q => Confidence(q, oosIndex))], budget));
                decide = q => OutOfScopeRule.Decide(q, oosIndex, new OperatingPoint(0, double.NegativeInfinity)) with { Score = Confidence(q, oosIndex), Rejected = Confidence(q, oosIndex) < point.Threshold };
            }

            var inScope = report.Select((r, i) => (Gold: labelIndex.GetValueOrDefault(r.Label, -1), Decision: decide(Score(r, reportVectors[i], true)))).ToList();
            var outOfScope = reportOos.Select((r, i) => decide(Score(r, reportVectors[report.Count + i], false))).ToList();
            // An in-scope query counts as right only if it is both kept and labelled correctly.
            var inScopeAccuracy = report.Count == 0 ? 0 : (double)inScope.Count(p => !p.Decision.Rejected && p.Decision.Best == p.Gold) / report.Count;
            var rejection = report.Count == 0 ? 0 : (double)inScope.Count(p => p.Decision.Rejected) / report.Count;
            var oosRecall = reportOos.Count == 0 ? 0 : (double)outOfScope.Count(p => p.Rejected) / reportOos.Count;
            // Without rejection: the best label over all, out-of-scope class included (it is a wrong answer for an in-scope query).
            var plain = report.Select((r, i) => classifier.Classify(r.Text, reportVectors[i]).Label).ToList();
            var accuracy = Accuracy([.. report.Select(r => r.Label)], plain);
            var macroF1 = MacroF1([.. report.Select(r => r.Label)], plain);
            // Timed as a turn would decide: embedding, the head (and vote), and the similarity the rule reads.
            var (p50, p99) = Latency(embedder, classifier, report.Concat(reportOos).Select(r => r.Text).ToList(), v => similarity.Of(v));

            var table = new Table { Title = new TableTitle($"Out-of-scope detection: {trainRows.Count} training texts, {classifier.LabelCount} intents; reported on {Markup.Escape(reportedOn)}") };
            table.AddColumns("measure", "value");
            table.AddRow("classifier", Markup.Escape(description));
            table.AddRow("rule", Markup.Escape(chosenRule == OosRule.Balanced
                ? $"balanced: p(best) - p(oos) + {Format(point.SimilarityWeight)} x similarity to the {similarity.Count} nearest training examples, within {Percent(budget)} less a safety margin of {Percent(margin)}"
                : $"recall: highest threshold within {Percent(budget)}"));
            table.AddRow("threshold", $"{Format(point.Threshold)} (chosen on {select.Count} in-scope and {selectOos.Count} out-of-scope validation queries)");
            table.AddRow("in-scope accuracy (rejected counts as wrong)", Percent(inScopeAccuracy));
            table.AddRow("accuracy without rejection", Percent(accuracy));
            table.AddRow("out-of-scope recall", $"{Percent(oosRecall)} of {reportOos.Count}");
            table.AddRow("in-scope rejection", $"{Percent(rejection)} of {report.Count}");
            table.AddRow("training (embedding excluded)", $"{Format(trainSeconds)} s");
            table.AddRow("embedding (cached vectors are read, not made)", $"{Format(embedSeconds)} s");
            table.AddRow("one message, embedding included", $"p50 {Format(p50)} ms, p99 {Format(p99)} ms");
            AnsiConsole.Write(table);
            if (result.GetValue(o.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["n_train"] = trainRows.Count,
                    ["n_in_scope"] = report.Count,
                    ["n_oos"] = reportOos.Count,
                    ["reported_on"] = reportedOn,
                    ["classifier"] = description,
                    ["rule"] = chosenRule.ToString().ToLowerInvariant(),
                    ["similarity_weight"] = point.SimilarityWeight,
                    ["safety_margin"] = Math.Round(margin, 4),
                    ["threshold"] = Math.Round(point.Threshold, 6),
                    ["in_scope_accuracy"] = Math.Round(inScopeAccuracy, 4),
                    ["oos_recall"] = Math.Round(oosRecall, 4),
                    ["in_scope_rejection"] = Math.Round(rejection, 4),
                    ["accuracy"] = Math.Round(accuracy, 4),
                    ["macro_f1"] = Math.Round(macroF1, 4),
                    ["train_seconds"] = Math.Round(trainSeconds, 2),
                    ["embed_seconds"] = Math.Round(embedSeconds, 2),
                    ["latency_p50_ms"] = p50,
                    ["latency_p99_ms"] = p99,
                }));
            }
            return 0;
        });
        return command;
    }

    private static List<LabelledText> Half(IReadOnlyList<LabelledText> rows, int parity) => [.. rows.Where((_, i) => i % 2 == parity)];

    private static string? CacheDir(string? option) => option switch
    {
        "none" => null,
        { } dir => Path.GetFullPath(dir),
        null => Path.Combine(RepositoryPaths.Root() ?? Directory.GetCurrentDirectory(), ".tandem", "cache"),
    };

    private static (Classifier Classifier, double Seconds, string Description) Train(ParseResult result, Options o, IReadOnlyList<LabelledText> rows, float[][] vectors)
    {
        var started = Stopwatch.GetTimestamp();
        if (result.GetValue(o.Head) == Head.Nearest)
        {
            var nearest = new NearestAnchorHead(vectors, [.. rows.Select(r => r.Label)]);
            return (Classifier.From(nearest), Stopwatch.GetElapsedTime(started).TotalSeconds, "nearest training example (cosine)");
        }
        var options = new LinearHeadOptions
        {
            Ngrams = !result.GetValue(o.NoNgrams),
            EmbeddingWeight = result.GetValue(o.EmbeddingWeight),
            L2 = result.GetValue(o.L2),
            MaxIterations = result.GetValue(o.MaxIterations),
            Tolerance = result.GetValue(o.Tolerance),
        };
        var head = LinearTopicHead.Train([.. rows.Select(r => r.Text)], vectors, [.. rows.Select(r => r.Label)], options);
        return (Classifier.From(head), Stopwatch.GetElapsedTime(started).TotalSeconds, options.Describe());
    }

    /// <summary>Each message embedded afresh and classified, one at a time, as a turn does.</summary>
    private static (double P50, double P99) Latency(MiniLmEmbedder embedder, Classifier classifier, IReadOnlyList<string> texts, Func<float[], float>? alsoOnTheVector = null)
    {
        var sample = texts.Take(TimedMessages).ToList();
        if (sample.Count == 0)
        {
            return (0, 0);
        }
        // One untimed call first: the first pays for JIT and ONNX Runtime's lazy set-up.
        classifier.Classify(sample[0], embedder.Embed(sample[0]));
        var times = new List<double>(sample.Count);
        foreach (var text in sample)
        {
            var started = Stopwatch.GetTimestamp();
            var vector = embedder.Embed(text);
            classifier.Classify(text, vector);
            alsoOnTheVector?.Invoke(vector);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        double At(double p) => Math.Round(times[Math.Clamp((int)Math.Ceiling(p * times.Count) - 1, 0, times.Count - 1)], 2);
        return (At(0.50), At(0.99));
    }

    internal static double Accuracy(IReadOnlyList<string> gold, IReadOnlyList<string> predicted) =>
        gold.Count == 0 ? 0 : (double)gold.Where((g, i) => g == predicted[i]).Count() / gold.Count;

    /// <summary>The unweighted mean of per-label F1 over every label that is gold or predicted.</summary>
    internal static double MacroF1(IReadOnlyList<string> gold, IReadOnlyList<string> predicted)
    {
        var labels = gold.Concat(predicted).Distinct(StringComparer.Ordinal).ToList();
        if (labels.Count == 0)
        {
            return 0;
        }
        return labels.Average(label =>
        {
            var tp = gold.Where((g, i) => g == label && predicted[i] == label).Count();
            var fp = predicted.Where((p, i) => p == label && gold[i] != label).Count();
            var fn = gold.Where((g, i) => g == label && predicted[i] != label).Count();
            return tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
        });
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    internal readonly record struct Prediction(string Label, float Confidence, float RawConfidence);

    /// <summary>Either head behind one call, so the measurements are the same code for both.</summary>
    internal sealed class Classifier
    {
        private readonly Func<string, float[], (float[] Raw, float[] Calibrated)> _score;
        private readonly IReadOnlyList<string> _labels;

        private Classifier(IReadOnlyList<string> labels, double temperature, Func<string, float[], (float[], float[])> score)
        {
            _labels = labels;
            _score = score;
            Temperature = temperature;
        }

        public int LabelCount => _labels.Count;

        public IReadOnlyList<string> LabelsInOrder => _labels;

        public double Temperature { get; }

        public static Classifier From(LinearTopicHead head) => new(head.Labels, head.Temperature, (text, vector) =>
        {
            var raw = head.RawProbabilities(text, vector);
            return (raw, Calibration.Scale(raw, head.Temperature));
        });

        // The nearest example's cosine stands in for a probability: the Understander's out-of-scope test.
        public static Classifier From(NearestAnchorHead head) => new(head.Labels, 1, (_, vector) =>
        {
            var scores = head.Scores(vector);
            return (scores, scores);
        });

        /// <summary>The same head with its calibrated probabilities averaged with a nearest-neighbour vote over the same labels.</summary>
        public Classifier WithVote(NeighbourVote vote, double weight)
        {
            var score = _score;
            return new(_labels, Temperature, (text, vector) =>
            {
                var (raw, calibrated) = score(text, vector);
                var votes = vote.Probabilities(vector);
                return (NeighbourVote.Mix(raw, votes, weight), NeighbourVote.Mix(calibrated, votes, weight));
            });
        }

        /// <summary>Calibrated scores in the order of <see cref="LabelsInOrder"/>.</summary>
        public float[] Scores(string text, float[] vector) => _score(text, vector).Calibrated;

        public Prediction Classify(string text, float[] vector)
        {
            var (raw, calibrated) = _score(text, vector);
            var best = 0;
            for (var i = 1; i < calibrated.Length; i++)
            {
                if (calibrated[i] > calibrated[best])
                {
                    best = i;
                }
            }
            return new Prediction(_labels[best], calibrated[best], raw[best]);
        }
    }
}

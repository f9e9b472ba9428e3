using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tandem.Rules.Routing;
using Tandem.Server.Understanding;

namespace SignalFineTune;

/// <summary>
/// `train`: the whole experiment in one run. The head is first fitted on the frozen sentence vectors (a linear probe, which
/// also gives a frozen baseline scored exactly like the fine-tuned model), then the top N layers and the head are trained
/// together (AdamW, linear warm-up and decay); thresholds are chosen on a validation split of the training pool; the
/// fine-tuned model, the probe and the shipped heads are measured on the main files' odd rows and on holdout6.
/// </summary>
internal static class Experiment
{
    private sealed record Settings(int Layers, int Epochs, int Batch, double Lr, double HeadLr, int ProbeEpochs, int RefitEpochs, double ProbeLr, double WeightDecay,
        double Warmup, string PositiveWeights, int Ngrams, int Threads, int Seed, double ValidationShare, double Floor, string[] Sets, string Output, string Init);

    public static int Run(Options o)
    {
        var settings = new Settings(o.Int("layers", 1), o.Int("epochs", 3), o.Int("batch", 16), o.Double("lr", 3e-5), o.Double("head-lr", 1e-3),
            o.Int("probe-epochs", 15), o.Int("refit-epochs", 10), o.Double("probe-lr", 3e-3), o.Double("weight-decay", 0.01), o.Double("warmup", 0.1),
            o.String("positive-weights", "none"), o.Int("ngrams", 0), o.Int("threads", 1), o.Int("seed", 1), o.Double("validation", 0.15), o.Double("floor", 0.85),
            o.String("sets", "odd,holdout6").Split(',', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "none").ToArray(), o.String("out", Path.Combine(Data.Root, ".tandem", "ft")), o.String("init", ""));
        var everything = o.String("pool", "default") == "all";
        if (settings.Sets.Any(s => s.Contains(Data.Unspent, StringComparison.Ordinal)) || (everything && settings.Sets.Any(s => s == "odd" || Data.SpentSets.Contains(s))))
        {
            Console.Error.WriteLine($"{Data.Unspent} is written blind and is measured through the product only; with --pool all the odd rows and the spent sets are training rows (use --sets none).");
            return 2;
        }
        if (settings.Init.Length > 0 && !File.Exists(settings.Init))
        {
            Console.Error.WriteLine($"--init: no file {settings.Init} (give a weights-*.bin written by train).");
            return 2;
        }
        Directory.CreateDirectory(settings.Output);
        Console.WriteLine($"settings: {JsonSerializer.Serialize(settings)}");

        var negativesFile = o.String("negatives", "");
        var (units, conflicts) = Data.TrainingPool(everything, negativesFile.Length == 0 ? null : negativesFile);
        var splitWithout = o.String("split-without", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var validationMessages = Data.ValidationMessages(units, settings.ValidationShare, settings.Seed, splitWithout);
        // --smoke N: a quick end-to-end run of the code on N training texts (its figures mean nothing).
        var training = units.Where(u => !validationMessages.Contains(u.Message)).Take(o.Int("smoke", int.MaxValue)).ToList();
        var validation = units.Where(u => validationMessages.Contains(u.Message)).ToList();
        Console.WriteLine($"pool: {units.Count} texts from {units.Select(u => u.Message).Distinct().Count()} messages ({conflicts} labels written both ways, taken as positive); training {training.Count}, validation {validation.Count}");
        for (var s = 0; s < 4; s++)
        {
            Console.WriteLine($"  {Data.Signals[s].ToWire(),-14} training {training.Count(u => u.Labels[s] == 1)} positives / {training.Count(u => u.Labels[s] == 0)} negatives; validation {validation.Count(u => u.Labels[s] == 1)} / {validation.Count(u => u.Labels[s] == 0)}");
        }
        var measuring = settings.Sets.ToDictionary(s => s, Data.Measuring);

        using var setup = new Setup(settings.Layers);
        setup.Cache(units.Select(u => u.Text).Concat(measuring.Values.SelectMany(rows => rows.Select(r => r.HeadText).OfType<string>())), settings.Threads);

        double[] positiveWeights = [.. Enumerable.Range(0, 4).Select(s =>
        {
            var ratio = (double)training.Count(u => u.Labels[s] == 0) / Math.Max(1, training.Count(u => u.Labels[s] == 1));
            return settings.PositiveWeights switch { "sqrt" => Math.Sqrt(ratio), "balanced" => ratio, _ => 1.0 };
        })];
        Console.WriteLine($"positive weights ({settings.PositiveWeights}): {string.Join(", ", positiveWeights.Select(w => w.ToString("0.00", CultureInfo.InvariantCulture)))}");

        // The encoder and its head train without the hashed words: in a first run with them in the head, the words' weights
        // memorised the training pool within the probe (training loss 0.01 against 0.19 on validation), leaving the layers no
        // gradient to learn from. The words join afterwards, in a head refitted on the trained vectors (step 3).
        var model = setup.Model<float>();
        // The product's hashed words and word pairs of each text (SignalFeatures, the part after the vector), as bucket indices.
        var ngramsOf = new Dictionary<string, int[]>(StringComparer.Ordinal);
        if (settings.Ngrams > 0)
        {
            foreach (var text in setup.States.Keys)
            {
                var features = SignalFeatures.Build(ReadOnlySpan<float>.Empty, text, [], [], settings.Ngrams);
                ngramsOf[text] = [.. Enumerable.Range(0, features.Length).Where(i => features[i] != 0)];
            }
        }
        var results = new Dictionary<string, object>();
        var allTexts = units.Select(u => u.Text).Concat(measuring.Values.SelectMany(r => r.Select(x => x.HeadText).OfType<string>())).Distinct(StringComparer.Ordinal).ToList();

        // --init FILE: continue from an earlier run's layers and head (its weights-*.bin) instead of the shipped layers and a
        // probe; the probe is then skipped, since fitting it would overwrite the head being continued.
        var init = settings.Init;
        if (init.Length > 0)
        {
            if (Weights.Load(init, model.Parameters) is { } problem)
            {
                Console.Error.WriteLine(problem);
                return 2;
            }
            var initScores = Score(validation.Select(u => u.Text), t => Logits(model, setup.States[t]));
            Console.WriteLine($"init: layers and head from {init}; validation AP before training {string.Join(" ", Enumerable.Range(0, 4).Select(s => Metrics.AveragePrecision([.. validation.Where(u => u.Labels[s] >= 0).Select(u => (initScores[u.Text][s], u.Labels[s] == 1))]).ToString("0.000", CultureInfo.InvariantCulture)))}");
        }
        else
        {
            FitProbe(model, setup, training, validation, measuring, allTexts, settings, positiveWeights, results);
        }

        // 2. Fine-tuning the top layers and the head together, from the probe's head (or the continued run's).
        var parameters = model.Parameters.ToList();
        var optimizer = new AdamW(parameters, settings.WeightDecay);
        var stepsPerEpoch = (training.Count + settings.Batch - 1) / settings.Batch;
        var totalSteps = settings.Epochs * stepsPerEpoch;
        var step = 0;
        var epochSeconds = new List<double>();
        var validationLosses = new List<double>();
        var workers = Enumerable.Range(0, settings.Threads).Select(_ => parameters.ToDictionary(p => p, p => new float[p.Value.Length])).ToArray();
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            var started = Stopwatch.GetTimestamp();
            var order = training.ToArray();
            new Random(settings.Seed * 7919 + epoch).Shuffle(order);
            var trainingLoss = 0.0;
            var labelledTotal = 0;
            var batchIndex = 0;
            foreach (var batch in order.Chunk(settings.Batch))
            {
                var losses = new double[settings.Threads];
                Parallel.For(0, settings.Threads, new ParallelOptions { MaxDegreeOfParallelism = settings.Threads }, w =>
                {
                    for (var i = w; i < batch.Length; i += settings.Threads)
                    {
                        var state = setup.States[batch[i].Text];
                        var pass = model.Forward(state.Hidden, state.Tokens);
                        var dz = new float[4];
                        losses[w] += TopModel<float>.Loss(pass.Logits, batch[i].Labels, positiveWeights, dz);
                        model.Backward(pass, dz, headOnly: false, workers[w]);
                    }
                });
                foreach (var p in parameters)
                {
                    foreach (var worker in workers)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Add(p.Gradient, worker[p], p.Gradient);
                        Array.Clear(worker[p]);
                    }
                }
                var labelled = batch.Sum(u => u.Labels.Count(l => l >= 0));
                trainingLoss += losses.Sum();
                labelledTotal += labelled;
                var factor = Schedule(++step, totalSteps, settings.Warmup);
                optimizer.Step(1.0 / labelled, p => (p.Head ? settings.HeadLr : settings.Lr) * factor);
                if (++batchIndex % 50 == 0 || batchIndex == stepsPerEpoch)
                {
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    Console.WriteLine($"  epoch {epoch + 1} batch {batchIndex}/{stepsPerEpoch}: training loss {trainingLoss / labelledTotal:0.0000}, {elapsed:0} s, epoch ETA {elapsed / batchIndex * stepsPerEpoch:0} s");
                }
            }
            epochSeconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            validationLosses.Add(ValidationLoss(validation, u => Logits(model, setup.States[u.Text]), positiveWeights));
            var epochScores = Score(validation.Select(u => u.Text), t => Logits(model, setup.States[t]));
            var validationAp = Enumerable.Range(0, 4).Select(s => Metrics.AveragePrecision([.. validation.Where(u => u.Labels[s] >= 0).Select(u => (epochScores[u.Text][s], u.Labels[s] == 1))])).ToList();
            Console.WriteLine($"epoch {epoch + 1}: {epochSeconds[^1]:0} s; training loss {trainingLoss / labelledTotal:0.0000}; validation loss {validationLosses[^1]:0.0000}; validation AP {string.Join(" ", validationAp.Select(a => a.ToString("0.000", CultureInfo.InvariantCulture)))}");
        }
        var measureTexts = units.Select(u => u.Text).Concat(measuring.Values.SelectMany(r => r.Select(x => x.HeadText).OfType<string>()));
        var fineTunedScores = Score(measureTexts, t => Logits(model, setup.States[t]));
        results["fine_tuned"] = Measure($"fine-tuned top {settings.Layers} layer(s) + head", fineTunedScores, validation, measuring, settings.Floor);

        // 3. With the hashed words: a head over [vector, words] refitted on the frozen vectors and on the fine-tuned ones, the
        // words' weight decay chosen by validation loss, so the words are compared like for like and cannot starve the layers.
        if (settings.Ngrams > 0)
        {
            var tunedVectors = allTexts.ToDictionary(t => t, t => model.Forward(setup.States[t].Hidden, setup.States[t].Tokens).Vector, StringComparer.Ordinal);
            foreach (var (label, key, vectorOf) in new (string, string, Func<string, float[]>)[]
            {
                ("frozen MiniLM + head with hashed words", "probe_ngrams", t => setup.States[t].SentenceVector),
                ($"fine-tuned top {settings.Layers} + head with hashed words", "fine_tuned_ngrams", t => tunedVectors[t]),
            })
            {
                TopModel<float>? best = null;
                var (bestLoss, bestDecay) = (double.MaxValue, 0.0);
                foreach (var decay in new[] { 0.01, 0.3, 1, 3, 10 })
                {
                    var head = new TopModel<float>(setup.Graph, 0, setup.Epsilon, setup.AttentionDivisor, settings.Ngrams);
                    FitHead(head, vectorOf, t => ngramsOf[t], training, settings.RefitEpochs, settings.ProbeLr, decay, positiveWeights, settings.Seed);
                    var loss = ValidationLoss(validation, u => head.HeadPass(vectorOf(u.Text), ngramsOf[u.Text]).Logits, positiveWeights);
                    Console.WriteLine($"  {label}: weight decay {decay}: validation loss {loss:0.0000}");
                    if (loss < bestLoss)
                    {
                        (best, bestLoss, bestDecay) = (head, loss, decay);
                    }
                }
                var scores = Score(allTexts, t => best!.HeadPass(vectorOf(t), ngramsOf[t]).Logits);
                if (key == "fine_tuned_ngrams")
                {
                    Weights.Save(Path.Combine(settings.Output, $"head-{Tag(settings)}.bin"), best!.Parameters.Where(p => p.Head));
                }
                results[key] = new { weight_decay = bestDecay, validation_loss = bestLoss, figures = Measure($"{label} (weight decay {bestDecay})", scores, validation, measuring, settings.Floor) };
            }
        }

        // 4. The shipped heads, scored here on the same rows.
        results["shipped"] = Shipped.Measure(setup, measuring, settings.Floor);

        // 5. Inference cost of the trained top, one message at a time.
        var timingTexts = measuring.TryGetValue("odd", out var odd) ? odd.Select(r => r.HeadText).OfType<string>().Distinct().ToList() : [];
        var times = new List<double>();
        foreach (var text in timingTexts.Take(2).Concat(timingTexts))
        {
            var state = setup.States[text];
            var started = Stopwatch.GetTimestamp();
            model.Forward(state.Hidden, state.Tokens);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times = [.. times.Skip(2).Order()];
        var trainedParameters = parameters.Where(p => !p.Head).Sum(p => (long)p.Value.Length);
        var timing = times.Count == 0 ? null : new
        {
            messages = times.Count,
            p50_ms = Math.Round(times[times.Count / 2], 2),
            p99_ms = Math.Round(times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.99 * times.Count) - 1)], 2),
            mean_tokens = Math.Round(timingTexts.Average(t => setup.States[t].Tokens), 1),
        };
        Console.WriteLine($"inference: top {settings.Layers} layer(s) + head in C#, one message at a time, {JsonSerializer.Serialize(timing)}; {trainedParameters:N0} layer parameters = {trainedParameters * 4 / 1e6:0.0} MB fp32, {trainedParameters * 2 / 1e6:0.0} MB fp16; head {4 * 385} parameters");
        results["training"] = new { epoch_seconds = epochSeconds, validation_losses = validationLosses, timing, layer_parameters = trainedParameters, settings };

        var file = Path.Combine(settings.Output, $"results-{Tag(settings)}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(results, Indented));
        Weights.Save(Path.Combine(settings.Output, $"weights-{Tag(settings)}.bin"), parameters);
        File.WriteAllLines(Path.ChangeExtension(file, ".rows.csv"), Rows);
        Console.WriteLine($"wrote {file}");
        return 0;
    }

    /// <summary>Every measured row's score under every variant, written beside the results for later analysis.</summary>
    internal static List<string> Rows { get; } = ["variant,set,signal,label,rules,score,message"];

    internal static string RowLine(string variant, string set, int signal, MeasureRow row, double score, bool rules) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{variant}\",{set},{Data.Signals[signal].ToWire()},{(row.Label ? 1 : 0)},{(rules ? 1 : 0)},{score:0.######},\"{row.Message.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Step 1: the linear probe on the frozen sentence vectors (the product's vector, equal to the C# forward within 1e-7).</summary>
    private static void FitProbe(TopModel<float> model, Setup setup, List<Unit> training, List<Unit> validation, Dictionary<string, List<MeasureRow>> measuring,
        List<string> allTexts, Settings settings, double[] positiveWeights, Dictionary<string, object> results)
    {
        var probeStarted = Stopwatch.GetTimestamp();
        FitHead(model, t => setup.States[t].SentenceVector, _ => null, training, settings.ProbeEpochs, settings.ProbeLr, settings.WeightDecay, positiveWeights, settings.Seed);
        var probeValidation = Score(validation.Select(u => u.Text), t => model.HeadPass(setup.States[t].SentenceVector, null).Logits);
        Console.WriteLine($"probe validation AP {string.Join(" ", Enumerable.Range(0, 4).Select(s => Metrics.AveragePrecision([.. validation.Where(u => u.Labels[s] >= 0).Select(u => (probeValidation[u.Text][s], u.Labels[s] == 1))]).ToString("0.000", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"probe: {settings.ProbeEpochs} epochs in {Stopwatch.GetElapsedTime(probeStarted).TotalSeconds:0.0} s; validation loss {ValidationLoss(validation, u => model.HeadPass(setup.States[u.Text].SentenceVector, null).Logits, positiveWeights):0.0000}");
        var probeScores = Score(allTexts, t => model.HeadPass(setup.States[t].SentenceVector, null).Logits);
        results["probe"] = Measure("frozen MiniLM + linear head (probe)", probeScores, validation, measuring, settings.Floor);
    }

    /// <summary>Fits the head alone (AdamW, linear decay, batches of 32) on given vectors and optional hashed words.</summary>
    private static void FitHead(TopModel<float> model, Func<string, float[]> vectorOf, Func<string, int[]?> ngramsOf, List<Unit> training,
        int epochs, double lr, double weightDecay, double[] positiveWeights, int seed)
    {
        var optimizer = new AdamW(model.Parameters.Where(p => p.Head).ToList(), weightDecay);
        var steps = epochs * ((training.Count + 31) / 32);
        var step = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var order = training.ToArray();
            new Random(seed * 1000 + epoch).Shuffle(order);
            foreach (var batch in order.Chunk(32))
            {
                var labelled = 0;
                foreach (var unit in batch)
                {
                    var pass = model.HeadPass(vectorOf(unit.Text), ngramsOf(unit.Text));
                    var dz = new float[4];
                    TopModel<float>.Loss(pass.Logits, unit.Labels, positiveWeights, dz);
                    labelled += unit.Labels.Count(l => l >= 0);
                    model.Backward(pass, dz, headOnly: true);
                }
                // Once per batch: the factor is computed before the step, not inside the per-parameter callback.
                var factor = Schedule(++step, steps, 0);
                optimizer.Step(1.0 / labelled, _ => lr * factor);
            }
        }
    }

    private static string Tag(Settings s) => string.Create(CultureInfo.InvariantCulture, $"{(s.Sets.Length == 0 ? "ship-" : "")}{(s.Init.Length > 0 ? "cont-" : "")}top{s.Layers}-{s.PositiveWeights}-e{s.Epochs}-lr{s.Lr:0e0}{(s.Ngrams > 0 ? $"-ngrams{s.Ngrams}" : "")}");

    private static float[] Logits(TopModel<float> model, BottomStates state) => model.Forward(state.Hidden, state.Tokens).Logits;

    private static double Schedule(int step, int total, double warmup)
    {
        var warm = Math.Max(1, (int)(total * warmup));
        return warmup > 0 && step <= warm ? (double)step / warm : Math.Max(0, (double)(total - step) / Math.Max(1, total - (warmup > 0 ? warm : 0)));
    }

    private static double ValidationLoss(List<Unit> validation, Func<Unit, float[]> logits, double[] weights)
    {
        double loss = 0;
        var labelled = 0;
        foreach (var u in validation)
        {
            loss += TopModel<float>.Loss(logits(u), u.Labels, weights, null);
            labelled += u.Labels.Count(l => l >= 0);
        }
        return loss / labelled;
    }

    private static Dictionary<string, double[]> Score(IEnumerable<string> texts, Func<string, float[]> logits)
    {
        var scores = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (!scores.ContainsKey(text))
            {
                scores[text] = [.. logits(text).Select(z => 1 / (1 + Math.Exp(-z)))];
            }
        }
        return scores;
    }

    /// <summary>Thresholds from validation (the model alone, and rules OR model), then every figure on each measuring set.</summary>
    private static Dictionary<string, object> Measure(string name, Dictionary<string, double[]> scores, List<Unit> validation, Dictionary<string, List<MeasureRow>> measuring, double floor)
    {
        var rulesOf = new Dictionary<string, HashSet<SignalKind>>(StringComparer.Ordinal);
        bool Rules(int s, string message)
        {
            if (!rulesOf.TryGetValue(message, out var kinds))
            {
                rulesOf[message] = kinds = [.. SignalPipeline.Rules(message).Select(x => x.Kind)];
            }
            return kinds.Contains(Data.Signals[s]);
        }
        var perSignal = new Dictionary<string, object>();
        Console.WriteLine($"== {name}");
        for (var s = 0; s < 4; s++)
        {
            var signal = s;
            var valRows = validation.Where(u => u.Labels[signal] >= 0).Select(u => (scores[u.Text][signal], u.Labels[signal] == 1)).ToList();
            var negativeWeight = NegativeWeight(signal, valRows);
            var (threshold, policy) = Metrics.Choose(valRows, floor, negativeWeight);
            var valCombined = validation.Where(u => u.Labels[signal] >= 0).Select(u => (Rules(signal, u.Message) ? 2.0 : scores[u.Text][signal], u.Labels[signal] == 1)).ToList();
            var (combinedThreshold, combinedPolicy) = Metrics.Choose(valCombined, floor, negativeWeight);
            // At the validation split's own balance too: a recall-first choice for an urgent signal (self-harm) is made from these.
            var (unweightedThreshold, _) = Metrics.Choose(valRows, floor, 1);
            var (unweightedCombined, _) = Metrics.Choose(valCombined, floor, 1);
            var sets = new Dictionary<string, object>();
            foreach (var (set, rows) in measuring)
            {
                var mine = rows.Where(r => r.Signal == signal).ToList();
                var model = mine.Select(r => (r.HeadText is null ? 0.0 : scores[r.HeadText][signal], r.Label)).ToList();
                for (var i = 0; i < mine.Count; i++)
                {
                    Rows.Add(RowLine(name, set, signal, mine[i], model[i].Item1, Rules(signal, mine[i].Message)));
                }
                var combined = mine.Select(r => (Rules(signal, r.Message) ? 2.0 : r.HeadText is null ? 0.0 : scores[r.HeadText][signal], r.Label)).ToList();
                sets[set] = Figures(set, Data.Signals[signal].ToWire(), model, threshold, combined, combinedThreshold, floor);
            }
            perSignal[Data.Signals[s].ToWire()] = new { threshold, policy, validation_negative_weight = negativeWeight, combined_threshold = combinedThreshold, combined_policy = combinedPolicy,
                unweighted_threshold = unweightedThreshold, unweighted_combined_threshold = unweightedCombined, sets };
        }
        return perSignal;
    }

    /// <summary>
    /// The weight a validation negative carries in precision so the split has the main set's class balance (its even rows, trained on),
    /// as `./tandem train signals` chooses thresholds: the holdouts and train/ are mostly positives and targeted hard negatives.
    /// </summary>
    private static double NegativeWeight(int signal, List<(double, bool)> validation)
    {
        var main = Data.MainEvenBalance(signal);
        var (positives, negatives) = (validation.Count(v => v.Item2), validation.Count(v => !v.Item2));
        return positives == 0 || negatives == 0 ? 1 : (double)main.Negatives / main.Positives / ((double)negatives / positives);
    }

    internal static object Figures(string set, string signal, List<(double, bool)> model, double threshold, List<(double, bool)> combined, double combinedThreshold, double floor)
    {
        var (p, r) = Metrics.At(model, threshold);
        var (cp, cr) = Metrics.At(combined, combinedThreshold);
        var ap = Metrics.AveragePrecision(model);
        var oracle = Metrics.RecallAtPrecision(model, floor)?.Recall;
        var combinedOracle = Metrics.RecallAtPrecision(combined, floor)?.Recall;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {set,-9} {signal,-14} n {model.Count,5} pos {model.Count(x => x.Item2),4} | model P {p,6:P1} R {r,6:P1} AP {ap:0.000} R@P{floor * 100:0}(oracle) {Pct(oracle)} | rules∨model P {cp,6:P1} R {cr,6:P1} R@P{floor * 100:0}(oracle) {Pct(combinedOracle)}"));
        return new { n = model.Count, positives = model.Count(x => x.Item2), precision = Math.Round(p, 4), recall = Math.Round(r, 4), average_precision = Math.Round(ap, 4),
            oracle_recall_at_precision = oracle is null ? (double?)null : Math.Round(oracle.Value, 4),
            rules_or_model_precision = Math.Round(cp, 4), rules_or_model_recall = Math.Round(cr, 4),
            rules_or_model_oracle_recall_at_precision = combinedOracle is null ? (double?)null : Math.Round(combinedOracle.Value, 4) };
    }

    private static string Pct(double? v) => v is null ? "    -" : v.Value.ToString("P1", CultureInfo.InvariantCulture).PadLeft(6);
}

/// <summary>AdamW (decoupled weight decay on matrices only), bias-corrected moments.</summary>
internal sealed class AdamW(List<Parameter<float>> parameters, double weightDecay)
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private int _t;

    /// <summary>Applies the accumulated gradients times <paramref name="scale"/> and clears them.</summary>
    public void Step(double scale, Func<Parameter<float>, double> learningRate)
    {
        _t++;
        var c1 = 1 - Math.Pow(Beta1, _t);
        var c2 = 1 - Math.Pow(Beta2, _t);
        foreach (var p in parameters)
        {
            var lr = learningRate(p);
            var decay = p.Decay ? lr * weightDecay : 0;
            var (w, g, m, v) = (p.Value, p.Gradient, p.First, p.Second);
            for (var i = 0; i < w.Length; i++)
            {
                var gi = g[i] * scale;
                var mi = (Beta1 * m[i]) + ((1 - Beta1) * gi);
                var vi = (Beta2 * v[i]) + ((1 - Beta2) * gi * gi);
                m[i] = (float)mi;
                v[i] = (float)vi;
                w[i] = (float)(w[i] - (lr * (mi / c1) / (Math.Sqrt(vi / c2) + Epsilon)) - (decay * w[i]));
            }
            Array.Clear(g);
        }
    }
}

internal static class Weights
{
    /// <summary>The tensors of a file written by <see cref="Save"/>, by name.</summary>
    public static Dictionary<string, float[]> Read(string file)
    {
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var reader = new BinaryReader(File.OpenRead(file));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var name = reader.ReadString();
            var values = new float[reader.ReadInt32()];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.ReadSingle();
            }
            tensors[name] = values;
        }
        return tensors;
    }

    /// <summary>Copies a saved run's tensors into the parameters of the same names; a problem (a missing tensor or a size that differs) instead.</summary>
    public static string? Load(string file, IEnumerable<Parameter<float>> parameters)
    {
        var saved = Read(file);
        foreach (var p in parameters)
        {
            if (!saved.TryGetValue(p.Name, out var values) || values.Length != p.Value.Length)
            {
                return $"--init: {file} has no tensor {p.Name} of {p.Value.Length} values; it was written by a run with other --layers or --ngrams.";
            }
            values.CopyTo(p.Value, 0);
        }
        return null;
    }

    /// <summary>The trained tensors, fp32, name-prefixed, for timing and for a later session to pick up (not committed).</summary>
    public static void Save(string file, IEnumerable<Parameter<float>> parameters)
    {
        using var writer = new BinaryWriter(File.Create(file));
        foreach (var p in parameters)
        {
            writer.Write(p.Name);
            writer.Write(p.Value.Length);
            foreach (var v in p.Value)
            {
                writer.Write(v);
            }
        }
    }
}

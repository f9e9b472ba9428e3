using Tandem.Rules.Routing;

namespace Tandem.Server.Understanding;

/// <summary>
/// Trains the <see cref="SignalHeads"/>: for each signal a logistic-regression head on the messages'
/// standardised sentence vectors and hashed words, with its regularisation and its threshold chosen by 5-fold
/// cross-validation inside the training rows only, so the rows the heads are measured on never
/// choose anything. The threshold is chosen for the detector the server runs (rules, anchors, then
/// the head), not for the head alone: the lowest threshold at which that detector's out-of-fold
/// precision stays at or above <see cref="PrecisionFloor"/>, which buys the most recall the floor allows.
/// </summary>
internal static class SignalHeadTrainer
{
    public const string Format = "signal-heads/1";

    /// <summary>Above the 85 % the issue asks for, as margin for the difference between folds and new messages.</summary>
    public const double PrecisionFloor = 0.90;

    /// <summary>
    /// The out-of-fold recall the recall-first signals keep. Complaint and self-harm are signals a firm
    /// answers for (FCA DISP, Consumer Duty): a missed one is the costly error, a false alarm costs an
    /// agent's minute, so their threshold is chosen for recall and the precision that costs is reported.
    /// </summary>
    public const double RecallTarget = 0.95;

    public static bool RecallFirst(SignalKind kind) => kind is SignalKind.Complaint or SignalKind.SelfHarm;

    private static readonly float[] Lambdas = [1f, 0.3f, 0.1f];
    private const int Folds = 5;

    /// <summary>Hashed word and word-pair features beside the 384 of the vector; enough that few of a few thousand distinct n-grams share a bucket.</summary>
    public const int NgramBuckets = 2048;

    /// <summary>One signal's training rows: the message vectors, the labels, and whether the rules or anchors already raise it.</summary>
    /// <summary>
    /// One signal's training rows: the message vectors, the labels, whether the rules or anchors already raise it,
    /// and which rows choose the threshold. Rows written only to train on are dense in positives and hard
    /// negatives; a threshold chosen on them would be chosen for a mix of messages no firm sees, so only the
    /// rows drawn like the measuring sets (the even rows) choose it.
    /// </summary>
    internal sealed record TrainingSet(SignalKind Kind, IReadOnlyList<string> Texts, IReadOnlyList<float[]> Vectors, IReadOnlyList<bool> Labels, IReadOnlyList<bool> RaisedBefore)
    {
        public IReadOnlyList<bool>? ChoosesThreshold { get; init; }
    }

    internal sealed record HeadReport(SignalKind Kind, float Lambda, float Threshold, double OutOfFoldPrecision, double OutOfFoldRecall, double GradientNorm, int Iterations)
    {
        /// <summary>The training rows the head gets wrong out of fold at its threshold, most confident first: what to write more data about.</summary>
        public IReadOnlyList<(string Text, bool Label, float Probability)> OutOfFoldErrors { get; init; } = [];
    }

    public static (SignalHeadsFile File, IReadOnlyList<HeadReport> Reports) Train(string modelId, string trainedOn, IReadOnlyList<float[]> allVectors, IReadOnlyList<TrainingSet> sets)
    {
        ArgumentNullException.ThrowIfNull(allVectors);
        ArgumentNullException.ThrowIfNull(sets);
        var (mean, scale) = Standardisation(allVectors);
        var heads = new Dictionary<string, SignalHeadWeights>(StringComparer.Ordinal);
        var reports = new List<HeadReport>();
        foreach (var set in sets)
        {
            var features = set.Vectors.Select((v, i) => SignalFeatures.Build(v, set.Texts[i], mean, scale, NgramBuckets)).ToList();
            var (lambda, outOfFold) = ChooseLambda(features, set.Labels);
            var chooses = Enumerable.Range(0, set.Labels.Count).Where(i => set.ChoosesThreshold?[i] ?? true).ToList();
            var (threshold, precision, recall) = ChooseThreshold(
                [.. chooses.Select(i => outOfFold[i])], [.. chooses.Select(i => set.Labels[i])], [.. chooses.Select(i => set.RaisedBefore[i])], RecallFirst(set.Kind));
            var model = LogisticRegression.Fit(features, set.Labels, lambda);
            var positives = set.Labels.Count(l => l);
            heads[set.Kind.ToWire()] = new SignalHeadWeights
            {
                Lambda = lambda,
                Threshold = threshold,
                Bias = model.Bias,
                Weights = model.Weights,
                Positives = positives,
                Negatives = set.Labels.Count - positives,
            };
            var errors = Enumerable.Range(0, set.Labels.Count)
                .Where(i => !set.RaisedBefore[i] && (outOfFold[i] >= threshold) != set.Labels[i])
                .Select(i => (set.Texts[i], set.Labels[i], outOfFold[i]))
                .OrderByDescending(e => Math.Abs(e.Item3 - threshold))
                .ToList();
            reports.Add(new HeadReport(set.Kind, lambda, threshold, precision, recall, model.GradientNorm, model.Iterations) { OutOfFoldErrors = errors });
        }
        var file = new SignalHeadsFile { Format = Format, Model = modelId, TrainedOn = trainedOn, Mean = mean, Scale = scale, NgramBuckets = NgramBuckets, Heads = heads };
        return (file, reports);
    }

    /// <summary>Per-dimension mean and 1/standard deviation, so every feature is on the same footing for the L2 penalty.</summary>
    private static (float[] Mean, float[] Scale) Standardisation(IReadOnlyList<float[]> vectors)
    {
        var d = vectors[0].Length;
        var mean = new float[d];
        var scale = new float[d];
        for (var j = 0; j < d; j++)
        {
            double sum = 0, squares = 0;
            foreach (var v in vectors)
            {
                sum += v[j];
                squares += v[j] * (double)v[j];
            }
            var m = sum / vectors.Count;
            var sd = Math.Sqrt(Math.Max(squares / vectors.Count - (m * m), 1e-12));
            mean[j] = (float)m;
            scale[j] = (float)(1 / sd);
        }
        return (mean, scale);
    }

    /// <summary>The regularisation with the lowest class-weighted out-of-fold log-loss, and that setting's out-of-fold probabilities.</summary>
    private static (float Lambda, float[] OutOfFold) ChooseLambda(List<float[]> features, IReadOnlyList<bool> labels)
    {
        var positives = labels.Count(l => l);
        (float Lambda, float[] OutOfFold, double Loss) best = (Lambdas[0], [], double.MaxValue);
        foreach (var lambda in Lambdas)
        {
            var outOfFold = new float[features.Count];
            for (var fold = 0; fold < Folds; fold++)
            {
                var train = Enumerable.Range(0, features.Count).Where(i => i % Folds != fold).ToList();
                var model = LogisticRegression.Fit([.. train.Select(i => features[i])], [.. train.Select(i => labels[i])], lambda);
                for (var i = fold; i < features.Count; i += Folds)
                {
                    outOfFold[i] = LogisticRegression.Probability(model.Weights, model.Bias, features[i]);
                }
            }
            double loss = 0;
            for (var i = 0; i < features.Count; i++)
            {
                var p = Math.Clamp(outOfFold[i], 1e-6, 1 - 1e-6);
                loss -= labels[i] ? Math.Log(p) / positives : Math.Log(1 - p) / (features.Count - positives);
            }
            if (loss < best.Loss)
            {
                best = (lambda, outOfFold, loss);
            }
        }
        return (best.Lambda, best.OutOfFold);
    }

    /// <summary>
    /// Precision first (the lowest threshold whose out-of-fold precision stays at the floor, else the best
    /// F1), or, for a recall-first signal, the highest threshold whose out-of-fold recall reaches
    /// <see cref="RecallTarget"/> (else the highest that reaches the most recall any threshold does).
    /// </summary>
    internal static (float Threshold, double Precision, double Recall) ChooseThreshold(float[] outOfFold, IReadOnlyList<bool> labels, IReadOnlyList<bool> raisedBefore, bool recallFirst = false)
    {
        var positives = labels.Count(l => l);
        (float Threshold, double Precision, double Recall, double F1) best = (0.5f, 0, 0, -1);
        (float Threshold, double Precision, double Recall)? lowestAboveFloor = null;
        (float Threshold, double Precision, double Recall)? highestForRecall = null;
        (float Threshold, double Precision, double Recall)? mostRecall = null;
        // From the highest candidate down, so the last one above the floor is the lowest.
        foreach (var t in outOfFold.Distinct().Append(0.5f).Where(t => t >= 0.05f).OrderByDescending(t => t))
        {
            int tp = 0, fp = 0;
            for (var i = 0; i < labels.Count; i++)
            {
                if (raisedBefore[i] || outOfFold[i] >= t)
                {
                    if (labels[i])
                    {
                        tp++;
                    }
                    else
                    {
                        fp++;
                    }
                }
            }
            var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            var recall = (double)tp / positives;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (precision >= PrecisionFloor)
            {
                lowestAboveFloor = (t, precision, recall);
            }
            // Candidates run from the highest down: the first to reach the target is the highest that does.
            if (recall >= RecallTarget && highestForRecall is null)
            {
                highestForRecall = (t, precision, recall);
            }
            if (mostRecall is null || recall > mostRecall.Value.Recall)
            {
                mostRecall = (t, precision, recall);
            }
            if (f1 > best.F1)
            {
                best = (t, precision, recall, f1);
            }
        }
        if (recallFirst)
        {
            return highestForRecall ?? mostRecall ?? (best.Threshold, best.Precision, best.Recall);
        }
        // A signal whose detector never reaches the floor gets its best balance instead.
        return lowestAboveFloor ?? (best.Threshold, best.Precision, best.Recall);
    }
}

namespace Tandem.Server.Understanding.Classification;

/// <summary>
/// Temperature scaling (Guo et al., 2017): one number that softens or sharpens a classifier's
/// probabilities without changing its ranking, fitted by minimising the negative log-likelihood of
/// held-out examples. The expected calibration error is how far confidence strays from accuracy.
/// </summary>
internal static class Calibration
{
    private const double Floor = 1e-12;

    /// <summary>Rescales probabilities as softmax(log p / T).</summary>
    public static float[] Scale(float[] probabilities, double temperature)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (temperature == 1)
        {
            return probabilities;
        }
        var logits = probabilities.Select(p => Math.Log(Math.Max(p, Floor)) / temperature).ToArray();
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return [.. exp.Select(e => (float)(e / sum))];
    }

    /// <summary>The temperature in [0.05, 20] with the least negative log-likelihood: a coarse log grid, then a golden-section refinement.</summary>
    public static double FitTemperature(IReadOnlyList<float[]> probabilities, IReadOnlyList<int> gold)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(gold);
        var usable = Enumerable.Range(0, probabilities.Count).Where(i => gold[i] >= 0).ToList();
        if (usable.Count == 0)
        {
            return 1;
        }
        double Loss(double logT)
        {
            var t = Math.Exp(logT);
            var total = 0.0;
            foreach (var i in usable)
            {
                total -= Math.Log(Math.Max(Scale(probabilities[i], t)[gold[i]], Floor));
            }
            return total;
        }
        var bestLog = 0.0;
        var bestLoss = Loss(0);
        for (var logT = Math.Log(0.05); logT <= Math.Log(20); logT += 0.1)
        {
            var loss = Loss(logT);
            if (loss < bestLoss)
            {
                (bestLog, bestLoss) = (logT, loss);
            }
        }
        double lo = bestLog - 0.1, hi = bestLog + 0.1;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        for (var step = 0; step < 30; step++)
        {
            var a = hi - ratio * (hi - lo);
            var b = lo + ratio * (hi - lo);
            if (Loss(a) < Loss(b))
            {
                hi = b;
            }
            else
            {
                lo = a;
            }
        }
        return Math.Round(Math.Exp((lo + hi) / 2), 4);
    }

    /// <summary>Expected calibration error over equal-width confidence bins: the bin-weighted gap between mean confidence and accuracy.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<(double Confidence, bool Correct)> predictions, int bins = 15)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0)
        {
            return 0;
        }
        var error = 0.0;
        foreach (var bin in predictions.GroupBy(p => Math.Min(bins - 1, (int)(p.Confidence * bins))))
        {
            var confidence = bin.Average(p => p.Confidence);
            var accuracy = bin.Average(p => p.Correct ? 1.0 : 0.0);
            error += (double)bin.Count() / predictions.Count * Math.Abs(confidence - accuracy);
        }
        return error;
    }

    /// <summary>
    /// The highest threshold on the top probability that rejects at most <paramref name="maxRejection"/>
    /// of the in-scope validation queries: the most out-of-scope recall the rejection budget allows.
    /// A query is rejected when its top probability is strictly below the threshold.
    /// </summary>
    public static double ChooseThreshold(IReadOnlyList<double> inScopeTopProbabilities, double maxRejection)
    {
        ArgumentNullException.ThrowIfNull(inScopeTopProbabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRejection, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRejection, 1);
        if (inScopeTopProbabilities.Count == 0)
        {
            return 0;
        }
        var sorted = inScopeTopProbabilities.Order().ToList();
        var allowed = (int)Math.Floor(maxRejection * sorted.Count + 1e-9);
        // Rejecting everything strictly below sorted[allowed] rejects at most `allowed` queries (fewer on ties).
        return allowed >= sorted.Count ? sorted[^1] + 1e-9 : sorted[allowed];
    }

    /// <summary>
    /// How far below the best score the gold label lies, when it is among the <paramref name="candidates"/>
    /// best labels the turn keeps: 0 when the best is right, +∞ when the gold label is not kept at all.
    /// </summary>
    public static double GoldGap(IReadOnlyList<double> scores, int gold, int candidates)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (gold < 0 || gold >= scores.Count)
        {
            return double.PositiveInfinity;
        }
        var best = scores.Max();
        // Ties with the gold label count in its favour: the turn keeps tied candidates in score order, and a tie is plausible by any margin.
        var above = scores.Count(s => s > scores[gold]);
        return above >= candidates ? double.PositiveInfinity : best - scores[gold];
    }

    /// <summary>
    /// <see cref="GoldGap"/> on the relative scale of <see cref="Tandem.Rules.Routing.TopicMargin.Relative"/>:
    /// 1 − gold ÷ best, so a margin m chosen on these gaps keeps a candidate scoring at least 1 − m of the best.
    /// </summary>
    public static double RelativeGoldGap(IReadOnlyList<double> scores, int gold, int candidates)
    {
        var gap = GoldGap(scores, gold, candidates);
        if (!double.IsFinite(gap) || gap == 0)
        {
            return gap;
        }
        var best = scores.Max();
        return best <= 0 ? 0 : 1 - scores[gold] / best;
    }

    /// <summary>Share of examples whose gold label is plausible (kept, and within <paramref name="margin"/> of the best).</summary>
    public static double Coverage(IReadOnlyList<double> goldGaps, double margin)
    {
        ArgumentNullException.ThrowIfNull(goldGaps);
        return goldGaps.Count == 0 ? 1 : goldGaps.Count(g => g <= margin + 1e-12) / (double)goldGaps.Count;
    }

    /// <summary>
    /// The smallest margin whose plausible set ("every kept label within the margin of the best") holds
    /// the gold label in at least <paramref name="targetCoverage"/> of the validation examples, capped at
    /// <paramref name="maxMargin"/>. The strictest-mode rule is there so that a message which may be a
    /// stricter topic is handled as one: this keeps the share of such messages it catches, on another scale.
    /// </summary>
    public static double ChooseMargin(IReadOnlyList<double> goldGaps, double targetCoverage, double maxMargin = 1)
    {
        ArgumentNullException.ThrowIfNull(goldGaps);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetCoverage, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetCoverage, 1);
        if (goldGaps.Count == 0)
        {
            return 0;
        }
        var sorted = goldGaps.Order().ToList();
        var needed = Math.Max(1, (int)Math.Ceiling(targetCoverage * sorted.Count - 1e-9));
        var margin = sorted[needed - 1];
        return double.IsFinite(margin) ? Math.Min(Math.Round(margin, 4, MidpointRounding.ToPositiveInfinity), maxMargin) : maxMargin;
    }

    /// <summary>
    /// The coverage a second rule needs to rescue as large a share of its own wrong first choices as the
    /// reference rule does of its: reference accuracy a and coverage c rescue (c − a)/(1 − a) of the
    /// reference's errors; with accuracy a′ the target is a′ + that share × (1 − a′).
    /// </summary>
    public static double CoverageRescuingAsMany(IReadOnlyList<double> referenceGaps, double referenceMargin, IReadOnlyList<double> goldGaps)
    {
        ArgumentNullException.ThrowIfNull(referenceGaps);
        ArgumentNullException.ThrowIfNull(goldGaps);
        var referenceAccuracy = Coverage(referenceGaps, 0);
        var rescued = referenceAccuracy >= 1 ? 0 : (Coverage(referenceGaps, referenceMargin) - referenceAccuracy) / (1 - referenceAccuracy);
        var accuracy = Coverage(goldGaps, 0);
        return Math.Clamp(accuracy + rescued * (1 - accuracy), 0, 1);
    }
}

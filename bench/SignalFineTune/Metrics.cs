namespace SignalFineTune;

/// <summary>Precision-recall figures over (score, label) pairs. A higher score means more likely a positive.</summary>
internal static class Metrics
{
    public sealed record Point(double Threshold, double Precision, double Recall);

    public static (double Precision, double Recall) At(IReadOnlyList<(double Score, bool Label)> rows, double threshold)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var (score, label) in rows)
        {
            var raised = score >= threshold;
            if (raised && label)
            {
                tp++;
            }
            else if (raised)
            {
                fp++;
            }
            else if (label)
            {
                fn++;
            }
        }
        return (tp + fp == 0 ? 0 : (double)tp / (tp + fp), tp + fn == 0 ? 0 : (double)tp / (tp + fn));
    }

    /// <summary>Every distinct threshold's precision and recall, from the highest score down.</summary>
    /// <param name="negativeWeight">How much a false alarm counts in precision: the validation split's negatives reweighted to the main set's class balance.</param>
    public static List<Point> Curve(IReadOnlyList<(double Score, bool Label)> rows, double negativeWeight = 1)
    {
        var sorted = rows.OrderByDescending(r => r.Score).ToList();
        var positives = sorted.Count(r => r.Label);
        var curve = new List<Point>();
        double tp = 0, fp = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Label)
            {
                tp++;
            }
            else
            {
                fp += negativeWeight;
            }
            if (i + 1 < sorted.Count && sorted[i + 1].Score == sorted[i].Score)
            {
                continue;
            }
            curve.Add(new Point(sorted[i].Score, tp / (tp + fp), positives == 0 ? 0 : tp / positives));
        }
        return curve;
    }

    /// <summary>Average precision (area under the precision-recall curve, step-wise; tied scores count as one step).</summary>
    public static double AveragePrecision(IReadOnlyList<(double Score, bool Label)> rows)
    {
        var area = 0.0;
        var previousRecall = 0.0;
        foreach (var p in Curve(rows))
        {
            area += (p.Recall - previousRecall) * p.Precision;
            previousRecall = p.Recall;
        }
        return area;
    }

    /// <summary>The most recall at precision ≥ <paramref name="floor"/>; null when no threshold reaches it.</summary>
    public static Point? RecallAtPrecision(IReadOnlyList<(double Score, bool Label)> rows, double floor) =>
        Curve(rows).Where(p => p.Precision >= floor).MaxBy(p => p.Recall);

    /// <summary>The chosen operating point: the most recall at precision ≥ floor, else the best F1.</summary>
    public static (double Threshold, string Policy) Choose(IReadOnlyList<(double Score, bool Label)> rows, double floor, double negativeWeight = 1)
    {
        if (Curve(rows, negativeWeight).Where(p => p.Precision >= floor).MaxBy(p => p.Recall) is { } point)
        {
            return (point.Threshold, $"most recall at P>={floor:0.00} on validation");
        }
        var best = Curve(rows, negativeWeight).MaxBy(p => p.Precision + p.Recall == 0 ? 0 : 2 * p.Precision * p.Recall / (p.Precision + p.Recall))!;
        return (best.Threshold, "best F1 on validation (no threshold reached the precision floor)");
    }
}

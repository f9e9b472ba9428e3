namespace Tandem.Rules.Insights;

/// <summary>Summary statistics the dashboard shows for durations and scores.</summary>
public static class Distribution
{
    /// <summary>The middle value; the mean of the two middle values when the count is even. Null for no values.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// The nearest-rank percentile: the smallest value with at least <paramref name="percent"/> % of the
    /// values at or below it. Chosen over interpolation because every figure it gives is a time some
    /// customer actually waited ("90 % waited at most this long"), which is what a firm reads it as.
    /// </summary>
    public static double? Percentile(IEnumerable<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (percent is <= 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is in (0, 100].");
        }
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>events ÷ total rounded to 6 places; null when nothing could have happened.</summary>
    public static double? Rate(int events, int total) => total == 0 ? null : Math.Round((double)events / total, 6);
}

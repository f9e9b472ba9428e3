namespace Tandem.Rules.Readiness;

/// <summary>
/// The Wilson score interval for a binomial proportion. Unlike the normal approximation it stays
/// inside [0, 1] and behaves at small counts and at zero events, which is exactly where a readiness
/// decision is made (a handful of overrides in 50 to 100 drafts).
/// </summary>
public static class Wilson
{
    /// <summary>The two-sided 95 % normal quantile.</summary>
    public const double Z95 = 1.959964;

    public static (double Lower, double Upper) Interval(int events, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(events, trials);
        if (trials == 0)
        {
            // No evidence at all: the rate could be anything.
            return (0, 1);
        }
        double n = trials;
        var p = events / n;
        var z2 = z * z;
        var centre = p + (z2 / (2 * n));
        var spread = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        var denominator = 1 + (z2 / n);
        return (Math.Max(0, (centre - spread) / denominator), Math.Min(1, (centre + spread) / denominator));
    }

    public static double Upper(int events, int trials, double z = Z95) => Interval(events, trials, z).Upper;
}

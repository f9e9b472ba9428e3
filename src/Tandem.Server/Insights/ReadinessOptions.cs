using Tandem.Rules.Readiness;

namespace Tandem.Server.Insights;

/// <summary>
/// Configuration section "Tandem:Readiness": the test a topic must pass before it may become
/// autonomous. The defaults are Tandem's (stricter than the reference firm's wording; docs/metrics.md).
/// </summary>
internal sealed class ReadinessOptions
{
    public const string Section = "Tandem:Readiness";

    /// <summary>Reviewed drafts needed in the window (firm policy: 50).</summary>
    public int MinimumReviewed { get; set; } = 50;

    /// <summary>The override rate must be under this (firm policy: 5 %).</summary>
    public double TargetOverrideRate { get; set; } = 0.05;

    /// <summary>WilsonUpper (default): the 95 % upper bound is held to the target; PointEstimate: the observed rate, as the firm's policy words it.</summary>
    public ReadinessBasis Basis { get; set; } = ReadinessBasis.WilsonUpper;

    /// <summary>Normalised edit distance above which an edit is substantial.</summary>
    public double SubstantialEditThreshold { get; set; } = OverrideRules.SubstantialEditThreshold;

    /// <summary>An autonomous topic goes back to co-pilot when its overrides reach this rate over the latest <see cref="DemotionWindow"/> reviews.</summary>
    public double DemotionOverrideRate { get; set; } = 0.05;

    public int DemotionWindow { get; set; } = Demotion.Window;

    public ReadinessRule Rule => new() { MinimumReviewed = MinimumReviewed, TargetOverrideRate = TargetOverrideRate, Basis = Basis };
}

using System.Globalization;

namespace Tandem.Rules.Readiness;

/// <summary>Which figure of the override rate is held to the target.</summary>
public enum ReadinessBasis
{
    /// <summary>Tandem's default: the 95 % Wilson upper bound must be under the target.</summary>
    WilsonUpper,
    /// <summary>The firm's own wording ("under 5 % over at least 50 drafts"): the observed rate.</summary>
    PointEstimate,
}

/// <summary>The test a topic must pass before an admin may make it autonomous.</summary>
public sealed record ReadinessRule
{
    public int MinimumReviewed { get; init; } = 50;
    /// <summary>The override rate must be strictly under this.</summary>
    public double TargetOverrideRate { get; init; } = 0.05;
    public ReadinessBasis Basis { get; init; } = ReadinessBasis.WilsonUpper;
}

/// <summary>What is known about one topic over the readiness window.</summary>
public sealed record TopicEvidence
{
    public required string Topic { get; init; }
    public required int Reviewed { get; init; }
    public required int Overrides { get; init; }
    public int CriticalOverrides { get; init; }
    /// <summary>Conversations the assistant answered first, and how many of them led to a complaint.</summary>
    public int AiConversations { get; init; }
    public int AiComplaints { get; init; }
    /// <summary>Conversations a person handled from the start, and how many of them led to a complaint.</summary>
    public int HumanConversations { get; init; }
    public int HumanComplaints { get; init; }
    public bool NeverAutonomous { get; init; }
}

/// <summary>A reason in two forms: a code for machines and a sentence for the owner.</summary>
public sealed record ReadinessReason(string Code, string Sentence);

public sealed record ReadinessResult(
    string Topic,
    bool Eligible,
    int Reviewed,
    int Overrides,
    double OverrideRate,
    double OverrideUpper95,
    int CriticalOverrides,
    double? AiComplaintRate,
    double? HumanComplaintRate,
    IReadOnlyList<ReadinessReason> Reasons);

public static class ReadinessCodes
{
    public const string Ready = "ready";
    public const string NeverAutonomous = "never_autonomous";
    public const string TooFewReviews = "too_few_reviews";
    public const string OverrideRateTooHigh = "override_rate_too_high";
    public const string CriticalOverride = "critical_override";
    public const string ComplaintRateHigher = "complaint_rate_higher";
}

/// <summary>
/// Whether a topic has earned autonomy (support policy section 11, issue 5): enough reviewed drafts,
/// an override rate under the target, no serious error, complaints no worse than when people handle
/// the topic, and a topic that may become autonomous at all. Every failing test gives its own reason.
/// </summary>
public static class ReadinessGate
{
    public static ReadinessResult Assess(TopicEvidence evidence, ReadinessRule rule)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(rule);
        var inv = CultureInfo.InvariantCulture;
        var rate = evidence.Reviewed == 0 ? 0 : (double)evidence.Overrides / evidence.Reviewed;
        var upper = Wilson.Upper(evidence.Overrides, evidence.Reviewed);
        double? aiRate = evidence.AiConversations == 0 ? null : (double)evidence.AiComplaints / evidence.AiConversations;
        double? humanRate = evidence.HumanConversations == 0 ? null : (double)evidence.HumanComplaints / evidence.HumanConversations;
        var reasons = new List<ReadinessReason>();

        if (evidence.NeverAutonomous)
        {
            reasons.Add(new(ReadinessCodes.NeverAutonomous, $"The firm's policy says '{evidence.Topic}' may never be autonomous."));
        }
        if (evidence.Reviewed < rule.MinimumReviewed)
        {
            reasons.Add(new(ReadinessCodes.TooFewReviews, string.Format(inv,
                "Only {0} reviewed drafts; at least {1} are needed.", evidence.Reviewed, rule.MinimumReviewed)));
        }
        var judged = rule.Basis == ReadinessBasis.WilsonUpper ? upper : rate;
        // "Not under" rather than "over", so that a NaN fails closed.
        if (!(judged < rule.TargetOverrideRate))
        {
            reasons.Add(new(ReadinessCodes.OverrideRateTooHigh, rule.Basis == ReadinessBasis.WilsonUpper
                ? string.Format(inv, "{0} overrides in {1} reviewed drafts ({2:0.0%}); the 95% upper bound {3:0.0%} is not under the target {4:0.0%}.",
                    evidence.Overrides, evidence.Reviewed, rate, upper, rule.TargetOverrideRate)
                : string.Format(inv, "{0} overrides in {1} reviewed drafts is {2:0.0%}, not under the target {3:0.0%}.",
                    evidence.Overrides, evidence.Reviewed, rate, rule.TargetOverrideRate)));
        }
        if (evidence.CriticalOverrides > 0)
        {
            reasons.Add(new(ReadinessCodes.CriticalOverride, string.Format(inv,
                "{0} override(s) were marked as serious errors (money wrongly refunded or promised, another customer's details, a promise outside policy).",
                evidence.CriticalOverrides)));
        }
        // With no human-handled conversations to compare with, the baseline is no complaints at all.
        if (aiRate is { } ai && ai > (humanRate ?? 0))
        {
            reasons.Add(new(ReadinessCodes.ComplaintRateHigher, humanRate is { } human
                ? string.Format(inv, "Complaints on conversations the assistant handled ({0:0.0%}) are higher than on those people handled ({1:0.0%}).", ai, human)
                : string.Format(inv, "Complaints on conversations the assistant handled ({0:0.0%}) with none handled by people to compare with.", ai)));
        }

        var eligible = reasons.Count == 0;
        if (eligible)
        {
            reasons.Add(new(ReadinessCodes.Ready, string.Format(inv,
                "{0} overrides in {1} reviewed drafts ({2:0.0%}, 95% upper bound {3:0.0%}), no serious error and complaints no worse than people's: may become autonomous with the owner's sign-off.",
                evidence.Overrides, evidence.Reviewed, rate, upper)));
        }
        return new ReadinessResult(evidence.Topic, eligible, evidence.Reviewed, evidence.Overrides, rate, upper,
            evidence.CriticalOverrides, aiRate, humanRate, reasons);
    }
}

/// <summary>
/// When an autonomous topic goes back to co-pilot on its own (support policy section 11): a single
/// serious error, or an override rate of 5 % or more over the latest 50 reviews.
/// </summary>
public static class Demotion
{
    public const int Window = 50;

    /// <param name="latestFirst">The topic's reviews, most recent first (only the first <see cref="Window"/> are read).</param>
    /// <returns>A reason code and sentence when the topic must go back, else null.</returns>
    public static ReadinessReason? Check(IReadOnlyList<ReviewFacts> latestFirst, double target = 0.05, int window = Window, double threshold = OverrideRules.SubstantialEditThreshold)
    {
        ArgumentNullException.ThrowIfNull(latestFirst);
        var recent = latestFirst.Take(window).ToList();
        if (recent.Count > 0 && OverrideRules.IsCritical(recent[0]))
        {
            return new(ReadinessCodes.CriticalOverride, "The latest review was marked as a serious error: back to co-pilot straight away.");
        }
        var overrides = recent.Count(r => OverrideRules.IsOverride(r, threshold));
        // The rate is over the latest window of reviews; with fewer reviews than the window, the
        // missing ones count as good, so three overrides among the first few already demote, but one does not.
        if (overrides >= target * window)
        {
            return new(ReadinessCodes.OverrideRateTooHigh, string.Format(CultureInfo.InvariantCulture,
                "{0} overrides in the latest {1} reviews ({2:0.0%} of {3}) reaches the {4:0%} limit: back to co-pilot.",
                overrides, recent.Count, (double)overrides / window, window, target));
        }
        return null;
    }

    public const string ComplaintRateRegressed = "complaint_rate_regressed";

    /// <summary>
    /// An autonomous topic goes back when complaints on the conversations the assistant handled are
    /// clearly worse than on those people handled: the 95 % Wilson lower bound of the assistant's rate
    /// is above the people's rate (with no human-handled conversations to compare with, above zero,
    /// as readiness assumes). Promotion asks for the rate to be no worse; demotion waits for clear
    /// evidence that it is worse, so a single unlucky complaint among many conversations with a higher
    /// human baseline does not flip the topic back and forth.
    /// </summary>
    public static ReadinessReason? CheckComplaints(int aiConversations, int aiComplaints, int humanConversations, int humanComplaints)
    {
        if (aiComplaints == 0 || aiConversations == 0)
        {
            return null;
        }
        var humanRate = humanConversations == 0 ? 0 : (double)humanComplaints / humanConversations;
        var (lower, _) = Wilson.Interval(aiComplaints, aiConversations);
        if (lower <= humanRate)
        {
            return null;
        }
        return new(ComplaintRateRegressed, string.Format(CultureInfo.InvariantCulture,
            "{0} complaints in {1} conversations the assistant handled ({2:0.0%}, at least {3:0.0%} at 95 % confidence) is worse than people's {4}: back to co-pilot.",
            aiComplaints, aiConversations, (double)aiComplaints / aiConversations, lower,
            humanConversations == 0 ? "baseline of no complaints" : string.Format(CultureInfo.InvariantCulture, "{0:0.0%} ({1} in {2})", humanRate, humanComplaints, humanConversations)));
    }
}

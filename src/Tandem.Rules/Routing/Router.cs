using System.Globalization;

namespace Tandem.Rules.Routing;

/// <summary>Machine-readable reasons a decision carries. Wire names are the snake_case of these.</summary>
public enum ReasonCode
{
    KillSwitch,
    AlwaysHandoffSignal,
    UrgentSignal,
    HumanOnlyTopic,
    ConversationWithHuman,
    OutOfScope,
    NoEvidence,
    LowConfidence,
    GuardFailed,
    CopilotTopic,
    NeverAutonomousTopic,
    StateChangingAction,
    RepeatedFailure,
    AutonomousConfident,
    OutOfHours,
    OtherLanguage,
    AdverseDecision,
}

/// <summary>Everything the router looks at. It is a pure function of this record.</summary>
public sealed record RoutingInput
{
    public required string? Topic { get; init; }
    public required double TopicConfidence { get; init; }
    public required bool OutOfScope { get; init; }
    public required IReadOnlyList<Signal> Signals { get; init; }
    /// <summary>Best retrieval score, 0..1; 0 when nothing was found.</summary>
    public required double EvidenceScore { get; init; }
    public required bool HasDraft { get; init; }
    public required bool GuardPassed { get; init; }
    public required bool ProposesStateChange { get; init; }
    public required TopicMode Mode { get; init; }
    public required RoutingPolicy Policy { get; init; }
    public required bool WithinBusinessHours { get; init; }
    /// <summary>A person already has the conversation: once with a person, it stays with a person.</summary>
    public required bool ConversationWithHuman { get; init; }
    /// <summary>Consecutive AI turns that failed to help (no answer, or the same question again).</summary>
    public required int RecentFailedAttempts { get; init; }

    /// <summary>The message's language (ISO 639-1).</summary>
    public string Language { get; init; } = "en";

    /// <summary>
    /// The reply tells the customer of a decision against them (the gateway or the firm's system
    /// refused a refund or cancellation): UK GDPR article 22 means a person takes it, not the AI alone.
    /// </summary>
    public bool AdverseDecision { get; init; }
}

/// <summary>The firm's policy as far as routing is concerned.</summary>
public sealed record RoutingPolicy
{
    public required IReadOnlySet<string> NeverAutonomousTopics { get; init; }
    public required IReadOnlySet<SignalKind> AlwaysHandoffSignals { get; init; }
    public required bool KillSwitch { get; init; }
    /// <summary>Minimum combined confidence to send without review.</summary>
    public double AutonomousThreshold { get; init; } = 0.5;
    /// <summary>Minimum evidence score for the AI to draft anything useful at all.</summary>
    public double EvidenceThreshold { get; init; } = 0.2;
    /// <summary>Failed attempts after which a person is offered (support-policy: two).</summary>
    public int MaxFailedAttempts { get; init; } = 2;

    /// <summary>Languages the firm's assistant may answer in without review; the firm's knowledge is written in these.</summary>
    public IReadOnlySet<string> AnswerLanguages { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "en" };
}

public sealed record RoutingDecision(Decision Decision, IReadOnlyList<ReasonCode> Reasons, string Explanation, bool Urgent)
{
    public IReadOnlyList<string> ReasonWireNames => [.. Reasons.Select(ReasonNames.ToWire)];
}

public static class ReasonNames
{
    public static string ToWire(ReasonCode code)
    {
        var name = code.ToString();
        var chars = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                chars.Append('_');
            }
            chars.Append(char.ToLowerInvariant(name[i]));
        }
        return chars.ToString();
    }
}

/// <summary>
/// Combines mode, policy, signals and confidence into send / review / handoff. The order of the
/// checks is the order of precedence: the strictest applicable rule wins, and nothing later can
/// loosen an earlier handoff.
/// </summary>
public static class Router
{
    public static RoutingDecision Decide(RoutingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var handoff = new List<ReasonCode>();
        var urgent = input.Signals.Any(s => s.Kind == SignalKind.SelfHarm);

        if (input.Policy.KillSwitch)
        {
            handoff.Add(ReasonCode.KillSwitch);
        }
        if (urgent)
        {
            handoff.Add(ReasonCode.UrgentSignal);
        }
        if (input.Signals.Any(s => input.Policy.AlwaysHandoffSignals.Contains(s.Kind)))
        {
            handoff.Add(ReasonCode.AlwaysHandoffSignal);
        }
        if (input.Mode == TopicMode.Human)
        {
            handoff.Add(ReasonCode.HumanOnlyTopic);
        }
        if (input.ConversationWithHuman)
        {
            handoff.Add(ReasonCode.ConversationWithHuman);
        }
        if (input.RecentFailedAttempts >= input.Policy.MaxFailedAttempts)
        {
            handoff.Add(ReasonCode.RepeatedFailure);
        }
        if (handoff.Count > 0)
        {
            if (!input.WithinBusinessHours)
            {
                handoff.Add(ReasonCode.OutOfHours);
            }
            return new RoutingDecision(Decision.Handoff, handoff, Explain(Decision.Handoff, handoff, input), urgent);
        }

        // From here the AI may at least draft. Anything that weakens the case for sending moves it to review.
        var review = new List<ReasonCode>();
        if (input.OutOfScope || input.Topic is null)
        {
            review.Add(ReasonCode.OutOfScope);
        }
        // Written as "not at least" so that a NaN score fails closed instead of slipping through to send.
        if (!input.HasDraft || !(input.EvidenceScore >= input.Policy.EvidenceThreshold))
        {
            review.Add(ReasonCode.NoEvidence);
        }
        else if (!(Confidence(input) >= input.Policy.AutonomousThreshold))
        {
            review.Add(ReasonCode.LowConfidence);
        }
        if (input.HasDraft && !input.GuardPassed)
        {
            review.Add(ReasonCode.GuardFailed);
        }
        if (input.Mode != TopicMode.Autonomous)
        {
            review.Add(ReasonCode.CopilotTopic);
        }
        if (input.Topic is not null && input.Policy.NeverAutonomousTopics.Contains(input.Topic))
        {
            review.Add(ReasonCode.NeverAutonomousTopic);
        }
        if (input.ProposesStateChange)
        {
            review.Add(ReasonCode.StateChangingAction);
        }
        if (!input.Policy.AnswerLanguages.Contains(input.Language))
        {
            // An answer in the firm's language to a customer who wrote in another is not sent unseen.
            review.Add(ReasonCode.OtherLanguage);
        }
        if (input.AdverseDecision)
        {
            review.Add(ReasonCode.AdverseDecision);
        }
        if (review.Count > 0)
        {
            return new RoutingDecision(Decision.Review, review, Explain(Decision.Review, review, input), false);
        }

        List<ReasonCode> send = [ReasonCode.AutonomousConfident];
        return new RoutingDecision(Decision.Send, send, Explain(Decision.Send, send, input), false);
    }

    /// <summary>The single confidence figure the turn reports: topic certainty and evidence strength together.</summary>
    public static double Confidence(RoutingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.OutOfScope || !input.HasDraft)
        {
            return 0;
        }
        return Math.Round(Math.Sqrt(Math.Clamp(input.TopicConfidence, 0, 1) * Math.Clamp(input.EvidenceScore, 0, 1)), 4);
    }

    private static string Explain(Decision decision, List<ReasonCode> reasons, RoutingInput input)
    {
        var parts = reasons.Select(r => r switch
        {
            ReasonCode.KillSwitch => "the kill switch is on, so every conversation goes to a person",
            ReasonCode.UrgentSignal => "the customer may be at risk of harm: urgent",
            ReasonCode.AlwaysHandoffSignal => "signals that always go to a person: " +
                string.Join(", ", input.Signals.Where(s => input.Policy.AlwaysHandoffSignals.Contains(s.Kind)).Select(s => $"{s.Kind.ToWire()} (\"{s.Evidence}\")")),
            ReasonCode.HumanOnlyTopic => $"topic '{input.Topic}' is human only",
            ReasonCode.ConversationWithHuman => "a person already has this conversation",
            ReasonCode.RepeatedFailure => $"the assistant has failed to help {input.RecentFailedAttempts} times",
            ReasonCode.OutOfHours => "outside opening hours; the customer was told when a person will reply",
            ReasonCode.OutOfScope => "the message matches none of the firm's topics",
            ReasonCode.NoEvidence => "no passage in the firm's knowledge answers it well enough",
            ReasonCode.LowConfidence => string.Create(CultureInfo.InvariantCulture, $"confidence {Confidence(input):0.00} is below the autonomous threshold {input.Policy.AutonomousThreshold:0.00}"),
            ReasonCode.GuardFailed => "the guard did not clear the draft",
            ReasonCode.CopilotTopic => $"topic '{input.Topic}' is in co-pilot: an agent approves every reply",
            ReasonCode.NeverAutonomousTopic => $"topic '{input.Topic}' may never be autonomous",
            ReasonCode.StateChangingAction => "the reply proposes an action that changes the customer's records",
            ReasonCode.OtherLanguage => $"the customer wrote in '{input.Language}', which the assistant does not answer in alone",
            ReasonCode.AdverseDecision => "the reply tells the customer of a decision against them, which a person must take",
            ReasonCode.AutonomousConfident => string.Create(CultureInfo.InvariantCulture, $"autonomous topic '{input.Topic}', guard passed, confidence {Confidence(input):0.00}"),
            _ => r.ToString(),
        });
        var verb = decision switch
        {
            Decision.Send => "Sent automatically",
            Decision.Review => "Held for review",
            _ => "Handed to a person",
        };
        return $"{verb}: {string.Join("; ", parts)}.";
    }
}

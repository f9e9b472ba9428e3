using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

/// <summary>Fresh inputs for example-based tests. Every call builds new objects, so no test can disturb another.</summary>
internal static class Inputs
{
    public const string Topic = "delivery";

    public static RoutingPolicy Policy(
        IEnumerable<string>? neverAutonomous = null,
        IEnumerable<SignalKind>? alwaysHandoff = null,
        bool killSwitch = false) => new()
        {
            NeverAutonomousTopics = new HashSet<string>(neverAutonomous ?? ["complaints"], StringComparer.Ordinal),
            AlwaysHandoffSignals = new HashSet<SignalKind>(alwaysHandoff ?? [SignalKind.LegalThreat, SignalKind.HumanRequest]),
            KillSwitch = killSwitch,
        };

    /// <summary>An autonomous topic, a well-grounded draft that passed the guard: the router sends it.</summary>
    public static RoutingInput Sendable() => new()
    {
        Topic = Topic,
        TopicConfidence = 0.9,
        OutOfScope = false,
        Signals = [],
        EvidenceScore = 0.9,
        HasDraft = true,
        GuardPassed = true,
        ProposesStateChange = false,
        Mode = TopicMode.Autonomous,
        Policy = Policy(),
        WithinBusinessHours = true,
        ConversationWithHuman = false,
        RecentFailedAttempts = 0,
    };

    public static RoutingInput WithSignal(this RoutingInput input, SignalKind kind, string evidence = "the customer's words") =>
        input with { Signals = [.. input.Signals, new Signal(kind, evidence)] };

    public static RoutingInput WithPolicy(this RoutingInput input, Func<RoutingPolicy, RoutingPolicy> change) =>
        input with { Policy = change(input.Policy) };
}

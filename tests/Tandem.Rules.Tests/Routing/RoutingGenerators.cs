using FsCheck;
using FsCheck.Fluent;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

/// <summary>
/// Arbitrary routing inputs. Values are biased towards the "everything is fine" side so that sends, reviews
/// and handoffs all turn up often enough for the invariants to be exercised on each of them.
/// </summary>
internal static class RoutingGenerators
{
    public static readonly string[] Topics = ["delivery", "returns", "refunds", "billing", "complaints", "account_closure"];

    private static Gen<bool> Mostly(bool value, int oddsAgainst = 4) =>
        Gen.Frequency((oddsAgainst, Gen.Constant(value)), (1, Gen.Constant(!value)));

    /// <summary>A probability in [0, 1], with the edges and the default thresholds turning up on purpose.</summary>
    public static Gen<double> UnitInterval() =>
        Gen.Frequency(
            (6, Gen.Choose(0, 10_000).Select(i => i / 10_000.0)),
            (1, Gen.Elements(0.0, 0.2, 0.25, 0.5, 1.0)));

    public static Gen<string> Topic() => Gen.Elements(Topics);

    public static Gen<IReadOnlyList<Signal>> Signals() =>
        Gen.Frequency(
            (3, Gen.Constant<IReadOnlyList<Signal>>([])),
            (2, Gen.ListOf(Gen.Elements(Enum.GetValues<SignalKind>()))
                .Resize(3)
                .Select(kinds => (IReadOnlyList<Signal>)[.. kinds.Select(k => new Signal(k, $"words suggesting {k.ToWire()}"))])));

    public static Gen<RoutingPolicy> Policies() =>
        from never in Gen.SubListOf(Topics)
        from always in Gen.SubListOf(Enum.GetValues<SignalKind>())
        from kill in Mostly(false, 6)
        from autonomous in UnitInterval()
        from evidence in UnitInterval()
        from maxFailed in Gen.Choose(1, 4)
        select new RoutingPolicy
        {
            NeverAutonomousTopics = new HashSet<string>(never, StringComparer.Ordinal),
            AlwaysHandoffSignals = new HashSet<SignalKind>(always),
            KillSwitch = kill,
            AutonomousThreshold = autonomous,
            EvidenceThreshold = evidence,
            MaxFailedAttempts = maxFailed,
        };

    /// <summary>Mostly the broad generator; a quarter of the time one with nothing standing in the way but the numbers and the topic.</summary>
    public static Gen<RoutingInput> Inputs() =>
        Gen.Frequency(
            (3, Broad()),
            (1, Broad().Select(i => i with
            {
                Policy = i.Policy with { KillSwitch = false },
                Signals = [],
                Mode = TopicMode.Autonomous,
                ConversationWithHuman = false,
                RecentFailedAttempts = 0,
                Language = "en",
                OutOfScope = false,
                HasDraft = true,
                GuardPassed = true,
                ProposesStateChange = false,
            })));

    private static Gen<RoutingInput> Broad() =>
        from topic in Gen.Frequency((9, Topic().Select(t => (string?)t)), (1, Gen.Constant<string?>(null)))
        from topicConfidence in UnitInterval()
        from outOfScope in Mostly(false)
        from signals in Signals()
        from evidenceScore in UnitInterval()
        from hasDraft in Mostly(true)
        from guardPassed in Mostly(true)
        from stateChange in Mostly(false)
        from mode in Gen.Frequency((1, Gen.Constant(TopicMode.Human)), (1, Gen.Constant(TopicMode.Copilot)), (3, Gen.Constant(TopicMode.Autonomous)))
        from policy in Policies()
        from withinHours in Mostly(true, 2)
        from withHuman in Mostly(false)
        from failed in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, 5)))
        from language in Gen.Frequency((6, Gen.Constant("en")), (1, Gen.Elements("fr", "de", "pl")))
        from adverse in Mostly(false)
        select new RoutingInput
        {
            Topic = topic,
            TopicConfidence = topicConfidence,
            OutOfScope = outOfScope,
            Signals = signals,
            EvidenceScore = evidenceScore,
            HasDraft = hasDraft,
            GuardPassed = guardPassed,
            ProposesStateChange = stateChange,
            Mode = mode,
            Policy = policy,
            WithinBusinessHours = withinHours,
            ConversationWithHuman = withHuman,
            RecentFailedAttempts = failed,
            Language = language,
            AdverseDecision = adverse,
        };

    public static Arbitrary<RoutingInput> AnyInput() => Inputs().ToArbitrary();

    public static Arbitrary<(RoutingInput Input, string Topic)> AnyInputWithTopic() =>
        Inputs().Zip(Topic()).ToArbitrary();

    public static Arbitrary<(RoutingInput Input, SignalKind Kind)> AnyInputWithSignal() =>
        Inputs().Zip(Gen.Elements(Enum.GetValues<SignalKind>())).ToArbitrary();
}

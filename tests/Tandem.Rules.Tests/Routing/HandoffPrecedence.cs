using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class HandoffPrecedence
{
    [Property(MaxTest = 500)]
    public Property ABetterDraftNeverLoosensAHandoff() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), input =>
        {
            var before = Router.Decide(input);
            if (before.Decision != Decision.Handoff)
            {
                return;
            }
            var improved = input with
            {
                TopicConfidence = 1,
                EvidenceScore = 1,
                HasDraft = true,
                GuardPassed = true,
                OutOfScope = false,
                ProposesStateChange = false,
            };

            var after = Router.Decide(improved);

            Assert.Equal(Decision.Handoff, after.Decision);
            Assert.Equal(before.Reasons, after.Reasons);
        });

    [Property(MaxTest = 500)]
    public Property AHandoffOnlyEverCarriesHandoffReasons() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), input =>
        {
            ReasonCode[] handoffReasons =
            [
                ReasonCode.KillSwitch, ReasonCode.UrgentSignal, ReasonCode.AlwaysHandoffSignal, ReasonCode.HumanOnlyTopic,
                ReasonCode.ConversationWithHuman, ReasonCode.RepeatedFailure, ReasonCode.OutOfHours,
            ];

            var decision = Router.Decide(input);

            if (decision.Decision == Decision.Handoff)
            {
                Assert.All(decision.Reasons, r => Assert.Contains(r, handoffReasons));
                Assert.NotEqual([ReasonCode.OutOfHours], decision.Reasons);
            }
            else
            {
                Assert.All(decision.Reasons, r => Assert.DoesNotContain(r, handoffReasons));
            }
        });

    [Fact]
    public void EveryApplicableHandoffReasonIsListedInOrderOfPrecedence()
    {
        var input = (Inputs.Sendable() with
        {
            Mode = TopicMode.Human,
            ConversationWithHuman = true,
            RecentFailedAttempts = 5,
            WithinBusinessHours = false,
        })
            .WithSignal(SignalKind.HumanRequest)
            .WithSignal(SignalKind.SelfHarm)
            .WithPolicy(p => p with { KillSwitch = true });

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Handoff, decision.Decision);
        Assert.Equal(
            [
                ReasonCode.KillSwitch, ReasonCode.UrgentSignal, ReasonCode.AlwaysHandoffSignal, ReasonCode.HumanOnlyTopic,
                ReasonCode.ConversationWithHuman, ReasonCode.RepeatedFailure, ReasonCode.OutOfHours,
            ],
            decision.Reasons);
        Assert.True(decision.Urgent);
    }
}

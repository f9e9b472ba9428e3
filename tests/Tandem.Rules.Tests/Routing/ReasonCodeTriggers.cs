using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class ReasonCodeTriggers
{
    /// <summary>The smallest change to a sendable input that makes the router give this reason, and what it then decides.</summary>
    private static (RoutingInput Input, Decision Decision, ReasonCode[] Reasons) Trigger(ReasonCode code) => code switch
    {
        ReasonCode.KillSwitch => (Inputs.Sendable().WithPolicy(p => p with { KillSwitch = true }), Decision.Handoff, [code]),
        ReasonCode.AlwaysHandoffSignal => (Inputs.Sendable().WithSignal(SignalKind.HumanRequest, "let me talk to a person"), Decision.Handoff, [code]),
        ReasonCode.UrgentSignal => (Inputs.Sendable().WithSignal(SignalKind.SelfHarm), Decision.Handoff, [code]),
        ReasonCode.HumanOnlyTopic => (Inputs.Sendable() with { Mode = TopicMode.Human }, Decision.Handoff, [code]),
        ReasonCode.ConversationWithHuman => (Inputs.Sendable() with { ConversationWithHuman = true }, Decision.Handoff, [code]),
        ReasonCode.RepeatedFailure => (Inputs.Sendable() with { RecentFailedAttempts = 2 }, Decision.Handoff, [code]),
        ReasonCode.OutOfHours => (Inputs.Sendable() with { Mode = TopicMode.Human, WithinBusinessHours = false }, Decision.Handoff, [ReasonCode.HumanOnlyTopic, code]),
        // Out of scope zeroes the confidence, so low confidence comes along with it.
        ReasonCode.OutOfScope => (Inputs.Sendable() with { OutOfScope = true }, Decision.Review, [code, ReasonCode.LowConfidence]),
        ReasonCode.NoEvidence => (Inputs.Sendable() with { EvidenceScore = 0.1 }, Decision.Review, [code]),
        ReasonCode.LowConfidence => (Inputs.Sendable() with { TopicConfidence = 0.1 }, Decision.Review, [code]),
        ReasonCode.GuardFailed => (Inputs.Sendable() with { GuardPassed = false }, Decision.Review, [code]),
        ReasonCode.CopilotTopic => (Inputs.Sendable() with { Mode = TopicMode.Copilot }, Decision.Review, [code]),
        ReasonCode.NeverAutonomousTopic => (Inputs.Sendable() with { Topic = "complaints" }, Decision.Review, [code]),
        ReasonCode.StateChangingAction => (Inputs.Sendable() with { ProposesStateChange = true }, Decision.Review, [code]),
        ReasonCode.OtherLanguage => (Inputs.Sendable() with { Language = "fr" }, Decision.Review, [code]),
        ReasonCode.AdverseDecision => (Inputs.Sendable() with { AdverseDecision = true }, Decision.Review, [code]),
        ReasonCode.AutonomousConfident => (Inputs.Sendable(), Decision.Send, [code]),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "no trigger written for this reason"),
    };

    [Theory]
    [InlineData(ReasonCode.KillSwitch)]
    [InlineData(ReasonCode.AlwaysHandoffSignal)]
    [InlineData(ReasonCode.UrgentSignal)]
    [InlineData(ReasonCode.HumanOnlyTopic)]
    [InlineData(ReasonCode.ConversationWithHuman)]
    [InlineData(ReasonCode.OutOfScope)]
    [InlineData(ReasonCode.NoEvidence)]
    [InlineData(ReasonCode.LowConfidence)]
    [InlineData(ReasonCode.GuardFailed)]
    [InlineData(ReasonCode.CopilotTopic)]
    [InlineData(ReasonCode.NeverAutonomousTopic)]
    [InlineData(ReasonCode.StateChangingAction)]
    [InlineData(ReasonCode.RepeatedFailure)]
    [InlineData(ReasonCode.AutonomousConfident)]
    [InlineData(ReasonCode.OutOfHours)]
    [InlineData(ReasonCode.OtherLanguage)]
    [InlineData(ReasonCode.AdverseDecision)]
    public void EachReasonCodeIsGivenForItsOwnTrigger(ReasonCode code)
    {
        var (input, expectedDecision, expectedReasons) = Trigger(code);

        var decision = Router.Decide(input);

        Assert.Equal(expectedDecision, decision.Decision);
        Assert.Equal(expectedReasons, decision.Reasons);
    }

    [Fact]
    public void EveryReasonCodeHasATriggerAndItsOwnWordsInTheExplanation()
    {
        foreach (var code in Enum.GetValues<ReasonCode>())
        {
            var (input, _, _) = Trigger(code);

            var decision = Router.Decide(input);

            Assert.Contains(code, decision.Reasons);
            // The fallback for an unexplained reason is the bare enum name.
            Assert.DoesNotContain(code.ToString(), decision.Explanation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NoDraftAtAllIsNoEvidenceAndNotAGuardFailure()
    {
        var decision = Router.Decide(Inputs.Sendable() with { HasDraft = false, GuardPassed = false });

        Assert.Equal(Decision.Review, decision.Decision);
        Assert.Equal([ReasonCode.NoEvidence], decision.Reasons);
    }
}

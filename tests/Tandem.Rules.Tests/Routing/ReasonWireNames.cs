using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class ReasonWireNames
{
    [Theory]
    [InlineData(ReasonCode.KillSwitch, "kill_switch")]
    [InlineData(ReasonCode.AlwaysHandoffSignal, "always_handoff_signal")]
    [InlineData(ReasonCode.UrgentSignal, "urgent_signal")]
    [InlineData(ReasonCode.HumanOnlyTopic, "human_only_topic")]
    [InlineData(ReasonCode.ConversationWithHuman, "conversation_with_human")]
    [InlineData(ReasonCode.OutOfScope, "out_of_scope")]
    [InlineData(ReasonCode.NoEvidence, "no_evidence")]
    [InlineData(ReasonCode.LowConfidence, "low_confidence")]
    [InlineData(ReasonCode.GuardFailed, "guard_failed")]
    [InlineData(ReasonCode.CopilotTopic, "copilot_topic")]
    [InlineData(ReasonCode.NeverAutonomousTopic, "never_autonomous_topic")]
    [InlineData(ReasonCode.StateChangingAction, "state_changing_action")]
    [InlineData(ReasonCode.RepeatedFailure, "repeated_failure")]
    [InlineData(ReasonCode.AutonomousConfident, "autonomous_confident")]
    [InlineData(ReasonCode.OutOfHours, "out_of_hours")]
    [InlineData(ReasonCode.AdverseDecision, "adverse_decision")]
    public void AReasonCodeGoesOnTheWireAsSnakeCase(ReasonCode code, string wire)
    {
        Assert.Equal(wire, ReasonNames.ToWire(code));
    }

    [Fact]
    public void EveryReasonCodeHasADistinctLowercaseWireName()
    {
        var names = Enum.GetValues<ReasonCode>().Select(ReasonNames.ToWire).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches("^[a-z]+(_[a-z]+)*$", n));
    }

    [Fact]
    public void ADecisionListsTheWireNamesOfItsReasonsInOrder()
    {
        var decision = new RoutingDecision(Decision.Handoff, [ReasonCode.UrgentSignal, ReasonCode.OutOfHours], "Handed to a person: x.", true);

        Assert.Equal(["urgent_signal", "out_of_hours"], decision.ReasonWireNames);
    }
}

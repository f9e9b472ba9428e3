using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class AlwaysHandoffSignalRouting
{
    [Property(MaxTest = 500)]
    public Property AnAlwaysHandoffSignalAlwaysHandsOff() =>
        Prop.ForAll(RoutingGenerators.AnyInputWithSignal(), pair =>
        {
            var input = pair.Input
                .WithSignal(pair.Kind)
                .WithPolicy(p => p with { AlwaysHandoffSignals = new HashSet<SignalKind>([.. p.AlwaysHandoffSignals, pair.Kind]) });

            var decision = Router.Decide(input);

            Assert.Equal(Decision.Handoff, decision.Decision);
            Assert.Contains(ReasonCode.AlwaysHandoffSignal, decision.Reasons);
        });

    [Property(MaxTest = 500)]
    public Property ASignalOutsideThePolicyIsNotReportedAsAnAlwaysHandoffSignal() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), input =>
        {
            var decision = Router.Decide(input);

            var policyMatches = input.Signals.Any(s => input.Policy.AlwaysHandoffSignals.Contains(s.Kind));
            Assert.Equal(policyMatches, decision.Reasons.Contains(ReasonCode.AlwaysHandoffSignal));
        });

    [Fact]
    public void TheExplanationNamesTheSignalAndTheWordsThatRaisedIt()
    {
        var input = Inputs.Sendable().WithSignal(SignalKind.LegalThreat, "I'll see you in court");

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Handoff, decision.Decision);
        Assert.Equal([ReasonCode.AlwaysHandoffSignal], decision.Reasons);
        Assert.Contains("legal_threat (\"I'll see you in court\")", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ASignalTheFirmDoesNotListDoesNotHandOffOnItsOwn()
    {
        var input = Inputs.Sendable().WithSignal(SignalKind.Complaint, "this is rubbish");

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Send, decision.Decision);
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class SelfHarmRouting
{
    [Property(MaxTest = 500)]
    public Property SelfHarmIsAlwaysAnUrgentHandoff() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), generated =>
        {
            var input = generated.WithSignal(SignalKind.SelfHarm, "I don't want to be here any more");

            var decision = Router.Decide(input);

            Assert.Equal(Decision.Handoff, decision.Decision);
            Assert.True(decision.Urgent);
            Assert.Contains(ReasonCode.UrgentSignal, decision.Reasons);
        });

    [Property(MaxTest = 500)]
    public Property OnlySelfHarmMakesADecisionUrgent() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), input =>
        {
            var decision = Router.Decide(input);

            Assert.Equal(input.Signals.Any(s => s.Kind == SignalKind.SelfHarm), decision.Urgent);
        });

    [Fact]
    public void SelfHarmHandsOffEvenWhenTheFirmDoesNotListItAsAnAlwaysHandoffSignal()
    {
        var input = Inputs.Sendable()
            .WithPolicy(p => p with { AlwaysHandoffSignals = new HashSet<SignalKind>() })
            .WithSignal(SignalKind.SelfHarm);

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Handoff, decision.Decision);
        Assert.True(decision.Urgent);
        Assert.Equal([ReasonCode.UrgentSignal], decision.Reasons);
        Assert.Contains("urgent", decision.Explanation, StringComparison.Ordinal);
    }
}

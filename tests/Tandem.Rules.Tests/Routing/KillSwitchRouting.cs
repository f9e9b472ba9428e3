using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class KillSwitchRouting
{
    [Property(MaxTest = 500)]
    public Property TheKillSwitchAlwaysHandsOffWithReasonKillSwitch() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), generated =>
        {
            var input = generated.WithPolicy(p => p with { KillSwitch = true });

            var decision = Router.Decide(input);

            Assert.Equal(Decision.Handoff, decision.Decision);
            Assert.Equal(ReasonCode.KillSwitch, decision.Reasons[0]);
            Assert.Equal("kill_switch", decision.ReasonWireNames[0]);
        });

    [Fact]
    public void TheKillSwitchHandsOffEvenAPerfectDraft()
    {
        var input = Inputs.Sendable().WithPolicy(p => p with { KillSwitch = true });

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Handoff, decision.Decision);
        Assert.Equal([ReasonCode.KillSwitch], decision.Reasons);
        Assert.False(decision.Urgent);
        Assert.Contains("kill switch is on", decision.Explanation, StringComparison.Ordinal);
    }
}

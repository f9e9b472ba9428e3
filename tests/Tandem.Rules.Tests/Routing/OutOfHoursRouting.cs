using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class OutOfHoursRouting
{
    [Property(MaxTest = 1000)]
    public Property AHandoffOutOfHoursCarriesOutOfHoursAsItsLastReason() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), generated =>
        {
            var input = generated with { WithinBusinessHours = false };

            var decision = Router.Decide(input);

            if (decision.Decision == Decision.Handoff)
            {
                Assert.Equal(ReasonCode.OutOfHours, decision.Reasons[^1]);
                Assert.Contains("out_of_hours", decision.ReasonWireNames);
            }
            else
            {
                Assert.DoesNotContain(ReasonCode.OutOfHours, decision.Reasons);
            }
        });

    [Property(MaxTest = 500)]
    public Property WithinHoursNoDecisionCarriesOutOfHours() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), generated =>
        {
            var decision = Router.Decide(generated with { WithinBusinessHours = true });

            Assert.DoesNotContain(ReasonCode.OutOfHours, decision.Reasons);
        });

    [Fact]
    public void BeingOutOfHoursAloneDoesNotStopASend()
    {
        var decision = Router.Decide(Inputs.Sendable() with { WithinBusinessHours = false });

        Assert.Equal(Decision.Send, decision.Decision);
        Assert.Equal([ReasonCode.AutonomousConfident], decision.Reasons);
    }

    [Fact]
    public void AnOutOfHoursHandoffTellsTheAgentTheCustomerWasToldWhenAPersonWillReply()
    {
        var decision = Router.Decide(Inputs.Sendable() with { ConversationWithHuman = true, WithinBusinessHours = false });

        Assert.Equal([ReasonCode.ConversationWithHuman, ReasonCode.OutOfHours], decision.Reasons);
        Assert.Contains("outside opening hours; the customer was told when a person will reply", decision.Explanation, StringComparison.Ordinal);
    }
}

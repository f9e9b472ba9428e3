using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class CopilotModeRouting
{
    [Property(MaxTest = 500)]
    public Property ACopilotTopicIsNeverSent() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), generated =>
        {
            var input = generated with { Mode = TopicMode.Copilot };

            var decision = Router.Decide(input);

            Assert.NotEqual(Decision.Send, decision.Decision);
            if (decision.Decision == Decision.Review)
            {
                Assert.Contains(ReasonCode.CopilotTopic, decision.Reasons);
            }
        });

    [Fact]
    public void ACopilotTopicWithAPerfectDraftIsHeldForAnAgentToApprove()
    {
        var input = Inputs.Sendable() with { Mode = TopicMode.Copilot };

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Review, decision.Decision);
        Assert.Equal([ReasonCode.CopilotTopic], decision.Reasons);
        Assert.Contains("co-pilot: an agent approves every reply", decision.Explanation, StringComparison.Ordinal);
    }
}

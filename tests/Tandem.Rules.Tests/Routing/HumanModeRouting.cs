using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class HumanModeRouting
{
    [Property(MaxTest = 500)]
    public Property AHumanModeTopicAlwaysHandsOff() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), generated =>
        {
            var input = generated with { Mode = TopicMode.Human };

            var decision = Router.Decide(input);

            Assert.Equal(Decision.Handoff, decision.Decision);
            Assert.Contains(ReasonCode.HumanOnlyTopic, decision.Reasons);
        });

    [Fact]
    public void AHumanModeTopicHandsOffAPerfectDraftAndSaysWhy()
    {
        var input = Inputs.Sendable() with { Mode = TopicMode.Human, Topic = "bereavement" };

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Handoff, decision.Decision);
        Assert.Equal([ReasonCode.HumanOnlyTopic], decision.Reasons);
        Assert.Contains("topic 'bereavement' is human only", decision.Explanation, StringComparison.Ordinal);
    }
}

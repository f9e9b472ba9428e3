using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class NeverAutonomousTopicRouting
{
    [Property(MaxTest = 500)]
    public Property ANeverAutonomousTopicIsNeverSent() =>
        Prop.ForAll(RoutingGenerators.AnyInputWithTopic(), pair =>
        {
            var input = (pair.Input with { Topic = pair.Topic })
                .WithPolicy(p => p with { NeverAutonomousTopics = new HashSet<string>([.. p.NeverAutonomousTopics, pair.Topic], StringComparer.Ordinal) });

            var decision = Router.Decide(input);

            Assert.NotEqual(Decision.Send, decision.Decision);
            if (decision.Decision == Decision.Review)
            {
                Assert.Contains(ReasonCode.NeverAutonomousTopic, decision.Reasons);
            }
        });

    [Fact]
    public void ANeverAutonomousTopicInAutonomousModeIsHeldForReview()
    {
        var input = Inputs.Sendable() with { Topic = "complaints" };

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Review, decision.Decision);
        Assert.Equal([ReasonCode.NeverAutonomousTopic], decision.Reasons);
        Assert.Contains("topic 'complaints' may never be autonomous", decision.Explanation, StringComparison.Ordinal);
    }
}

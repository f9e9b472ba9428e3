using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class ConversationWithHumanRouting
{
    [Property(MaxTest = 500)]
    public Property AConversationAlreadyWithAPersonAlwaysHandsOff() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), generated =>
        {
            var input = generated with { ConversationWithHuman = true };

            var decision = Router.Decide(input);

            Assert.Equal(Decision.Handoff, decision.Decision);
            Assert.Contains(ReasonCode.ConversationWithHuman, decision.Reasons);
        });

    [Fact]
    public void OnceWithAPersonAPerfectDraftStillGoesToThatPerson()
    {
        var input = Inputs.Sendable() with { ConversationWithHuman = true };

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Handoff, decision.Decision);
        Assert.Equal([ReasonCode.ConversationWithHuman], decision.Reasons);
        Assert.Contains("a person already has this conversation", decision.Explanation, StringComparison.Ordinal);
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class DecisionExplanations
{
    [Property(MaxTest = 1000)]
    public Property EveryDecisionHasAReasonAndAnExplanationThatMatchesIt() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), input =>
        {
            var decision = Router.Decide(input);

            Assert.NotEmpty(decision.Reasons);
            Assert.Equal(decision.Reasons.Count, decision.Reasons.Distinct().Count());
            Assert.False(string.IsNullOrWhiteSpace(decision.Explanation));
            var verb = decision.Decision switch
            {
                Decision.Send => "Sent automatically: ",
                Decision.Review => "Held for review: ",
                _ => "Handed to a person: ",
            };
            Assert.StartsWith(verb, decision.Explanation, StringComparison.Ordinal);
            Assert.EndsWith(".", decision.Explanation, StringComparison.Ordinal);
        });

    [Fact]
    public void AReviewExplanationJoinsItsReasonsWithSemicolons()
    {
        var input = Inputs.Sendable() with { GuardPassed = false, ProposesStateChange = true };

        var decision = Router.Decide(input);

        Assert.Equal(
            "Held for review: the guard did not clear the draft; " +
            "the reply proposes an action that changes the customer's records.",
            decision.Explanation);
    }
}

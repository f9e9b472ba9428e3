using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class RepeatedFailureRouting
{
    [Property(MaxTest = 500)]
    public Property ReachingTheFailedAttemptLimitAlwaysHandsOff() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), generated =>
        {
            var input = generated with { RecentFailedAttempts = generated.Policy.MaxFailedAttempts };

            var decision = Router.Decide(input);

            Assert.Equal(Decision.Handoff, decision.Decision);
            Assert.Contains(ReasonCode.RepeatedFailure, decision.Reasons);
        });

    [Fact]
    public void OneFailedAttemptUnderTheDefaultPolicyOfTwoDoesNotHandOff()
    {
        var input = Inputs.Sendable() with { RecentFailedAttempts = 1 };

        var decision = Router.Decide(input);

        Assert.Equal(2, input.Policy.MaxFailedAttempts);
        Assert.Equal(Decision.Send, decision.Decision);
    }

    [Fact]
    public void TwoFailedAttemptsUnderTheDefaultPolicyOfferAPerson()
    {
        var input = Inputs.Sendable() with { RecentFailedAttempts = 2 };

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Handoff, decision.Decision);
        Assert.Equal([ReasonCode.RepeatedFailure], decision.Reasons);
        Assert.Contains("failed to help 2 times", decision.Explanation, StringComparison.Ordinal);
    }
}

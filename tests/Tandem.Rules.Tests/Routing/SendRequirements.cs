using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class SendRequirements
{
    [Property(MaxTest = 2000)]
    public Property ASendAlwaysHasEverythingRight() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), input =>
        {
            var decision = Router.Decide(input);
            if (decision.Decision != Decision.Send)
            {
                return;
            }

            Assert.Equal(TopicMode.Autonomous, input.Mode);
            Assert.True(input.GuardPassed);
            Assert.True(input.HasDraft);
            Assert.False(input.ProposesStateChange);
            Assert.False(input.AdverseDecision);
            Assert.False(input.OutOfScope);
            Assert.False(input.Policy.KillSwitch);
            Assert.False(input.ConversationWithHuman);
            Assert.False(decision.Urgent);
            Assert.True(input.EvidenceScore >= input.Policy.EvidenceThreshold);
            Assert.True(Router.Confidence(input) >= input.Policy.AutonomousThreshold);
            Assert.True(input.RecentFailedAttempts < input.Policy.MaxFailedAttempts);
            Assert.Contains(input.Language, input.Policy.AnswerLanguages);
            Assert.DoesNotContain(input.Signals, s => input.Policy.AlwaysHandoffSignals.Contains(s.Kind));
            Assert.False(input.Topic is not null && input.Policy.NeverAutonomousTopics.Contains(input.Topic));
            Assert.Equal([ReasonCode.AutonomousConfident], decision.Reasons);
        });

    [Fact]
    public void AConfidentGroundedDraftOnAnAutonomousTopicIsSent()
    {
        var decision = Router.Decide(Inputs.Sendable());

        Assert.Equal(Decision.Send, decision.Decision);
        Assert.Equal(["autonomous_confident"], decision.ReasonWireNames);
        Assert.False(decision.Urgent);
        Assert.StartsWith("Sent automatically: autonomous topic 'delivery', guard passed", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfidenceExactlyAtTheThresholdIsEnoughToSend()
    {
        // sqrt(0.25 * 1.0) = 0.5, the default autonomous threshold.
        var input = Inputs.Sendable() with { TopicConfidence = 0.25, EvidenceScore = 1.0 };

        var decision = Router.Decide(input);

        Assert.Equal(0.5, Router.Confidence(input));
        Assert.Equal(Decision.Send, decision.Decision);
    }

    [Fact]
    public void ANotANumberEvidenceScoreIsHeldForReviewNotSent()
    {
        var input = Inputs.Sendable() with { EvidenceScore = double.NaN };

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Review, decision.Decision);
        Assert.Equal([ReasonCode.NoEvidence], decision.Reasons);
    }

    [Fact]
    public void ANotANumberTopicConfidenceIsHeldForReviewNotSent()
    {
        var input = Inputs.Sendable() with { TopicConfidence = double.NaN };

        var decision = Router.Decide(input);

        Assert.Equal(Decision.Review, decision.Decision);
        Assert.Equal([ReasonCode.LowConfidence], decision.Reasons);
    }
}

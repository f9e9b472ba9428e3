using Tandem.Rules.Routing;
using Tandem.Server.Knowledge;
using Tandem.Server.Responding;

namespace Tandem.Server.Tests.Stages;

public sealed class TheEmbeddedResponderDraftsNothingWithoutGrounds
{
    private static readonly IReadOnlyList<RetrievedPassage> StrongEvidence =
        [Drafts.Scored(Drafts.Faq("Back to your original payment method."), 0.9), Drafts.Scored(Drafts.Section("We always refund to your card."), 0.8)];

    [Fact]
    public void AHumanOnlyTopicGetsNoDraftHoweverGoodTheEvidence()
    {
        var draft = EmbeddedResponder.Draft("harbour-home", StrongEvidence, TopicMode.Human, 0.2, AnswerRule.Off);
        Assert.Null(draft.Text);
        Assert.Empty(draft.Citations);
        Assert.Empty(draft.Grounds);
        Assert.Equal("none: topic is human only", draft.Method);
    }

    [Theory]
    [InlineData(TopicMode.Copilot)]
    [InlineData(TopicMode.Autonomous)]
    public void OtherModesDraftFromTheSameEvidence(TopicMode mode) =>
        Assert.NotNull(EmbeddedResponder.Draft("harbour-home", StrongEvidence, mode, 0.2, AnswerRule.Off).Text);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.1999)]
    public void EvidenceBelowTheThresholdGetsNoDraft(double score)
    {
        var draft = EmbeddedResponder.Draft("harbour-home",
            [Drafts.Scored(Drafts.Faq("Back to your original payment method."), score)], TopicMode.Autonomous, 0.2, AnswerRule.Off);
        Assert.Null(draft.Text);
        Assert.Empty(draft.Citations);
        Assert.Equal("none: no passage above the evidence threshold", draft.Method);
    }

    [Fact]
    public void EvidenceExactlyAtTheThresholdIsEnough() =>
        Assert.NotNull(EmbeddedResponder.Draft("harbour-home",
            [Drafts.Scored(Drafts.Faq("Back to your original payment method."), 0.2)], TopicMode.Autonomous, 0.2, AnswerRule.Off).Text);

    [Fact]
    public void NothingRetrievedGetsNoDraft()
    {
        var draft = EmbeddedResponder.Draft("harbour-home", [], TopicMode.Autonomous, 0.2, AnswerRule.Off);
        Assert.Null(draft.Text);
        Assert.Empty(draft.Grounds);
    }
}

using Tandem.Rules.Routing;
using Tandem.Server.Responding;

namespace Tandem.Server.Tests.Stages;

public sealed class AnFaqAnswerIsPreferredWhenItIsCloseToTheBestPassage
{
    private const string SectionText = "We always refund to your original payment method. We can't refund to a different card.";
    private const string FaqAnswer = "Back to your original payment method, usually within 5 working days.";

    private static DraftResult Draft(double sectionScore, double faqScore) =>
        EmbeddedResponder.Draft("harbour-home",
            [Drafts.Scored(Drafts.Section(SectionText), sectionScore), Drafts.Scored(Drafts.Faq(FaqAnswer), faqScore)],
            TopicMode.Autonomous, 0.2, AnswerRule.Off);

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.5, 0.45)]
    [InlineData(0.5, 0.4)]
    public void AnFaqAnswerScoringAtLeastFourFifthsOfTheBestIsUsed(double sectionScore, double faqScore)
    {
        var draft = Draft(sectionScore, faqScore);
        Assert.Equal(("faq", FaqAnswer), (draft.Method, draft.Text));
        Assert.Equal("faq#7", Assert.Single(draft.Citations).PassageId);
    }

    [Theory]
    [InlineData(0.5, 0.39)]
    [InlineData(0.9, 0.3)]
    public void AWeakerFaqAnswerGivesWayToTheBestPassage(double sectionScore, double faqScore)
    {
        var draft = Draft(sectionScore, faqScore);
        Assert.Equal(("passage", SectionText), (draft.Method, draft.Text));
        Assert.Equal("refunds.md#2", Assert.Single(draft.Citations).PassageId);
    }

    [Fact]
    public void TheCitationPointsAtTheSourceTheCustomerCanRead()
    {
        var draft = Draft(0.5, 0.45);
        var citation = Assert.Single(draft.Citations);
        Assert.Equal("refunds.md", citation.Source);
        Assert.Equal("Refunds", citation.Title);
        Assert.Equal("hash-of-refunds.md", citation.SourceHash);
        Assert.Equal("/kb/harbour-home/refunds.md", citation.Url);
        Assert.Equal("faq#7", Assert.Single(draft.Grounds).Id);
    }

    [Fact]
    public void ALongPassageIsCutAtAParagraphAndNotMidSentence()
    {
        var paragraphs = Enumerable.Range(1, 4).Select(i => $"Paragraph {i}." + string.Concat(Enumerable.Repeat(" Our refund rules are simple.", 12))).ToList();
        var text = string.Join("\n\n", paragraphs);
        var draft = EmbeddedResponder.Draft("harbour-home", [Drafts.Scored(Drafts.Section(text), 0.6)], TopicMode.Autonomous, 0.2, AnswerRule.Off);
        Assert.NotNull(draft.Text);
        Assert.True(draft.Text.Length <= 900, $"{draft.Text.Length} characters");
        Assert.StartsWith(draft.Text, text, StringComparison.Ordinal);
        Assert.EndsWith("Our refund rules are simple.", draft.Text, StringComparison.Ordinal);
    }
}

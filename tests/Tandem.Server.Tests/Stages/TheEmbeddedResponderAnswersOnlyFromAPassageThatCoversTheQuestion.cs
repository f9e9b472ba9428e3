using Tandem.Rules.Routing;
using Tandem.Server.Knowledge;
using Tandem.Server.Responding;

namespace Tandem.Server.Tests.Stages;

public sealed class TheEmbeddedResponderAnswersOnlyFromAPassageThatCoversTheQuestion
{
    private static readonly AnswerRule Rule = new(Coverage: 0.7, Similarity: 0.39);

    private static RetrievedPassage Gifts(double dense, double coverage, params string[] missing) =>
        new(Drafts.Section("If you received something as a gift, you can return it with the order number.", "returns-policy.md#8", "returns-policy.md"),
            0.55, dense, new Coverage(coverage, missing, []));

    [Fact]
    public void APassageThatLacksTheQuestionsWordsAndIsNotCloseInMeaningIsNoAnswer()
    {
        var draft = EmbeddedResponder.Draft("harbour-home", [Gifts(0.36, 0.43, "cards", "sell")], TopicMode.Autonomous, 0.2, Rule);

        Assert.Null(draft.Text);
        Assert.Empty(draft.Citations);
        Assert.Empty(draft.Grounds);
        Assert.Equal("none: the best passage (returns-policy.md#8) does not cover 'cards sell' (coverage 0.43 < 0.7; similarity 0.36 < 0.39)", draft.Method);
    }

    [Fact]
    public void APassageThatContainsTheQuestionsWordsAnswers() =>
        Assert.Equal("passage", EmbeddedResponder.Draft("harbour-home", [Gifts(0.30, 0.7)], TopicMode.Autonomous, 0.2, Rule).Method);

    [Fact]
    public void APassageCloseInMeaningAnswersWhateverItsWords() =>
        Assert.Equal("passage", EmbeddedResponder.Draft("harbour-home", [Gifts(0.39, 0.0, "swap")], TopicMode.Autonomous, 0.2, Rule).Method);

    [Fact]
    public void AQuestionInWordsTheKnowledgeNeverUsesIsSaidSo()
    {
        var passage = Gifts(0.2, 0) with { Coverage = new Coverage(0, [], ["trustpilot"]) };
        var draft = EmbeddedResponder.Draft("harbour-home", [passage], TopicMode.Autonomous, 0.2, Rule);
        Assert.Null(draft.Text);
        Assert.Contains("'trustpilot' appear nowhere in it", draft.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void AScoreThatIsNotANumberFailsClosed() =>
        Assert.Null(EmbeddedResponder.Draft("harbour-home", [Gifts(double.NaN, double.NaN)], TopicMode.Autonomous, 0.2, Rule).Text);

    [Fact]
    public void TheCheckJudgesTheFaqAnswerTheResponderWouldSend()
    {
        // The FAQ entry is preferred (within four fifths of the best score), so it is the one that must cover the question.
        var faq = new RetrievedPassage(Drafts.Faq("Back to your original payment method."), 0.5, 0.3, new Coverage(0.2, ["voucher"], []));
        var section = Gifts(0.6, 1.0);
        var draft = EmbeddedResponder.Draft("harbour-home", [section with { Score = 0.55 }, faq], TopicMode.Autonomous, 0.2, Rule);
        Assert.Null(draft.Text);
        Assert.StartsWith("none: the best passage (faq#7)", draft.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTheCheckOffTheEvidenceThresholdAloneDecides() =>
        Assert.NotNull(EmbeddedResponder.Draft("harbour-home", [Gifts(0.1, 0.0, "cards")], TopicMode.Autonomous, 0.2, AnswerRule.Off).Text);
}

using Tandem.Rules.Routing;
using Tandem.Server.Knowledge;
using Tandem.Server.Responding;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Whatever retrieval ranks first, the embedded responder's draft is text the firm wrote: a FAQ
/// answer or a piece of an article, cited. These tests hold however the retrieval is scored.
/// </summary>
public sealed class TheEmbeddedResponderOnlyRepeatsTheFirmsOwnWords
{
    public static TheoryData<string> FaqQuestions => [.. SamplePack.Pack.Faq.Select(f => f.Question)];

    [Theory]
    [MemberData(nameof(FaqQuestions))]
    public void AFaqQuestionAskedWordForWordIsAnsweredOnlyInTheFirmsWords(string question) => AssertVerbatimIfAny(DraftFor(question));

    [Fact]
    public void MostFaqQuestionsAskedWordForWordGetADraft()
    {
        // Keeps the verbatim checks above from passing on no drafts at all; retrieval may still miss a few.
        var drafted = SamplePack.Pack.Faq.Count(f => DraftFor(f.Question).Text is not null);
        Assert.True(drafted * 2 > SamplePack.Pack.Faq.Count, $"{drafted} of {SamplePack.Pack.Faq.Count} drafted");
    }

    [Theory]
    [InlineData("how much is delivery")]
    [InlineData("wheres my parcel, its been a week")]
    [InlineData("can i send back a sofa if i dont like it")]
    [InlineData("do u take paypal")]
    [InlineData("my lamp arrived smashed what do i do")]
    [InlineData("how long till i get my money back")]
    [InlineData("can I get a VAT invoice for my business")]
    [InlineData("unsubscribe me from emails")]
    [InlineData("what's the weather like in Bristol?")]
    [InlineData("asdfghjkl")]
    public void ACustomersOwnWordingIsAnsweredOnlyInTheFirmsWordsIfAtAll(string message) => AssertVerbatimIfAny(DraftFor(message));

    private static void AssertVerbatimIfAny(DraftResult draft)
    {
        if (draft.Text is null)
        {
            Assert.Empty(draft.Citations);
            Assert.Empty(draft.Grounds);
            return;
        }
        AssertVerbatimAndCited(draft);
    }

    private static DraftResult DraftFor(string message)
    {
        var retrieved = SamplePack.Firm.Knowledge.Search(message, 5);
        return EmbeddedResponder.Draft(SamplePack.Pack.Id, retrieved, TopicMode.Copilot, SamplePack.Pack.Policy.EvidenceThreshold, AnswerRule.Of(SamplePack.Pack.Policy));
    }

    private static void AssertVerbatimAndCited(DraftResult draft)
    {
        var text = draft.Text!;
        var citation = Assert.Single(draft.Citations);
        var ground = Assert.Single(draft.Grounds);
        Assert.Equal(ground.Id, citation.PassageId);
        Assert.Equal($"/kb/harbour-home/{ground.Source}", citation.Url);
        Assert.Contains(text, ground.Text, StringComparison.Ordinal);
        Assert.Contains(ground, SamplePack.Firm.Knowledge.Passages);

        var source = Assert.Single(SamplePack.Pack.Knowledge, d => d.FileName == citation.Source);
        Assert.Null(source.SupersededBy);
        Assert.Equal(source.Hash, citation.SourceHash);
        if (ground.IsFaq)
        {
            Assert.Contains(SamplePack.Pack.Faq, f => f.Answer == text);
        }
        else
        {
            Assert.Contains(text, source.Content.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}

using Tandem.Rules.Routing;
using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// The trained heads beside the rules: messages no rule lists are raised from their meaning, each with
/// the clause that carried it quoted as evidence, and the near-misses that share their words are not.
/// None of these messages is in eval/signals.
/// </summary>
public sealed class TrainedHeadsRaiseSignalsTheRulesMissWithTheirEvidence
{
    [Theory]
    [InlineData(SignalKind.Complaint, "sofa turned up with a rip down the back and now I've got to wait in AGAIN for a collection. really not on")]
    [InlineData(SignalKind.Vulnerability, "I've got motor neurone disease so my hands are too weak to do up the screws")]
    [InlineData(SignalKind.Vulnerability, "I'm recovering from a stroke and can't manage the stairs with the parcel")]
    [InlineData(SignalKind.Complaint, "three weeks for a refund is a joke, I'm really annoyed with how this has been handled")]
    [InlineData(SignalKind.Complaint, "the table came scratched and the driver just shrugged, not what I expect for 500 quid")]
    public void AMessageNoRuleListsIsRaisedWithTheClauseThatCarriedIt(SignalKind kind, string text)
    {
        Assert.DoesNotContain(SignalDetector.Detect(text), s => s.Kind == kind);
        var signal = Assert.Single(SamplePack.Firm.Understander.Understand(text).Signals, s => s.Kind == kind);
        var quoted = signal.Evidence[1..signal.Evidence.IndexOf("\" (model ", StringComparison.Ordinal)];
        Assert.Contains(quoted, text, StringComparison.Ordinal);
        Assert.Matches(@"\(model (0\.\d\d|1\.00)\)$", signal.Evidence);
    }

    [Theory]
    [InlineData(SignalKind.Vulnerability, "the old telly died on me last night so I'm after a new tv unit")]
    [InlineData(SignalKind.SelfHarm, "honestly I could murder a coffee, anyway when is my lamp coming")]
    [InlineData(SignalKind.HumanRequest, "does the wardrobe need two people to put it together?")]
    [InlineData(SignalKind.Complaint, "loving the new chair, could you tell me how to clean the fabric")]
    public void ANearMissIsNotRaised(SignalKind kind, string text) =>
        Assert.DoesNotContain(SamplePack.Firm.Understander.Understand(text).Signals, s => s.Kind == kind);

    [Theory]
    [InlineData("jacob.coleman@example.com")]
    [InlineData("HH-2026-003186 and my email is someone.else@example.com")]
    [InlineData("it's HH-2026-003016, 07700 900123")]
    public void AnAnswerThatIsOnlyIdentifiersIsNotReadByTheHeads(string text)
    {
        Assert.Null(SignalHeads.Words(text));
        Assert.Empty(SamplePack.Firm.Understander.Understand(text).Signals);
    }

    [Fact]
    public void TheHeadsReadAMessageWithoutItsIdentifiersButWithItsAmountsAndDurations()
    {
        var words = SignalHeads.Words("order HH-2026-003016 came broken, I paid £45 and waited 3 weeks, ring me on 07700 900123");

        Assert.Equal("order came broken, I paid £45 and waited 3 weeks, ring me on", words);
    }

    [Fact]
    public void EveryHeadIsShippedForTheEmbeddedModel()
    {
        var heads = SignalHeads.Shipped;
        Assert.NotNull(heads);
        Assert.Equal(SamplePack.Firm.Embedder.ModelId, heads.ModelId);
        Assert.All(Enum.GetValues<SignalKind>(), kind => Assert.True(heads.Has(kind), kind.ToString()));
        Assert.StartsWith("rules+anchors+signal-heads/", SamplePack.Firm.Understander.SignalDetectorVersion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The lamp arrived broken. I want a refund, but I'd also like an apology.",
        new[] { "The lamp arrived broken", "I want a refund", "I'd also like an apology" })]
    [InlineData("hi, the sofa is lovely but ok", new[] { "hi, the sofa is lovely but ok" })]
    [InlineData("no punctuation at all just one long run on message about my order", new[] { "no punctuation at all just one long run on message about my order" })]
    public void AMessageIsCutIntoClausesThatQuoteTheCustomer(string text, string[] clauses) =>
        Assert.Equal(clauses, SignalHeads.Clauses(text));
}

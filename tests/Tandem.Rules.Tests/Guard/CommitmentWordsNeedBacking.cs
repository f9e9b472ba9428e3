using Tandem.Rules.Guard;

namespace Tandem.Rules.Tests.Guard;

public sealed class CommitmentWordsNeedBacking
{
    [Theory]
    [InlineData("We guarantee your refund will reach your original payment method.", "guarantee")]
    [InlineData("Refunds reach your original payment method, plus compensation.", "compensation")]
    [InlineData("Refunds reach your original payment method with a discount.", "discount")]
    [InlineData("As a goodwill gesture refunds reach your original payment method.", "goodwill")]
    [InlineData("We will waive the rule: refunds reach your original payment method.", "waive")]
    [InlineData("Refunds reach your original payment method free of charge.", "free of charge")]
    [InlineData("We PROMISE refunds reach your original payment method.", "PROMISE")]
    public void ACommitmentWordTheEvidenceDoesNotUseFails(string draft, string word)
    {
        var result = DraftGuard.Check(draft, Policy.All());

        Assert.False(result.Passed);
        Assert.Contains($"'{word}' in \"{draft}\"", result.UnbackedCommitments);
    }

    [Fact]
    public void ACommitmentWordTheEvidenceUsesPasses()
    {
        var evidence = Policy.Only("If your parcel is more than five days late we offer compensation of £5.");

        var result = DraftGuard.Check("We offer compensation of £5 if your parcel is late.", evidence);

        Assert.True(result.Passed, string.Join("; ", result.Problems));
    }

    [Fact]
    public void BackingIsFoundWhateverTheCase()
    {
        var evidence = Policy.Only("Every sofa frame carries a ten year GUARANTEE against defects.");

        var result = DraftGuard.Check("Every sofa frame has a ten year guarantee against defects.", evidence);

        Assert.Empty(result.UnbackedCommitments);
    }

    [Fact]
    public void EveryCommitmentWordInASentenceNeedsBackingNotJustTheFirst()
    {
        // "guarantee" is backed and the sentence is otherwise grounded; the compensation is invented.
        const string draft = "We guarantee next day delivery on orders placed before noon, with compensation.";

        var result = DraftGuard.Check(draft, Policy.Only("We guarantee next day delivery on orders placed before noon."));

        Assert.False(result.Passed);
        Assert.Equal([$"'compensation' in \"{draft}\""], result.UnbackedCommitments);
    }

    [Fact]
    public void AWordThatOnlyContainsACommitmentWordIsNotOne()
    {
        // "discounted" and "exceptional" are not the whole words "discount" and "exception".
        var result = DraftGuard.Check("Returns are accepted within 30 days, an exceptional offer.", Policy.Only("Returns are accepted within 30 days on discounted items."));

        Assert.DoesNotContain(result.UnbackedCommitments, c => c.StartsWith('\''));
    }
}

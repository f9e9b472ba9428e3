using Tandem.Rules.Guard;

namespace Tandem.Rules.Tests.Guard;

public sealed class GroundingRequiresEvidence
{
    [Fact]
    public void APassageQuotedVerbatimPasses()
    {
        var result = DraftGuard.Check(Policy.Returns, Policy.All());

        Assert.True(result.Passed);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void AFaithfulParaphraseThatKeepsTheKeyWordsPasses()
    {
        var result = DraftGuard.Check("You can return items within 30 days of delivery if they are unused.", Policy.All());

        Assert.Empty(result.UnsupportedSentences);
    }

    [Fact]
    public void ASentenceTheEvidenceDoesNotSupportIsNamed()
    {
        const string invented = "Our warehouse staff personally inspect every parcel.";

        var result = DraftGuard.Check($"Returns are accepted within 30 days of delivery. {invented}", Policy.All());

        Assert.False(result.Passed);
        Assert.Equal([invented], result.UnsupportedSentences);
        Assert.Equal([$"unsupported sentence: \"{invented}\""], result.Problems);
    }

    [Fact]
    public void WithNoEvidenceAtAllEverySubstantialSentenceIsUnsupported()
    {
        var result = DraftGuard.Check("Returns are accepted within 30 days. Items must be unused.", []);

        Assert.False(result.Passed);
        Assert.Equal(["Returns are accepted within 30 days.", "Items must be unused."], result.UnsupportedSentences);
    }

    [Theory]
    [InlineData("Thanks!")]
    [InlineData("Thank you for waiting.")]
    [InlineData("Hi Sam,")]
    [InlineData("Kind regards")]
    [InlineData("Is there anything else?")]
    public void ASentenceWithFewerThanThreeContentWordsIsNotFlagged(string pleasantry)
    {
        var result = DraftGuard.Check(pleasantry, []);

        Assert.True(result.Passed);
        Assert.Empty(result.UnsupportedSentences);
    }

    [Fact]
    public void PleasantriesAroundAGroundedAnswerDoNotFailIt()
    {
        var draft = "Hi Sam,\nThanks for waiting! Returns are accepted within 30 days of delivery.\nKind regards";

        var result = DraftGuard.Check(draft, Policy.All());

        Assert.True(result.Passed, string.Join("; ", result.Problems));
    }

    [Fact]
    public void SupportMustComeFromASinglePieceOfEvidence()
    {
        // Half the words come from the returns passage, half from the refunds passage: neither supports it.
        const string stitched = "Returns accepted unused, refunds reach your payment method.";

        var result = DraftGuard.Check(stitched, Policy.All());

        Assert.Equal([stitched], result.UnsupportedSentences);
    }

    [Fact]
    public void ThreeQuartersOfTheContentWordsIsEnough()
    {
        // Content words: standard, delivery, costs, usually (3 of 4 in the evidence = 0.75).
        var result = DraftGuard.Check("Standard delivery usually costs", Policy.Only(Policy.Delivery));

        Assert.Equal(0.75, DraftGuard.SupportThreshold);
        Assert.Empty(result.UnsupportedSentences);
    }

    [Fact]
    public void LessThanThreeQuartersIsNotEnough()
    {
        // Content words: standard, delivery, costs, usually, extra (3 of 5 = 0.6).
        var result = DraftGuard.Check("Standard delivery usually costs extra", Policy.Only(Policy.Delivery));

        Assert.Equal(["Standard delivery usually costs extra"], result.UnsupportedSentences);
    }
}

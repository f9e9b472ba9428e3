using Tandem.Rules.Guard;

namespace Tandem.Rules.Tests.Guard;

public sealed class FiguresMustBeBacked
{
    [Fact]
    public void ADraftSayingFourteenDaysWhereThePolicySaysThirtyFails()
    {
        const string draft = "Returns are accepted within 14 days of delivery.";

        var result = DraftGuard.Check(draft, Policy.All());

        Assert.False(result.Passed);
        Assert.Empty(result.UnsupportedSentences);
        Assert.Equal([$"14 day in \"{draft}\""], result.UnbackedCommitments);
        Assert.Equal([$"unbacked commitment: \"14 day in \"{draft}\"\""], result.Problems);
    }

    [Fact]
    public void APriceThatIsInTheEvidencePasses()
    {
        var result = DraftGuard.Check("Standard delivery costs £3.95.", Policy.All());

        Assert.True(result.Passed, string.Join("; ", result.Problems));
    }

    [Fact]
    public void APriceThatIsNotInTheEvidenceFails()
    {
        var result = DraftGuard.Check("Standard delivery costs £5.", Policy.All());

        Assert.False(result.Passed);
        var unbacked = Assert.Single(result.UnbackedCommitments);
        Assert.StartsWith("£5 in ", unbacked, StringComparison.Ordinal);
    }

    [Fact]
    public void APriceWrittenDifferentlyStillMatches()
    {
        var result = DraftGuard.Check("The sofa costs £1,299.", Policy.Only("The Chesterfield sofa costs £1299.00 delivered."));

        Assert.Empty(result.UnbackedCommitments);
    }

    [Fact]
    public void APercentageNotInTheEvidenceFails()
    {
        var result = DraftGuard.Check("Members get 20% off delivery.", Policy.Only("Members get 10% off delivery."));

        Assert.Equal(["20% in \"Members get 20% off delivery.\""], result.UnbackedCommitments);
    }

    [Theory]
    [InlineData("Standard delivery takes 3–5 working days.")]
    [InlineData("Standard delivery takes 3-5 working days.")]
    [InlineData("Standard delivery takes 3 to 5 working days.")]
    public void ARangeQuotedFromTheEvidencePassesHoweverItIsDashed(string draft)
    {
        var result = DraftGuard.Check(draft, Policy.All());

        Assert.True(result.Passed, string.Join("; ", result.Problems));
    }

    [Theory]
    [InlineData("Standard delivery takes 3 working days.", "3 day")]
    [InlineData("Standard delivery takes 3–10 working days.", "3-10 day")]
    public void ADurationThatNarrowsOrChangesARangeFails(string draft, string figure)
    {
        var result = DraftGuard.Check(draft, Policy.All());

        Assert.False(result.Passed);
        Assert.Equal([$"{figure} in \"{draft}\""], result.UnbackedCommitments);
    }

    [Fact]
    public void AHyphenatedDurationIsAFigureToo()
    {
        const string draft = "We offer a 14-day returns window.";

        var result = DraftGuard.Check(draft, Policy.Only("We offer a 30-day returns window on all furniture."));

        Assert.False(result.Passed);
        Assert.Equal([$"14 day in \"{draft}\""], result.UnbackedCommitments);
    }

    [Fact]
    public void AHyphenatedDurationMatchesTheSameDurationWrittenOut()
    {
        var result = DraftGuard.Check("We offer a 30-day returns window.", Policy.Only("We offer a returns window of 30 days on all furniture."));

        Assert.Empty(result.UnbackedCommitments);
    }

    [Fact]
    public void AFigureFromAnyPieceOfEvidenceBacksTheDraft()
    {
        // The figure check pools all the evidence; grounding is what asks for a single piece.
        var result = DraftGuard.Check("Refunds reach your original payment method within 5 working days.", Policy.All());

        Assert.True(result.Passed, string.Join("; ", result.Problems));
    }

    [Fact]
    public void EveryUnbackedFigureInASentenceIsListed()
    {
        const string draft = "Standard delivery costs £4.95 and takes 2 working days.";

        var result = DraftGuard.Check(draft, Policy.All());

        Assert.Equal([$"£4.95 in \"{draft}\"", $"2 day in \"{draft}\""], result.UnbackedCommitments);
    }
}

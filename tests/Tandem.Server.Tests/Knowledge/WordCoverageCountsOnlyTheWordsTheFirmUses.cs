using Tandem.Server.Knowledge;

namespace Tandem.Server.Tests.Knowledge;

public sealed class WordCoverageCountsOnlyTheWordsTheFirmUses
{
    private const string Gifts = "Returns › Gifts If you received something as a gift, you can return it with the order number.";
    private const string Payments = "Ways to pay We accept debit and credit cards and PayPal. We don't accept cash, cheques or gift cards.";
    private const string Delivery = "Standard delivery Standard delivery costs £4.95 and arrives within 3–5 working days.";

    private const string Tracking = "Tracking your delivery Your dispatch email has a tracking link.";

    private static readonly WordCoverage Coverage = new([Gifts, Payments, Delivery, Tracking]);

    [Fact]
    public void AWordTheFirmUsesElsewhereButThePassageLacksCountsAgainstIt()
    {
        var coverage = Coverage.Measure("do you sell gift cards?", Gifts);
        Assert.InRange(coverage.Share, 0.01, 0.99);
        Assert.Equal(["cards"], coverage.Missing);
        Assert.Equal(["sell"], coverage.Unfamiliar);
    }

    [Fact]
    public void AWordTheFirmNeverUsesIsNotHeldAgainstThePassage()
    {
        // "swap" may be the customer's way of saying "return": only the meaning can judge it.
        var coverage = Coverage.Measure("can i swap a gift", Gifts);
        Assert.Equal(1.0, coverage.Share);
        Assert.Empty(coverage.Missing);
        Assert.Equal(["swap"], coverage.Unfamiliar);
    }

    [Fact]
    public void WordsAreComparedByTheirStems() =>
        Assert.Equal(1.0, Coverage.Measure("Returning gifts", Gifts).Share);

    [Fact]
    public void ARareWordWeighsMoreThanACommonOne()
    {
        // "delivery" is in two of the four passages, "cheques" in one: the passage holding the rarer word covers more.
        var onlyRare = Coverage.Measure("cheques delivery", Payments).Share;
        var onlyCommon = Coverage.Measure("cheques delivery", Delivery).Share;
        Assert.True(onlyRare > onlyCommon, $"{onlyRare} vs {onlyCommon}");
    }

    [Fact]
    public void AQuestionOfOnlyWordsTheFirmNeverUsesIsNotCovered()
    {
        var coverage = Coverage.Measure("whats your trustpilot rating", Payments);
        Assert.Equal(0, coverage.Share);
        Assert.Equal(["trustpilot", "rating"], coverage.Unfamiliar);
    }

    [Fact]
    public void AMessageWithNoInformativeWordMissesNothing() =>
        Assert.Equal(1.0, Coverage.Measure("hello, are you there?", Gifts).Share);
}

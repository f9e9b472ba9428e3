using Tandem.Rules.Guard;

namespace Tandem.Rules.Tests.Guard;

public sealed class SentencesAndTokens
{
    [Fact]
    public void SentencesSplitAfterStopsAndAtNewLinesAndLoseTheirBullets()
    {
        var sentences = DraftGuard.Sentences("Hello there. How are you?\n- Item one\n* Item two\n\n# Heading\nGreat!  Bye.");

        Assert.Equal(["Hello there.", "How are you?", "Item one", "Item two", "Heading", "Great!", "Bye."], sentences);
    }

    [Fact]
    public void ADecimalPointDoesNotEndASentence()
    {
        Assert.Equal(["Delivery costs £3.95 today."], DraftGuard.Sentences("Delivery costs £3.95 today."));
    }

    [Fact]
    public void BlankTextHasNoSentences()
    {
        Assert.Empty(DraftGuard.Sentences("  \n\n - \n"));
    }

    [Fact]
    public void TokensAreLowercaseWordsNumbersPoundsAndPercentagesKeepingApostrophes()
    {
        var tokens = DraftGuard.Tokens("Don't pay £3.95 — it's 10% OFF for the customer’s order!");

        Assert.Equal(["don't", "pay", "£3", "95", "it's", "10%", "off", "for", "the", "customer’s", "order"], tokens);
    }
}

using Tandem.Rules.Guard;

namespace Tandem.Rules.Tests.Guard;

public sealed class FigureNormalisation
{
    [Theory]
    [InlineData("£1,299.00", "£1299")]
    [InlineData("£1299", "£1299")]
    [InlineData("£3.95", "£3.95")]
    [InlineData("£5.", "£5")]
    [InlineData("£ 20", "£20")]
    [InlineData("£10,000", "£10000")]
    [InlineData("10%", "10%")]
    [InlineData("12.5 %", "12.5%")]
    [InlineData("30 days", "30 day")]
    [InlineData("1 day", "1 day")]
    [InlineData("14 working days", "14 day")]
    [InlineData("10 business days", "10 day")]
    [InlineData("28 calendar days", "28 day")]
    [InlineData("3–5 working days", "3-5 day")]
    [InlineData("3-5 working days", "3-5 day")]
    [InlineData("3 to 5 days", "3-5 day")]
    [InlineData("a 30-day window", "30 day")]
    [InlineData("24 hours", "24 hour")]
    [InlineData("2 Weeks", "2 week")]
    [InlineData("6 months", "6 month")]
    public void AFigureIsReducedToAComparableForm(string text, string figure)
    {
        Assert.Equal([figure], DraftGuard.Figures(text));
    }

    [Theory]
    [InlineData("Returns are free.")]
    [InlineData("Call us on 0800 123 456.")]
    [InlineData("Order 42 has shipped.")]
    [InlineData("two weeks")]
    [InlineData("")]
    public void TextWithoutMoneyPercentagesOrNumberedDurationsHasNoFigures(string text)
    {
        Assert.Empty(DraftGuard.Figures(text));
    }

    [Fact]
    public void FiguresComeOutAsMoneyThenPercentagesThenDurations()
    {
        var figures = DraftGuard.Figures("Within 14 days you get 10% back on the £1,299.00 sofa, or £50.");

        Assert.Equal(["£1299", "£50", "10%", "14 day"], figures);
    }
}

namespace Tandem.Server.Tests.Stages;

/// <summary>The entity forms beyond the basics: pence, GBP, relative and ISO dates, and codes that only look like postcodes.</summary>
public sealed class EntitiesAreReadTheWayBritishCustomersWriteThem
{
    [Theory]
    [InlineData("you've charged me 50p too much", "50p")]
    [InlineData("refund was short by 75 pence", "75 pence")]
    [InlineData("invoice says GBP 249.99", "GBP 249.99")]
    [InlineData("that's 1,250 pounds for a sofa", "1,250 pounds")]
    public void PenceAndGbpAreMoney(string text, string value) =>
        EntityAssert.Found("money", text, value);

    [Theory]
    [InlineData("is the tv stand big enough for a 1080p 55 inch screen")]
    [InlineData("the 3 pack of cushions")]
    [InlineData("the table seats 6 people")]
    public void ScreensAndPacksAreNotMoney(string text) =>
        EntityAssert.NoneFound("money", text);

    [Theory]
    [InlineData("ordered it 3 days ago and nothing", "3 days ago")]
    [InlineData("can it come next Friday", "next Friday")]
    [InlineData("i'm away next week", "next week")]
    [InlineData("they said in 2 weeks", "in 2 weeks")]
    [InlineData("delivered on the 14th of February", "the 14th of February")]
    [InlineData("bought 12 March 2026", "12 March 2026")]
    [InlineData("the invoice is dated 2026-03-12", "2026-03-12")]
    [InlineData("can you come tonight", "tonight")]
    public void RelativeAndAbsoluteDatesAreFound(string text, string value) =>
        EntityAssert.Found("date", text, value);

    [Theory]
    [InlineData("delivery takes 3 to 5 working days")]
    [InlineData("the bed is 5ft wide")]
    [InlineData("it's been sitting in my hall, may I send it back")]
    public void DurationsAndSizesAreNotDates(string text) =>
        EntityAssert.NoneFound("date", text);

    [Theory]
    [InlineData("do the shelves need M4 6MM screws")]
    [InlineData("product code LX2 4CK on the box")]
    [InlineData("is the SKU QA1 1AA in stock")]
    public void ProductCodesAreNotPostcodes(string text) =>
        EntityAssert.NoneFound("postcode", text);

    [Theory]
    [InlineData("deliver to EH1 1YZ please, order HH-2026-004512", "EH1 1YZ")]
    [InlineData("new address is ls6 2ub", "LS6 2UB")]
    public void APostcodeBesideAnOrderNumberIsStillFound(string text, string value) =>
        EntityAssert.Found("postcode", text, value);
}

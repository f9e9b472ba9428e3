namespace Tandem.Server.Tests.Stages;

public sealed class AmountsAndDatesAreRead
{
    [Theory]
    [InlineData("delivery was £4.95", "£4.95")]
    [InlineData("the sofa was £1,299", "£1,299")]
    [InlineData("I paid £1,299, then £29 for delivery", "£1,299", "£29")]
    [InlineData("£1299.00 taken twice", "£1299.00")]
    [InlineData("£ 20 refund", "£ 20")]
    [InlineData("it was 20 pounds", "20 pounds")]
    // "Quid" is how many UK customers write pounds.
    [InlineData("I'm owed 50 quid", "50 quid")]
    public void AnAmountOfMoneyIsFound(string text, params string[] values) =>
        EntityAssert.Found("money", text, values);

    [Theory]
    [InlineData("HH-2026-004512")]
    [InlineData("3 to 5 working days")]
    [InlineData("a 20% cancellation fee")]
    public void NumbersThatAreNotMoneyAreNotRead(string text) =>
        EntityAssert.NoneFound("money", text);

    [Theory]
    [InlineData("it was meant to come on 12/03/2026", "12/03/2026")]
    [InlineData("ordered on 3rd March", "3rd March")]
    [InlineData("ordered on March 3rd", "March 3rd")]
    [InlineData("delivered 2 Nov", "2 Nov")]
    [InlineData("can it come tomorrow", "tomorrow")]
    [InlineData("is next Friday ok", "next Friday")]
    public void ADateIsFound(string text, string value) =>
        EntityAssert.Found("date", text, value);

    [Theory]
    [InlineData("I ordered 4 decorative cushions")]
    [InlineData("2 marble coasters arrived broken")]
    [InlineData("HH-2026-004512")]
    public void QuantitiesAreNotDates(string text) =>
        EntityAssert.NoneFound("date", text);
}

namespace Tandem.Server.Tests.Stages;

public sealed class OrderNumbersAreReadInTheFirmsFormat
{
    [Theory]
    [InlineData("my order is HH-2026-004512", "HH-2026-004512")]
    [InlineData("hh-2026-004512 still hasn't come", "HH-2026-004512")]
    [InlineData("Order no. Hh-2026-004512.", "HH-2026-004512")]
    [InlineData("(HH-2026-004512)", "HH-2026-004512")]
    public void AnOrderNumberIsFoundAndWrittenInUpperCase(string text, string value) =>
        EntityAssert.Found("order_number", text, value);

    [Fact]
    public void EveryOrderNumberInTheMessageIsFound() =>
        EntityAssert.Found("order_number", "I have two: HH-2026-004512 and hh-2026-004513", "HH-2026-004512", "HH-2026-004513");

    [Theory]
    [InlineData("my order from 2026 hasn't come")]
    [InlineData("HH-2026")]
    [InlineData("the code on the box is HH-26-4512")]
    public void SomethingThatIsNotAWholeOrderNumberIsNotOne(string text) =>
        EntityAssert.NoneFound("order_number", text);

    [Fact]
    public void AnOrderNumberIsNotAlsoReadAsAPhoneNumberPostcodeAmountOrDate()
    {
        const string text = "where is HH-2026-004512";
        EntityAssert.NoneFound("phone", text);
        EntityAssert.NoneFound("postcode", text);
        EntityAssert.NoneFound("money", text);
        EntityAssert.NoneFound("date", text);
    }
}

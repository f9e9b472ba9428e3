namespace Tandem.Server.Tests.Stages;

public sealed class ContactDetailsAreReadAsTheCustomerTypedThem
{
    [Theory]
    [InlineData("my email is jo.bloggs+sofa@example.co.uk.", "jo.bloggs+sofa@example.co.uk")]
    [InlineData("JO@EXAMPLE.COM is the one on the order", "JO@EXAMPLE.COM")]
    [InlineData("send it to sam_o'neill@example.com please", "sam_o'neill@example.com")]
    public void AnEmailAddressIsFound(string text, string value) =>
        EntityAssert.Found("email", text, value);

    [Theory]
    [InlineData("call me back on 07700 900123", "07700 900123")]
    [InlineData("my mobile is 07700900123", "07700900123")]
    [InlineData("it's +44 7700 900123", "+44 7700 900123")]
    [InlineData("+447700900123", "+447700900123")]
    [InlineData("ring 0117 496 0000 for the depot", "0117 496 0000")]
    [InlineData("my landline is 01632 960123", "01632 960123")]
    [InlineData("work number 020 7946 0958", "020 7946 0958")]
    [InlineData("the shop said ring (0117) 496 0000", "(0117) 496 0000")]
    [InlineData("from abroad it's +44 (0)117 496 0000", "+44 (0)117 496 0000")]
    public void AUkPhoneNumberIsFound(string text, string value) =>
        EntityAssert.Found("phone", text, value);

    [Theory]
    [InlineData("order HH-2026-004512")]
    [InlineData("it's been 10 days")]
    [InlineData("I paid £1,299.00 on 12/03/2026")]
    [InlineData("tracking number JD0002212345678901")]
    public void NumbersThatAreNotPhoneNumbersAreNotRead(string text) =>
        EntityAssert.NoneFound("phone", text);
}

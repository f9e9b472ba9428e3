using static Tandem.Rules.Tests.Privacy.Redacting;

namespace Tandem.Rules.Tests.Privacy;

public sealed class OrderNumbersAreRedactedWhenTheFirmSaysSo
{
    [Theory]
    [InlineData("where's HH-2026-004512??", "where's [ORDER_NUMBER_1]??")]
    [InlineData("order hh-2026-004512 and HH-2026-004513", "order [ORDER_NUMBER_1] and [ORDER_NUMBER_2]")]
    public void TheFirmsOrderFormatIsReplaced(string message, string expected)
    {
        Assert.Equal(expected, Redact(message, CustomerAndOrders).Text);
    }

    [Fact]
    public void WithoutTheFirmsSayOrderNumbersStayForTheModelToUse()
    {
        Assert.Equal("where's HH-2026-004512??", Redact("where's HH-2026-004512??").Text);
    }

    [Fact]
    public void AnOrderNumberWrittenLikeAPhoneNumberIsNotAPhone()
    {
        Assert.Empty(Found("order no. 07700900123 never arrived"));
        Assert.Empty(Found("Order #: 01179 460000"));
    }
}

using static Tandem.Rules.Tests.Privacy.Redacting;

namespace Tandem.Rules.Tests.Privacy;

/// <summary>Hard negatives: what looks like personal data but is what the model needs to read.</summary>
public sealed class EverydayTextIsLeftReadable
{
    [Theory]
    [InlineData("How much is standard delivery? Is it still £4.95 or free over £50?")]
    [InlineData("I ordered on 03/11/2026 and it said 3 to 5 working days")]
    [InlineData("delivered 2026-11-02 at 14:35, box was crushed")]
    [InlineData("the 2 seater in SW1A grey, model SW1A2 is out of stock")]
    [InlineData("Take the A1 2nd exit and we're the house on the left")]
    [InlineData("I need 4 M4 6MM screws for the bed frame")]
    [InlineData("The LX2 4CK lamp doesn't switch on")]
    [InlineData("item code 5012345678900 (barcode on the box)")]
    [InlineData("It cost £1,299.00 and you refunded £129.90 instead")]
    [InlineData("Samaritans 116 123")]
    [InlineData("My order is 10023456789 and still processing")]
    [InlineData("I've been waiting 10 days, 240 hours, it's 2026")]
    [InlineData("Tuesday 10:00-14:00 is best, or 09:00 - 17:30 any day")]
    [InlineData("Size 12 12 12 cushions x3")]
    [InlineData("Hi, I'd like to return the oak table. Regards, a fed up customer")]
    public void EverydayCustomerTextHasNothingRedacted(string message)
    {
        Assert.Empty(Found(message));
        Assert.Equal(message, Redact(message).Text);
    }
}

using static Tandem.Rules.Tests.Privacy.Redacting;

namespace Tandem.Rules.Tests.Privacy;

public sealed class PaymentDetailsAreRedactedOnlyWhenValid
{
    [Theory]
    [InlineData("I paid with 4111 1111 1111 1111 and it went through twice", "4111 1111 1111 1111")]
    [InlineData("card no 5555-5555-5555-4444", "5555-5555-5555-4444")]
    [InlineData("amex 3782 822463 10005 was charged", "3782 822463 10005")]
    [InlineData("the long number on my card is 4000056655665556", "4000056655665556")]
    public void LuhnValidCardNumbersAreReplaced(string message, string card)
    {
        Assert.Equal([$"Cards:{card}"], Found(message));
        Assert.Contains("[CARD_1]", Redact(message).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I paid with 4111 1111 1111 1112")]
    [InlineData("my reference is 1234567890123")]
    [InlineData("tracking 9400111899223100012345")]
    [InlineData("parcel number 7891234567890 hasn't moved")]
    public void NumbersThatFailLuhnOrNoCardStartsWithAreKept(string message)
    {
        Assert.Empty(Found(message));
    }

    [Theory]
    [InlineData("please refund to GB82 WEST 1234 5698 7654 32 thanks", "GB82 WEST 1234 5698 7654 32")]
    [InlineData("IBAN: GB29NWBK60161331926819", "GB29NWBK60161331926819")]
    [InlineData("my German account DE89 3704 0044 0532 0130 00 please", "DE89 3704 0044 0532 0130 00")]
    [InlineData("fr14 2004 1010 0505 0001 3m02 606", "fr14 2004 1010 0505 0001 3m02 606")]
    public void Mod97ValidIbansAreReplacedWhole(string message, string iban)
    {
        Assert.Equal([$"Ibans:{iban}"], Found(message));
    }

    [Fact]
    public void AnIbanWithAWrongCheckIsNotAnIban()
    {
        Assert.DoesNotContain(Found("GB82 WEST 1234 5698 7654 33"), f => f.StartsWith("Ibans", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sort code 20-00-00 account 12345678", "SortCodes:20-00-00", "AccountNumbers:12345678")]
    [InlineData("Sort code: 40 47 84, acc no 8765 4321", "SortCodes:40 47 84", "AccountNumbers:8765 4321")]
    [InlineData("my bank details are 309634 / 31926819 (sort code then account number)", "SortCodes:309634", "AccountNumbers:31926819")]
    public void SortCodesAndAccountNumbersNearBankWordsAreReplaced(string message, string sortCode, string account)
    {
        Assert.Equal([sortCode, account], Found(message));
    }

    [Fact]
    public void ADashedTripleThatCannotBeADateIsASortCodeEvenWithoutTheWords()
    {
        Assert.Equal(["SortCodes:60-83-71"], Found("refund it to 60-83-71 please"));
    }

    [Theory]
    [InlineData("it was delivered on 12-03-24 but broken")]
    [InlineData("ordered 01-11-26, still waiting")]
    [InlineData("Order HH-2026-004512 was 12345678 pence? no, £123.45")]
    [InlineData("my order 12345678 hasn't come")]
    [InlineData("my account shows order 12345678 as cancelled")]
    [InlineData("I have 20 00 00 reasons to complain")]
    public void DatesAndOtherEightDigitNumbersAreNotBankDetails(string message)
    {
        Assert.Empty(Found(message));
    }
}

using Tandem.Rules.Privacy;
using static Tandem.Rules.Tests.Privacy.Redacting;

namespace Tandem.Rules.Tests.Privacy;

public sealed class ContactDetailsAreRedacted
{
    [Theory]
    [InlineData("my email is sarah.obrien@gmail.com thanks", "sarah.obrien@gmail.com")]
    [InlineData("Can you send it to S.OBrien+orders@btinternet.co.uk please?", "S.OBrien+orders@btinternet.co.uk")]
    [InlineData("it's under o'neill.family@outlook.com.", "o'neill.family@outlook.com")]
    public void EmailAddressesAreReplaced(string message, string email)
    {
        var redaction = Redact(message);

        Assert.DoesNotContain(email, redaction.Text, StringComparison.Ordinal);
        Assert.Contains("[EMAIL_1]", redaction.Text, StringComparison.Ordinal);
        Assert.Equal([$"Emails:{email}"], Found(message));
    }

    [Theory]
    [InlineData("call me on 07700 900123 after 5", "07700 900123")]
    [InlineData("My number is 07700900123", "07700900123")]
    [InlineData("landline 020 7946 0958 or mobile", "020 7946 0958")]
    [InlineData("Ring (0117) 496 0000 and ask for me", "(0117) 496 0000")]
    [InlineData("I'm abroad, +44 7700 900123 works", "+44 7700 900123")]
    [InlineData("use +44 (0)117 496 0000", "+44 (0)117 496 0000")]
    [InlineData("my tel: 0161-496-0123", "0161-496-0123")]
    [InlineData("I'm in France, you can reach me on +33 6 12 34 56 78", "+33 6 12 34 56 78")]
    [InlineData("US cell +1 (415) 555-0132", "+1 (415) 555-0132")]
    [InlineData("Irish number 00353 87 123 4567", "00353 87 123 4567")]
    public void UkAndInternationalPhoneNumbersAreReplaced(string message, string phone)
    {
        var redaction = Redact(message);

        Assert.Equal([$"Phones:{phone}"], Found(message));
        Assert.Contains("[PHONE_1]", redaction.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deliver to 14 Quay Street, Bristol BS1 4DJ please", "BS1 4DJ")]
    [InlineData("new address postcode is sw1a 1aa", "sw1a 1aa")]
    [InlineData("It's M1 1AE, Manchester", "M1 1AE")]
    [InlineData("postcode:EC1A1BB", "EC1A1BB")]
    [InlineData("Belfast BT7 1NN.", "BT7 1NN")]
    public void UkPostcodesAreReplaced(string message, string postcode)
    {
        Assert.Equal([$"Postcodes:{postcode}"], Found(message));
    }

    [Fact]
    public void AMessageWithEverythingKeepsItsWordsAndLosesItsDetails()
    {
        var message = "Hi, it's Sarah O'Brien. I moved to 3 Park Row, Leeds LS1 5HD — email sarah@obrien.me.uk or ring 07700 900456.";

        var redaction = Redact(message);

        Assert.Equal(
            "Hi, it's [NAME_1] [NAME_2]. I moved to 3 Park Row, Leeds [POSTCODE_1] — email [EMAIL_1] or ring [PHONE_1].",
            redaction.Text);
    }

    [Fact]
    public void KindsThatAreNotAskedForAreLeftAlone()
    {
        var options = Customer with { Kinds = PersonalDataKinds.Emails };

        var redaction = PersonalData.Redact("Sarah, 07700 900123, sarah@example.com", options);

        Assert.Equal("Sarah, 07700 900123, [EMAIL_1]", redaction.Text);
    }
}

using Tandem.Rules.Privacy;
using static Tandem.Rules.Tests.Privacy.Redacting;

namespace Tandem.Rules.Tests.Privacy;

public sealed class NamesComeFromTheCustomerRecord
{
    [Theory]
    [InlineData("hi this is sarah", "hi this is [NAME_1]")]
    [InlineData("SARAH O'BRIEN here", "[NAME_1] [NAME_2] here")]
    [InlineData("It's Mrs O'Brien's order", "It's Mrs [NAME_1]'s order")]
    [InlineData("Sarah-Jane said Sarah would call", "[NAME_1]-Jane said [NAME_1] would call")]
    public void KnownNamesAreReplacedAsWholeWordsInAnyCase(string message, string expected)
    {
        Assert.Equal(expected, Redact(message).Text);
    }

    [Theory]
    [InlineData("Sarahs and Sarahbeth are other people")]
    [InlineData("obrien is not how I spell it")]
    public void NamesInsideOtherWordsAreNotReplaced(string message)
    {
        Assert.Empty(Found(message));
    }

    [Fact]
    public void NamesThatAreEverydayWordsAreReplacedOnlyWhenCapitalised()
    {
        var options = new RedactionOptions { KnownNames = ["Will", "Green"] };

        var redaction = PersonalData.Redact("I will return the green sofa. Regards, Will Green", options);

        Assert.Equal("I will return the green sofa. Regards, [NAME_1] [NAME_2]", redaction.Text);
    }

    [Fact]
    public void WithoutAVerifiedCustomerNoNamesAreGuessed()
    {
        var options = new RedactionOptions();

        Assert.Equal("Hi it's Sarah O'Brien", PersonalData.Redact("Hi it's Sarah O'Brien", options).Text);
    }

    [Fact]
    public void ANameInsideAnEmailAddressIsPartOfTheAddress()
    {
        Assert.Equal("write to [EMAIL_1], [NAME_1]", Redact("write to sarah.obrien@example.com, Sarah").Text);
    }
}

using static Tandem.Rules.Tests.Privacy.Redacting;

namespace Tandem.Rules.Tests.Privacy;

public sealed class NationalInsuranceNumbersFollowHmrcRules
{
    [Theory]
    [InlineData("my NI number is AB 12 34 56 C", "AB 12 34 56 C")]
    [InlineData("ni: jg103759a", "jg103759a")]
    [InlineData("National Insurance JG103759 (I don't know the letter)", "JG103759")]
    [InlineData("it's PE 44 55 66 D.", "PE 44 55 66 D")]
    public void IssuedNumbersAreReplaced(string message, string number)
    {
        Assert.Equal([$"NationalInsuranceNumbers:{number}"], Found(message));
        Assert.Contains("[NI_NUMBER_1]", Redact(message).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("the leaflet example is QQ 12 34 56 C")] // Q is never a first letter.
    [InlineData("GB123456A")] // GB is never issued.
    [InlineData("ZZ 11 22 33 A")]
    [InlineData("DA123456B")] // D is never a first letter.
    [InlineData("AO123456B")] // O is never a second letter.
    [InlineData("TN 12 34 56 A")]
    public void PrefixesHmrcNeverIssuesAreNotNationalInsuranceNumbers(string message)
    {
        Assert.Empty(Found(message));
    }

    [Fact]
    public void TwoLettersAndSixDigitsWithoutTheSuffixNeedTheWords()
    {
        Assert.Empty(Found("The voucher code was HK123456"));
    }
}

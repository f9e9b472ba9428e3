using Tandem.Rules.Access;

namespace Tandem.Rules.Tests.Access;

public sealed class PasswordPolicyAcceptsPassphrasesNotShortOrCommonPasswords
{
    [Theory]
    [InlineData("kettle harbour blue tuesday")]
    [InlineData("Seagulls-Steal-Chips-7")]
    [InlineData("my dog eats socks")]
    public void APassphraseOfOrdinaryWordsIsAccepted(string password) =>
        Assert.Null(PasswordPolicy.Problem(password, "priya@harbourhome.co.uk"));

    [Theory]
    [InlineData("Password1!")]
    [InlineData("short")]
    [InlineData("Tr0ub4dor&3")]
    public void APasswordUnderTwelveCharactersIsRefusedWithTheReason(string password) =>
        Assert.Contains("at least 12 characters", PasswordPolicy.Problem(password), StringComparison.Ordinal);

    [Theory]
    [InlineData("password1234")]
    [InlineData("QWERTY123456")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("abababababababab")]
    public void APasswordFromTheTopOfBreachListsIsRefused(string password) =>
        Assert.Contains("first an attacker tries", PasswordPolicy.Problem(password), StringComparison.Ordinal);

    [Fact]
    public void APasswordBuiltFromTheEmailAddressIsRefused() =>
        Assert.Contains("e-mail address", PasswordPolicy.Problem("priya.shah2026!", "priya.shah@harbourhome.co.uk"), StringComparison.Ordinal);

    [Fact]
    public void NoPasswordAtAllIsRefused() => Assert.Equal("Choose a password.", PasswordPolicy.Problem(""));
}

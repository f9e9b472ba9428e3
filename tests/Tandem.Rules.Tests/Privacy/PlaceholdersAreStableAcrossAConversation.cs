using Tandem.Rules.Privacy;
using static Tandem.Rules.Tests.Privacy.Redacting;

namespace Tandem.Rules.Tests.Privacy;

public sealed class PlaceholdersAreStableAcrossAConversation
{
    [Fact]
    public void TheSameValueWrittenDifferentlyKeepsOnePlaceholder()
    {
        var redaction = Redact("Is it 07700 900123 or +44 7700 900123 you have? Email SARAH@example.com or sarah@example.com");

        Assert.Equal("Is it [PHONE_1] or [PHONE_1] you have? Email [EMAIL_1] or [EMAIL_1]", redaction.Text);
    }

    [Fact]
    public void ALaterMessageReusesThePlaceholdersOfEarlierOnesAndNumbersNewValuesOn()
    {
        var first = Redact("I'm Sarah, sarah@example.com, 07700 900123");
        var second = PersonalData.Redact("Actually use sarah.work@example.com, not sarah@example.com. Sarah", Customer, first);

        Assert.Equal("Actually use [EMAIL_2], not [EMAIL_1]. [NAME_1]", second.Text);
        Assert.Equal("sarah@example.com", second.Placeholders["[EMAIL_1]"]);
        Assert.Equal("sarah.work@example.com", second.Placeholders["[EMAIL_2]"]);
        Assert.Equal("07700 900123", second.Placeholders["[PHONE_1]"]);
    }

    [Fact]
    public void AConversationCanBeResumedFromTheStoredPlaceholders()
    {
        var first = Redact("ring 07700 900123");
        var resumed = Redaction.FromPlaceholders(first.Placeholders);

        var next = PersonalData.Redact("or 07700 900124, not 07700900123", Customer, resumed);

        Assert.Equal("or [PHONE_2], not [PHONE_1]", next.Text);
    }

    [Fact]
    public void PlaceholderShapedTextTheCustomerTypedIsNotReused()
    {
        var redaction = Redact("what does [EMAIL_1] mean? my email is sarah@example.com");

        Assert.Equal("what does [EMAIL_1] mean? my email is [EMAIL_2]", redaction.Text);
        Assert.Equal("what does [EMAIL_1] mean? my email is sarah@example.com", redaction.Restore(redaction.Text));
    }

    [Fact]
    public void FoundListsEachReplacementWithItsPosition()
    {
        var message = "Sarah here, 07700 900123";

        var found = Redact(message).Found;

        Assert.Collection(found,
            f => Assert.Equal((PersonalDataKinds.Names, "[NAME_1]", "Sarah", 0, 5), (f.Kind, f.Placeholder, f.Original, f.Start, f.Length)),
            f => Assert.Equal((PersonalDataKinds.Phones, "[PHONE_1]", "07700 900123", 12, 12), (f.Kind, f.Placeholder, f.Original, f.Start, f.Length)));
    }
}

using Tandem.Rules.Procedures;

namespace Tandem.Rules.Tests.Procedures;

public sealed class ConfirmationsAreReadAsCustomersWriteThem
{
    [Theory]
    [InlineData("yes")]
    [InlineData("Yes please")]
    [InlineData("YES!")]
    [InlineData("yeah go ahead")]
    [InlineData("yep")]
    [InlineData("ok")]
    [InlineData("Okay, do it")]
    [InlineData("sure")]
    [InlineData("please do")]
    [InlineData("That's right")]
    [InlineData("correct")]
    [InlineData("y")]
    [InlineData("Yes, cancel it please")]
    [InlineData("go for it 👍")]
    public void AYesIsAYes(string text)
    {
        Assert.Equal(ConfirmationAnswer.Yes, Confirmation.Read(text));
    }

    [Theory]
    [InlineData("no")]
    [InlineData("No thanks")]
    [InlineData("nope")]
    [InlineData("nah leave it")]
    [InlineData("don't")]
    [InlineData("Do not cancel it")]
    [InlineData("never mind")]
    [InlineData("wait")]
    [InlineData("I've changed my mind")]
    public void ANoIsANo(string text)
    {
        Assert.Equal(ConfirmationAnswer.No, Confirmation.Read(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("maybe")]
    [InlineData("not sure")]
    [InlineData("yes no")]
    [InlineData("what does that mean")]
    [InlineData("How much is delivery to the Isle of Wight?")]
    [InlineData("hmm, ok but actually what about the other order I placed last week with the lamp and the rug in it")]
    public void AnythingElseIsUnclear(string text)
    {
        Assert.Equal(ConfirmationAnswer.Unclear, Confirmation.Read(text));
    }
}

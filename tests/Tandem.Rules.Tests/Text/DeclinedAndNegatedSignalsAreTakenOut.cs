using Tandem.Rules.Text;

namespace Tandem.Rules.Tests.Text;

public sealed class DeclinedAndNegatedSignalsAreTakenOut
{
    [Theory]
    [InlineData("no need to call me, email is fine", "email is fine")]
    [InlineData("please don't phone, email is fine", "email is fine")]
    [InlineData("Please don’t ring me I'm in meetings all day. Just email", "Just email")]
    [InlineData("I don't want to speak to anyone, just tell me when the bed is coming", "just tell me when the bed is coming")]
    [InlineData("I don't need a callback thanks", "")]
    [InlineData("there's no need for a manager, I just want the refund", "I just want the refund")]
    [InlineData("stop calling me, I've told your colleague I'm happy", "I've told your colleague I'm happy")]
    [InlineData("I'd rather not talk on the phone as I have a stammer", "")]
    [InlineData("don't get anyone to ring me, I'm at work", "I'm at work")]
    [InlineData("no need to put me through to accounts, just email the invoice", "just email the invoice")]
    // Round 18: second-language, terse and dialect declines.
    [InlineData("not need phone call, the pictures is clear", "the pictures is clear")]
    [InlineData("Dont need speak with engineer. Just send the part", "Just send the part")]
    [InlineData("no need to get anyone to ring me, cheers", "cheers")]
    [InlineData("nae need tae fetch the manager hen, it's sorted", "it's sorted")]
    [InlineData("Please no telephoning, I work nights", "I work nights")]
    [InlineData("No calls please. Leave it in the porch", "Leave it in the porch")]
    [InlineData("text me instead of ringing, the baby's asleep", "the baby's asleep")]
    [InlineData("Dim angen galw, diolch", "diolch")]
    public void ADeclinedRequestForAPersonIsTakenOutOfTheMessage(string text, string rest) =>
        Assert.Equal(rest, NegatedSignals.WithoutDeclinedPerson(text));

    [Theory]
    [InlineData("can I speak to a manager please")]
    [InlineData("please call me back on 07700 900123")]
    [InlineData("I don't want to talk to a bot, I want a human")]
    [InlineData("I don't want a chatbot, get me a person")]
    [InlineData("you never call me back when you say you will")]
    [InlineData("can someone phone me, I don't do email")]
    [InlineData("no call back yet, can someone ring me today")]
    [InlineData("No call, no email, nothing for three weeks. Get me a manager")]
    [InlineData("I've had no call. Please get someone to ring me")]
    [InlineData("we don't need to talk to a bot, put me through to a person")]
    public void ARequestForAPersonIsLeftAlone(string text) =>
        Assert.Null(NegatedSignals.WithoutDeclinedPerson(text));

    [Fact]
    public void ARequestBesideADeclinedCallIsKept()
    {
        var rest = NegatedSignals.WithoutDeclinedPerson("don't ring me as I'm at work, but can a manager email me today");

        Assert.Equal("but can a manager email me today", rest);
    }

    [Theory]
    [InlineData("no complaints here, the bookcase is solid", "the bookcase is solid")]
    [InlineData("Not complaining, just asking - how long do refunds take?", "just asking how long do refunds take?")]
    [InlineData("I'm not one to complain but the driver broke my gate", "the driver broke my gate")]
    [InlineData("Can't fault the service, thanks Dan", "thanks Dan")]
    [InlineData("not a complaint, just a suggestion about the texts", "just a suggestion about the texts")]
    public void DeniedDissatisfactionIsTakenOutOfTheMessage(string text, string rest) =>
        Assert.Equal(rest, NegatedSignals.WithoutNegatedComplaint(text));

    [Theory]
    [InlineData("I'm not happy with the sofa at all")]
    [InlineData("this isn't acceptable, I want a refund")]
    [InlineData("I want to make a complaint about the delivery")]
    [InlineData("not good enough, three weeks and no refund")]
    public void DissatisfactionIsLeftAlone(string text) =>
        Assert.Null(NegatedSignals.WithoutNegatedComplaint(text));
}

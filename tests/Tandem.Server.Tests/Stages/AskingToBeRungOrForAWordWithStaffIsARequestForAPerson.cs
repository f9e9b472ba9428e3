using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Round 6 of issue 4: the fifth fresh set's most common missed request for a person was a request for a telephone
/// call or a word with staff in words the rules did not list. Written from that class of message, not copied from any
/// evaluation set.
/// </summary>
public sealed class AskingToBeRungOrForAWordWithStaffIsARequestForAPerson
{
    [Theory]
    [InlineData("could you ring me tomorrow about the wardrobe, I'm in all day", "ring me tomorrow")]
    [InlineData("Would it be possible to telephone me rather than email? My eyes aren't good.", "telephone me")]
    [InlineData("can one of you give me a call, the order's a bit complicated", "give me a call")]
    [InlineData("Call-back please, I'm free after 4", "Call-back")]
    [InlineData("I'm happy to wait for a callback if that's easier", "wait for a callback")]
    [InlineData("how soon could someone ring me? it's about the pay in 3", "could someone ring me")]
    [InlineData("I just need someone to pick up the phone, that's all", "someone to pick up the phone")]
    [InlineData("I'd much rather go through the measurements with somebody on the phone", "rather go through the measurements with somebody on the phone")]
    [InlineData("Please may I have a word with one of your staff about the guarantee", "a word with one of your")]
    [InlineData("Your head of sales, please. I'd like a word.", "I'd like a word")]
    [InlineData("Is there a gentleman there I could speak with? This is all new to me.", "a gentleman there I could speak")]
    [InlineData("is there someone in your trade team I can talk to about a bulk order", "someone in your trade team I can talk")]
    [InlineData("can you loop in someone from finance, the invoice is wrong", "loop in someone")]
    [InlineData("Could I have a named contact? I keep getting a different person.", "have a named contact")]
    [InlineData("Agent. Now. Please.", "Agent.")]
    [InlineData("yes please to a callback, I'm in after six", "yes please to a callback")]
    [InlineData("would anybody from your returns lot mind ringing me? it'd be quicker", "anybody from your returns lot mind ringing me")]
    [InlineData("honestly easier to talk it through with a real person", "talk it through with a real person")]
    public void ItIsRaisedWithTheWordsThatAskedForACall(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.HumanRequest, text, evidence);

    [Theory]
    [InlineData("my husband will ring me tomorrow when he's at the shop, then I'll order the lamp")]
    [InlineData("they said they'd ring me today and nobody did")]
    [InlineData("the courier is going to telephone me before he comes")]
    [InlineData("I got a callback last week and it's all sorted, thank you")]
    [InlineData("Is the callback service free or does it cost?")]
    [InlineData("I had a word with my landlord and he's fine with the rug")]
    [InlineData("Human error on my part, I typed the wrong postcode")]
    [InlineData("Person who delivered was lovely by the way")]
    [InlineData("nobody picks up the phone at my GP either, anyway is the sofa in stock")]
    [InlineData("yes I'm home all day for the driver's call")]
    [InlineData("I sorted it with someone at the bank already, thanks")]
    [InlineData("does anyone mind if my son rings instead of me?")]
    public void OtherCallsAndOtherSensesDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.HumanRequest, text);
}

using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Round 7 of issue 4: the training pool's out-of-fold misses for a request for a person were roles with words before
/// them ("your delivery manager"), a colleague asked after by name ("is Sam in today?"), a call asked for plainly
/// ("phone call please", "gies a ring", "a call would help"), and a person to look at it. Written in words of its own,
/// not copied from an evaluation set; the negatives are questions about how the shop works, a courier's call, a
/// declined offer and a person in another sense (human-sized, a human touch).
/// </summary>
public sealed class ARoleAColleagueByNameOrACallAskedForPlainlyIsARequestForAPerson
{
    [Theory]
    [InlineData("please can I talk to your warehouse manager about the collection", "talk to your warehouse manager")]
    [InlineData("I'd like to speak with a kitchen design advisor before I order", "speak with a kitchen design advisor")]
    [InlineData("could I have a word with whoever signs off refunds?", "word with whoever")]
    [InlineData("is Tomasz in today? he was helping me with the sideboard", "is Tomasz in today?")]
    [InlineData("can you pass this to Bernadette in customer care please", "pass this to Bernadette")]
    [InlineData("Phone call please, it's easier than typing", "Phone call please")]
    [InlineData("gies a ring when you can, the number's on my account", "gies a ring")]
    [InlineData("cn sum1 ring me after 6", "cn sum1 ring me")]
    [InlineData("honestly a call would help, I'm going round in circles", "a call would help")]
    [InlineData("this needs a real person to look at it, the photos don't show it", "a real person to look at")]
    [InlineData("three missed slots. get me a manager", "get me a manager")]
    [InlineData("fine, agent please", "agent please")]
    [InlineData("I'm not getting anywhere, I need someone senior", "someone senior")]
    [InlineData("Can I get transferred to the returns team?", "get transferred to the returns team")]
    public void ItIsRaisedWithTheWordsThatAskForAPerson(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.HumanRequest, text, evidence);

    [Theory]
    [InlineData("does a person check the damage photos or is it automatic?")]
    [InlineData("can the driver give me a call when he's near?")]
    [InlineData("you really don't need to get a supervisor, just tell me the date")]
    [InlineData("no need for someone to call me, the email covered it")]
    [InlineData("do you sell a human-sized beanbag? I'd like a human one not a dog one")]
    [InlineData("I want a human touch in the lounge, are the vases handmade?")]
    [InlineData("Is Friday in the delivery window?")]
    [InlineData("I'd need a person to help carry it upstairs, do you do that?")]
    [InlineData("Why does everything need a phone call with you? Let me change it online")]
    [InlineData("when will the money be transferred to my account?")]
    [InlineData("I'll talk to the bank's fraud team first and come back to you")]
    public void OtherUsesOfTheWordsDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.HumanRequest, text);
}

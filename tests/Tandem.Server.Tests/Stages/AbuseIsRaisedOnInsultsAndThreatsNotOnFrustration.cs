using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Abuse as the firm defines it: threats, harassment and insults aimed at its staff. Ordinary
/// frustration, swearing included, is not abuse (support policy section 3).
/// </summary>
public sealed class AbuseIsRaisedOnInsultsAndThreatsNotOnFrustration
{
    [Theory]
    [InlineData("You're all useless idiots and I know where your warehouse is", "You're all useless idiots")]
    [InlineData("Answer me properly or I'll come down there and sort you out myself", "I'll come down there and sort you out")]
    [InlineData("fuck off", "fuck off")]
    [InlineData("you stupid bitch", "you stupid bitch")]
    [InlineData("you're a useless piece of shit", "you're a useless piece of shit")]
    [InlineData("your staff are morons", "your staff are morons")]
    [InlineData("you absolute wankers", "wankers")]
    [InlineData("I know where you live", "I know where you live")]
    [InlineData("watch your back", "watch your back")]
    [InlineData("I'll find you", "I'll find you")]
    [InlineData("I'll smash your driver's face in", "smash your driver")]
    public void ItIsRaisedWithTheWordsOfTheAbuse(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.Abuse, text, evidence);

    [Theory]
    [InlineData("this is so frustrating, where is my parcel?")]
    [InlineData("for god's sake, it's still not here")]
    [InlineData("oh shit, I ordered the wrong size")]
    [InlineData("the bloody courier left it in the rain")]
    [InlineData("fucking hell, it's finally here and it's gorgeous")]
    [InlineData("this wardrobe is a bitch to put together")]
    [InlineData("I'll get you the order number in a sec")]
    [InlineData("I could kill for a cup of tea")]
    [InlineData("I live in Scunthorpe, do you deliver there?")]
    public void FrustrationAndSwearingAtThingsDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.Abuse, text);
}

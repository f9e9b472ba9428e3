using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

public sealed class SelfHarmIsRaisedOnRiskNotOnFiguresOfSpeech
{
    [Theory]
    [InlineData("I want to kill myself", "kill myself")]
    [InlineData("honestly I don't see the point in anything any more", "don't see the point in anything")]
    [InlineData("Everything is going wrong and I just want it all to end", "want it all to end")]
    [InlineData("I feel like hurting myself", "hurting myself")]
    [InlineData("I've started cutting myself again", "cutting myself")]
    [InlineData("i've been thinking about suicide", "suicide")]
    [InlineData("i just want to end it all", "want to end it all")]
    [InlineData("I don’t want to be here anymore", "don’t want to be here")]
    [InlineData("i'd be better off dead", "better off dead")]
    [InlineData("I want to die", "want to die")]
    [InlineData("been self harming again", "self harming")]
    [InlineData("i cant go on like this", "cant go on")]
    [InlineData("i could just kms", "kms")]
    public void ItIsRaisedWithTheWordsThatShowTheRisk(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.SelfHarm, text, evidence);

    [Theory]
    [InlineData("this bug is killing me lol")]
    [InlineData("I could kill for a cup of tea")]
    [InlineData("the suspense is killing me, where's my sofa?")]
    [InlineData("this velvet sofa is to die for")]
    [InlineData("I'm dying to see it in my living room")]
    [InlineData("I hurt myself lifting the box, it's far too heavy")]
    [InlineData("I cut myself on the broken glass in the box")]
    [InlineData("please end my subscription to the newsletter")]
    [InlineData("I just want this nightmare delivery to end")]
    public void FiguresOfSpeechAndAccidentsDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.SelfHarm, text);
}

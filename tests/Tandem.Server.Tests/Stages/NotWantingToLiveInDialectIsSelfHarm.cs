using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Round 23 of issue 4: a fresh set's self-harm misses included the wish not to live said in Caribbean and West African
/// English, which the fine-tuned encoder did not read. The rule takes the dialect negations and spellings of "don't want
/// to live any more"; the messages here are written for the test, not copied from a set. The negatives keep the same
/// words about a home, a live chat and a stream.
/// </summary>
public sealed class NotWantingToLiveInDialectIsSelfHarm
{
    [Theory]
    [InlineData("mi nuh waan live nuh more. just cancel di bed order", "nuh waan live nuh more")]
    [InlineData("abeg I no wan live again, send the refund to my sister", "no wan live again")]
    [InlineData("I dinnae want tae live nae mair, cancel the lot", "dinnae want tae live nae mair")]
    [InlineData("me nah wan wake up no more, dem can keep de sofa", "nah wan wake up no more")]
    public void ItIsRaisedWithTheWordsThatShowTheRisk(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.SelfHarm, text, evidence);

    [Theory]
    [InlineData("we nuh waan live nuh more inna dat damp flat, moving Friday so change di address")]
    [InlineData("I dinnae want tae live wi that carpet again, send the grey one")]
    [InlineData("no wan live chat, just email me the invoice")]
    [InlineData("I no wan live stream the unboxing, just send am")]
    public void TheSameWordsAboutAHomeOrAChatDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.SelfHarm, text);
}

using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>The embedded model's self-harm detector catches disclosures no rule lists, and stays quiet on idiom.</summary>
public sealed class SelfHarmIsRaisedFromMeaningNotOnlyWords
{
    [Theory]
    [InlineData("i've been stockpiling my tablets and tonight feels like the night")]
    [InlineData("honestly my family would be happier if I just disappeared for good")]
    [InlineData("what's the point of me carrying on, honestly")]
    // An everyday idiom beside it does not hide it: the message is read again without the idiom.
    [InlineData("I could murder a cup of tea. honestly my family would be happier if I just disappeared for good")]
    public void ADisclosureWithoutListedWordsIsRaised(string text)
    {
        var understanding = SamplePack.Firm.Understander.Understand(text);
        Assert.Contains(understanding.Signals, s => s.Kind == SignalKind.SelfHarm);
    }

    [Theory]
    [InlineData("this flatpack wardrobe is killing me lol, where are the instructions")]
    [InlineData("I'm dead tired of waiting in for couriers, can I pick a delivery day?")]
    [InlineData("I could murder a cup of tea, anyway how long do refunds take")]
    [InlineData("my phone died so I missed the delivery text, can you resend it?")]
    public void EverydayIdiomIsNot(string text)
    {
        var understanding = SamplePack.Firm.Understander.Understand(text);
        Assert.DoesNotContain(understanding.Signals, s => s.Kind == SignalKind.SelfHarm);
    }
}

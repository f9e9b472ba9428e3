using Tandem.Rules.Routing;
using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// `./tandem train signals` trains each head on the text the server shows it (<see cref="SignalPipeline.HeadText"/>):
/// the message without a clause that negates the signal, and without identifiers. Before round 5 the heads learnt
/// from whole messages but read them without the negated clause.
/// </summary>
public sealed class TheHeadsAreTrainedOnWhatTheServerShowsThem
{
    [Fact]
    public void ADeniedComplaintIsTakenOutOfWhatTheComplaintHeadReads()
    {
        const string text = "not complaining, just wondering when the grey velvet cushions are back in stock";

        var read = SignalPipeline.HeadText(SignalKind.Complaint, text);

        Assert.NotNull(read);
        Assert.DoesNotContain("complaining", read, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("grey velvet cushions", read, StringComparison.Ordinal);
        // Other signals' heads read the whole message: the clause negates a complaint only.
        Assert.Equal(text, SignalPipeline.HeadText(SignalKind.Vulnerability, text));
    }

    [Fact]
    public void ADeclinedCallIsTakenOutOfWhatThePersonHeadReads()
    {
        const string text = "no need to call me, just email the new delivery slot to the address on the order please";

        var read = SignalPipeline.HeadText(SignalKind.HumanRequest, text);

        Assert.NotNull(read);
        Assert.DoesNotContain("call me", read, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("email the new delivery slot", read, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HH-2026-004417")]
    [InlineData("no complaints")]
    public void AMessageTheHeadNeverReadsIsNotTrainedOn(string text) =>
        Assert.Null(SignalPipeline.HeadText(SignalKind.Complaint, text));

    [Theory]
    [InlineData("Can you tell me where HH-2026-003071 has got to?", "Can you tell me where my order has got to?")]
    [InlineData("is HH-2026-003071 on the van yet? ring me on 07700 900123", "is my order on the van yet? ring me on")]
    [InlineData("order no. HH-2026-003071 - has the refund gone through", "order no. - has the refund gone through")]
    public void AnIdentifierNotNamedByTheWordBeforeItReadsAsWhatItStandsFor(string text, string read) =>
        Assert.Equal(read, SignalPipeline.HeadText(SignalKind.Complaint, text));

    [Fact]
    public void IdentifiersAreTakenOutAsTheServerTakesThemOut() =>
        Assert.Equal(
            "my order still hasn't come and nobody answers the phone",
            SignalPipeline.HeadText(SignalKind.Complaint, "my order HH-2026-004417 still hasn't come and nobody answers the phone"));
}

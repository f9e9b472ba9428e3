using Tandem.Rules.Routing;
using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Round 7 of issue 4: a threat of legal action or abuse aimed at the firm is an expression of dissatisfaction, so it is
/// a complaint (FCA DISP) even with no complaint word in it; the complaint carries the words of the threat or the abuse.
/// A question about the law, or swearing at a wardrobe, raises neither.
/// </summary>
public sealed class ALegalThreatOrAbuseIsAlsoAComplaint
{
    [Theory]
    [InlineData("I will be reporting you to Trading Standards on Monday.", "Trading Standards")]
    [InlineData("see you in small claims, I've had enough", "small claims")]
    public void ALegalThreatRaisesAComplaintWithItsWords(string text, string evidence)
    {
        var signals = SignalPipeline.Rules(text);

        Assert.Contains(signals, s => s.Kind == SignalKind.LegalThreat);
        var complaint = Assert.Single(signals, s => s.Kind == SignalKind.Complaint);
        Assert.Equal(evidence, complaint.Evidence);
    }

    [Fact]
    public void AbuseAtStaffRaisesAComplaint()
    {
        var text = "your driver is a useless idiot";
        Assert.Contains(SignalDetector.Detect(text), s => s.Kind == SignalKind.Abuse);

        Assert.Contains(SignalPipeline.Rules(text), s => s.Kind == SignalKind.Complaint);
    }

    [Theory]
    [InlineData("is a wobbly table leg covered by the Consumer Rights Act?")]
    [InlineData("this bloody wardrobe has 84 screws, send help lol")]
    public void AQuestionAboutTheLawOrSwearingAtAThingRaisesNoComplaint(string text) =>
        Assert.DoesNotContain(SignalPipeline.Rules(text), s => s.Kind == SignalKind.Complaint);
}

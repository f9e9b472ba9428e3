using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

public sealed class ASelfHarmMessageIsHandedOffAsUrgent
{
    [Theory]
    [InlineData("I feel like hurting myself")]
    [InlineData("honestly I don't see the point in anything any more")]
    [InlineData("my refund still hasn't come and I just want to end it all")]
    public void ItIsHandedOffUrgentlyWithNoDraft(string text)
    {
        var outcome = PipelineRun.Of(text);
        PipelineRun.HandedOffFor(outcome, ReasonCode.UrgentSignal);
        Assert.True(outcome.Decision.Urgent);
        Assert.Contains(outcome.Understanding.Signals, s => s.Kind == SignalKind.SelfHarm);
    }

    [Fact]
    public void OutOfHoursItIsStillUrgentAndSaysWhenAPersonWillReply()
    {
        var outcome = PipelineRun.Of(SamplePack.FirstMessage("I feel like hurting myself") with { Now = SamplePack.Closed });
        PipelineRun.HandedOffFor(outcome, ReasonCode.UrgentSignal);
        Assert.Contains(ReasonCode.OutOfHours, outcome.Decision.Reasons);
        Assert.True(outcome.Decision.Urgent);
    }

    [Fact]
    public void AnOrdinaryQuestionIsNotUrgent() =>
        Assert.False(PipelineRun.Of("How much does delivery cost?").Decision.Urgent);
}

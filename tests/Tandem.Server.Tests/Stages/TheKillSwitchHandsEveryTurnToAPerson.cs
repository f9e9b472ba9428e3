using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

public sealed class TheKillSwitchHandsEveryTurnToAPerson
{
    [Theory]
    [InlineData("How much does delivery cost?")]
    [InlineData("What are your opening hours?")]
    [InlineData("asdfghjkl")]
    public void ATurnWithTheKillSwitchOnIsHandedOff(string text)
    {
        var outcome = PipelineRun.Of(SamplePack.FirstMessage(text) with { KillSwitch = true });
        PipelineRun.HandedOffFor(outcome, ReasonCode.KillSwitch);
        Assert.True(PipelineRun.RoutingInput(outcome).Policy.KillSwitch);
    }

    [Fact]
    public void WithTheKillSwitchOffTheSameQuestionIsNotHandedOffForIt()
    {
        var outcome = PipelineRun.Of("How much does delivery cost?");
        Assert.DoesNotContain(ReasonCode.KillSwitch, outcome.Decision.Reasons);
    }
}

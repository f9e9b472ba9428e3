namespace Tandem.Server.Tests.Stages;

public sealed class EveryStageOfTheTurnIsRecordedInOrder
{
    [Theory]
    [InlineData("How much does delivery cost?")]
    [InlineData("I feel like hurting myself")]
    [InlineData("Why was I turned down for Pay in 3?")]
    [InlineData("asdfghjkl")]
    [InlineData("")]
    public void UnderstandRetrieveActDraftCheckAndDecideAreEachRecorded(string text)
    {
        var outcome = PipelineRun.Of(text);
        Assert.Equal(["understand", "retrieve", "act", "draft", "check", "decide"], outcome.Stages.Select(s => s.Stage));
        Assert.All(outcome.Stages, s =>
        {
            Assert.NotNull(s.Input);
            Assert.NotNull(s.Output);
        });
    }
}

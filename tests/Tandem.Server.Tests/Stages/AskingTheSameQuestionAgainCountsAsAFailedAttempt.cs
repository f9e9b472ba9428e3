using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

public sealed class AskingTheSameQuestionAgainCountsAsAFailedAttempt
{
    private const string Question = "How much does delivery cost?";

    private static int FailedAttempts(IReadOnlyList<string> earlier, IReadOnlyList<IReadOnlyList<string>>? reasons = null) =>
        PipelineRun.RoutingInput(PipelineRun.Of(SamplePack.FirstMessage(Question) with
        {
            EarlierCustomerTexts = earlier,
            EarlierReasons = reasons ?? [],
        })).RecentFailedAttempts;

    [Theory]
    [InlineData("How much does delivery cost?")]
    [InlineData("how much does delivery cost")]
    [InlineData("HOW MUCH DOES DELIVERY COST??")]
    public void TheSameWordsAgainAddOneFailedAttempt(string earlier) =>
        Assert.Equal(FailedAttempts([]) + 1, FailedAttempts(["Hello", earlier]));

    [Fact]
    public void ADifferentEarlierQuestionAddsNone() =>
        Assert.Equal(FailedAttempts([]), FailedAttempts(["Can I cancel my order?"]));

    [Fact]
    public void AskingAgainAfterATurnWithNoAnswerGoesToAPerson()
    {
        var outcome = PipelineRun.Of(SamplePack.FirstMessage(Question) with
        {
            EarlierCustomerTexts = [Question],
            EarlierReasons = [["no_evidence", "copilot_topic"]],
        });
        Assert.True(PipelineRun.RoutingInput(outcome).RecentFailedAttempts >= SamplePack.Pack.Policy.MaxFailedAttempts);
        PipelineRun.HandedOffFor(outcome, ReasonCode.RepeatedFailure);
    }
}

using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

public sealed class AConversationWithAPersonStaysWithAPerson
{
    [Theory]
    [InlineData("How much does delivery cost?")]
    [InlineData("thanks, that's all")]
    public void ANewMessageIsHandedToThePerson(string text)
    {
        var outcome = PipelineRun.Of(SamplePack.FirstMessage(text) with { ConversationWithHuman = true });
        PipelineRun.HandedOffFor(outcome, ReasonCode.ConversationWithHuman);
    }
}

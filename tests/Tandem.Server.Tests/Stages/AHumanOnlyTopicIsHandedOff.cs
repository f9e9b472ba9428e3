using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

public sealed class AHumanOnlyTopicIsHandedOff
{
    [Fact]
    public void APayIn3QuestionGoesToAPersonWithNoDraft()
    {
        // Word for word one of the pack's labelled examples for pay_in_3_credit, so any classifier places it.
        var outcome = PipelineRun.Of("Why was I turned down for Pay in 3?");
        Assert.Equal(TopicMode.Human, outcome.Mode);
        PipelineRun.HandedOffFor(outcome, ReasonCode.HumanOnlyTopic);
        Assert.Null(outcome.Draft.Text);
    }

    [Theory]
    [InlineData("How much does delivery cost?")]
    [InlineData("Can I cancel my order?")]
    public void ATopicAnAdminHasSetToHumanGoesToAPerson(string text)
    {
        // Whichever topic the message is given, that topic is human only now.
        var allHuman = SamplePack.Pack.Topics.ToDictionary(t => t.Id, _ => TopicMode.Human, StringComparer.Ordinal);
        var outcome = PipelineRun.Of(SamplePack.FirstMessage(text) with { Modes = allHuman });
        Assert.NotNull(outcome.Understanding.Topic);
        Assert.Equal(TopicMode.Human, outcome.Mode);
        PipelineRun.HandedOffFor(outcome, ReasonCode.HumanOnlyTopic);
        Assert.Null(outcome.Draft.Text);
    }

    [Fact]
    public void AskingForAPersonGoesToAPersonWhateverTheTopic()
    {
        var outcome = PipelineRun.Of("can i speak to a real person about my delivery");
        PipelineRun.HandedOffFor(outcome, ReasonCode.AlwaysHandoffSignal);
        Assert.Contains(outcome.Understanding.Signals, s => s.Kind == SignalKind.HumanRequest);
    }
}

using Tandem.Rules.Routing;
using Tandem.Server.Turns;

namespace Tandem.Server.Tests.Stages;

internal static class PipelineRun
{
    public static TurnOutcome Of(TurnContext context) => TurnPipeline.Run(SamplePack.Firm, context);

    public static TurnOutcome Of(string text) => Of(SamplePack.FirstMessage(text));

    /// <summary>What the router was given, as the decide stage recorded it.</summary>
    public static RoutingInput RoutingInput(TurnOutcome outcome) =>
        Assert.IsType<RoutingInput>(Assert.Single(outcome.Stages, s => s.Stage == "decide").Input);

    public static void HandedOffFor(TurnOutcome outcome, ReasonCode reason)
    {
        Assert.Equal(Decision.Handoff, outcome.Decision.Decision);
        Assert.Contains(reason, outcome.Decision.Reasons);
    }
}

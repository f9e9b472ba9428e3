namespace Tandem.Rules.Routing;

/// <summary>
/// "The strictest mode wins" (a firm's support policy, and common sense): when a message could
/// plausibly be more than one topic, it is handled in the strictest mode among them. A plausible
/// topic is one scoring within <c>margin</c> of the best. Human beats co-pilot beats autonomous.
/// </summary>
public static class StrictestMode
{
    public const double DefaultMargin = 0.05;

    public static (TopicMode Mode, string? DecidingTopic) Resolve(
        IReadOnlyList<(string Topic, double Score)> candidates,
        Func<string, TopicMode> modeOf,
        double margin = DefaultMargin)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(modeOf);
        if (candidates.Count == 0)
        {
            return (TopicMode.Copilot, null);
        }
        var best = candidates.Max(c => c.Score);
        var strictest = candidates
            .Where(c => c.Score >= best - margin)
            .Select(c => (c.Topic, Mode: modeOf(c.Topic)))
            .OrderBy(c => Rank(c.Mode))
            .First();
        return (strictest.Mode, strictest.Topic);
    }

    private static int Rank(TopicMode mode) => mode switch
    {
        TopicMode.Human => 0,
        TopicMode.Copilot => 1,
        _ => 2,
    };
}

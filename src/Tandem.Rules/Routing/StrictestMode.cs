namespace Tandem.Rules.Routing;

/// <summary>
/// How close to the best a candidate topic must score to be plausible. On a similarity scale (the
/// nearest anchor's cosine) a fixed distance means the same everywhere, so the margin is
/// <see cref="Absolute"/>. On a probability scale it does not: 0.24 below a confident 0.9 is a real
/// rival, 0.24 below a spread 0.36 is nearly every topic the head has heard of, and plain questions
/// went to a person because a human-only topic scored 0.17. There the margin is
/// <see cref="Relative"/>: a candidate is plausible when it scores at least <see cref="Share"/> of the best.
/// </summary>
public readonly record struct TopicMargin
{
    private TopicMargin(double value, bool relative)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Value = value;
        IsRelative = relative;
    }

    /// <summary>Plausible within this distance of the best score.</summary>
    public static TopicMargin Absolute(double distance) => new(distance, relative: false);

    /// <summary>Plausible at no less than <paramref name="share"/> (0–1) of the best score.</summary>
    public static TopicMargin Relative(double share)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        return new(share, relative: true);
    }

    public bool IsRelative { get; }

    /// <summary>The distance (absolute) or the share of the best (relative).</summary>
    public double Value { get; }

    public double Share => IsRelative ? Value : double.NaN;

    public bool Keeps(double score, double best) =>
        IsRelative ? score >= best * Value - 1e-12 : score >= best - Value - 1e-12;

    public override string ToString() => IsRelative ? $"≥ {Value:0.####} of the best" : $"within {Value:0.####} of the best";
}

/// <summary>
/// "The strictest mode wins" (a firm's support policy, and common sense): when a message could
/// plausibly be more than one topic, it is handled in the strictest mode among them. A plausible
/// topic is one the <see cref="TopicMargin"/> keeps. Human beats co-pilot beats autonomous.
/// </summary>
public static class StrictestMode
{
    public const double DefaultMargin = 0.05;

    public static (TopicMode Mode, string? DecidingTopic) Resolve(
        IReadOnlyList<(string Topic, double Score)> candidates,
        Func<string, TopicMode> modeOf,
        double margin = DefaultMargin) =>
        Resolve(candidates, modeOf, TopicMargin.Absolute(margin));

    public static (TopicMode Mode, string? DecidingTopic) Resolve(
        IReadOnlyList<(string Topic, double Score)> candidates,
        Func<string, TopicMode> modeOf,
        TopicMargin margin)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(modeOf);
        if (candidates.Count == 0)
        {
            return (TopicMode.Copilot, null);
        }
        var best = candidates.Max(c => c.Score);
        var strictest = candidates
            .Where(c => margin.Keeps(c.Score, best))
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

using Tandem.Rules.Insights;
using Tandem.Rules.Readiness;

namespace Tandem.Server.Insights;

/// <summary>How long something took, over the conversations where it happened.</summary>
internal sealed record DurationSummary(int Count, double? MeanSeconds, double? MedianSeconds, double? P90Seconds)
{
    public static DurationSummary Of(IEnumerable<TimeSpan> values)
    {
        var seconds = values.Select(v => v.TotalSeconds).ToList();
        if (seconds.Count == 0)
        {
            return new DurationSummary(0, null, null, null);
        }
        return new DurationSummary(seconds.Count, Math.Round(seconds.Average(), 3),
            Math.Round(Distribution.Median(seconds)!.Value, 3), Math.Round(Distribution.Percentile(seconds, 90)!.Value, 3));
    }
}

/// <summary>Every figure of docs/metrics.md for one slice of conversations and reviews.</summary>
internal sealed record MetricSet(
    int Conversations,
    int ReviewedDrafts,
    int Overrides,
    double? OverrideRate,
    double? OverrideUpper95,
    int CriticalOverrides,
    int AiFirstConversations,
    int Escalated,
    double? EscalationRate,
    int AiHandledConversations,
    int AiHandledComplaints,
    double? AiComplaintRate,
    int HumanHandledConversations,
    int HumanHandledComplaints,
    double? HumanComplaintRate,
    int ResolvedConfirmed,
    int ResolvedAssumed,
    int Unresolved,
    int KnownCustomerConversations,
    int RepeatContacts,
    double? RepeatContactRate,
    DurationSummary FirstResponse,
    DurationSummary Resolution,
    int CsatResponses,
    double? Csat);

internal sealed record MetricsResponse(
    string Firm,
    DateTimeOffset From,
    DateTimeOffset To,
    string? Topic,
    string? Channel,
    MetricSet All,
    MetricSet Vulnerable,
    MetricSet Others,
    IReadOnlyList<string> Notes);

/// <summary>The metrics of docs/metrics.md, computed from <see cref="InsightsData"/>. Pure, so the definitions are in one place.</summary>
internal static class Metrics
{
    public static readonly IReadOnlyList<string> Notes =
    [
        "csat is the mean score (1-5) of the conversations whose customer rated them; null when none did.",
        "Repeat contact counts only conversations with a known customer; anonymous widget conversations cannot be linked.",
        "Resolution is confirmed when an agent marked the conversation resolved; assumed when our reply was the last word and the customer has not written for 24 hours.",
    ];

    public static MetricsResponse Compute(string firm, DateTimeOffset from, DateTimeOffset to, string? topic, string? channel,
        InsightsData data, double substantialThreshold)
    {
        ArgumentNullException.ThrowIfNull(data);
        bool Matches(string? t, string c) => (topic is null || t == topic) && (channel is null || string.Equals(c, channel, StringComparison.OrdinalIgnoreCase));
        var sliceConversations = data.Conversations.Where(c => c.CreatedAt >= from && c.CreatedAt < to && Matches(c.Topic, c.Channel)).ToList();
        var sliceReviews = data.Reviews.Where(r => Matches(r.Topic, r.Channel)).ToList();
        MetricSet Set(Func<bool, bool> vulnerable) => ComputeSet(
            [.. sliceConversations.Where(c => vulnerable(c.Vulnerable))],
            [.. sliceReviews.Where(r => vulnerable(r.Vulnerable))],
            data.Conversations, substantialThreshold);
        return new MetricsResponse(firm, from, to, topic, channel, Set(_ => true), Set(v => v), Set(v => !v), Notes);
    }

    public static MetricSet ComputeSet(IReadOnlyList<ConversationFacts> conversations, IReadOnlyList<ReviewRow> reviews,
        IReadOnlyList<ConversationFacts> history, double substantialThreshold)
    {
        var overrides = reviews.Count(r => OverrideRules.IsOverride(r.Facts, substantialThreshold));
        var critical = reviews.Count(r => OverrideRules.IsCritical(r.Facts));
        var aiFirst = conversations.Where(c => c.AiFirst).ToList();
        var escalated = aiFirst.Count(c => c.HandedToPerson);
        var aiHandled = aiFirst;
        var humanHandled = conversations.Where(c => !c.AiFirst).ToList();
        var known = conversations.Where(c => c.CustomerId is not null).ToList();
        // A repeat: the same customer came about the same topic within the 7 days before this conversation.
        var repeats = known.Count(c => history.Any(h => h.Id != c.Id && h.CustomerId == c.CustomerId && h.Topic == c.Topic
            && h.CreatedAt < c.CreatedAt && c.CreatedAt - h.CreatedAt <= InsightsData.RepeatWindow));
        var confirmed = conversations.Count(c => c.ResolvedConfirmed);
        var assumed = conversations.Count(c => c.ResolvedAssumed);
        return new MetricSet(
            Conversations: conversations.Count,
            ReviewedDrafts: reviews.Count,
            Overrides: overrides,
            OverrideRate: Rate(overrides, reviews.Count),
            OverrideUpper95: reviews.Count == 0 ? null : Round(Wilson.Upper(overrides, reviews.Count)),
            CriticalOverrides: critical,
            AiFirstConversations: aiFirst.Count,
            Escalated: escalated,
            EscalationRate: Rate(escalated, aiFirst.Count),
            AiHandledConversations: aiHandled.Count,
            AiHandledComplaints: aiHandled.Count(c => c.Complaint),
            AiComplaintRate: Rate(aiHandled.Count(c => c.Complaint), aiHandled.Count),
            HumanHandledConversations: humanHandled.Count,
            HumanHandledComplaints: humanHandled.Count(c => c.Complaint),
            HumanComplaintRate: Rate(humanHandled.Count(c => c.Complaint), humanHandled.Count),
            ResolvedConfirmed: confirmed,
            ResolvedAssumed: assumed,
            Unresolved: conversations.Count - confirmed - assumed,
            KnownCustomerConversations: known.Count,
            RepeatContacts: repeats,
            RepeatContactRate: Rate(repeats, known.Count),
            FirstResponse: DurationSummary.Of(conversations.Where(c => c.FirstResponse is not null).Select(c => c.FirstResponse!.Value)),
            Resolution: DurationSummary.Of(conversations.Where(c => c.Resolution is not null).Select(c => c.Resolution!.Value)),
            CsatResponses: conversations.Count(c => c.CsatScore is not null),
            Csat: conversations.Any(c => c.CsatScore is not null) ? Math.Round(conversations.Where(c => c.CsatScore is not null).Average(c => c.CsatScore!.Value), 3) : null);
    }

    public static double? Rate(int events, int total) => Distribution.Rate(events, total);

    private static double Round(double value) => Math.Round(value, 6);
}

/// <summary>
/// Language-model tokens as a counter, <c>tandem_llm_tokens_total{direction="input"|"output"}</c> (also
/// tagged by firm, provider and model), on the <c>Tandem.Llm</c> meter: any OpenTelemetry or
/// dotnet-counters listener reads it. Counted when the provider reports them, whether or not the turn commits.
/// </summary>
internal sealed class LlmTokenMetrics
{
    public const string MeterName = "Tandem.Llm";
    public const string TokensCounter = "tandem_llm_tokens_total";

    private readonly System.Diagnostics.Metrics.Counter<long> _tokens;

    public LlmTokenMetrics(System.Diagnostics.Metrics.IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _tokens = meters.Create(new System.Diagnostics.Metrics.MeterOptions(MeterName)).CreateCounter<long>(TokensCounter, unit: "{token}", description: "Tokens sent to and received from language-model providers.");
    }

    public void Record(Llm.LlmUsageRecord usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        Add(usage, "input", usage.InputTokens);
        Add(usage, "output", usage.OutputTokens);
    }

    private void Add(Llm.LlmUsageRecord usage, string direction, long tokens) =>
        _tokens.Add(tokens,
            new KeyValuePair<string, object?>("direction", direction),
            new KeyValuePair<string, object?>("firm", usage.FirmId),
            new KeyValuePair<string, object?>("provider", usage.Provider),
            new KeyValuePair<string, object?>("model", usage.Model));
}

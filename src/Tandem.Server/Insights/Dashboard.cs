using Tandem.Rules.Insights;
using Tandem.Rules.Readiness;

namespace Tandem.Server.Insights;

/// <summary>The dates a dashboard covers, both included, in the firm's time zone, and the instants they span.</summary>
internal sealed record InsightsWindow(DateOnly From, DateOnly To, DateTimeOffset Start, DateTimeOffset End, string TimeZone);

/// <summary>Reviews of one topic on one of the firm's days.</summary>
internal sealed record OverrideDay(DateOnly Day, string Topic, int Reviewed, int Overrides, double? OverrideRate);

/// <summary>Escalation and complaints for conversations the assistant or a person handled first.</summary>
internal sealed record HandlingRow(string HandledBy, int Conversations, int? Escalated, double? EscalationRate, int Complaints, double? ComplaintRate);

/// <summary>One line of the resolution ledger: how the conversations of the window ended.</summary>
internal sealed record LedgerRow(string Outcome, int Conversations, double? Share);

internal sealed record TimingRow(string Measure, int Count, double? MedianSeconds, double? P90Seconds);

internal sealed record CsatRow(int Score, int Responses);

internal sealed record VolumeRow(string Name, int Conversations);

internal sealed record DayVolume(DateOnly Day, int Conversations);

/// <summary>One measure for vulnerable customers' conversations beside everyone else's.</summary>
internal sealed record CohortRow(string Measure, string Unit, double? Vulnerable, double? Others);

internal sealed record InsightsDashboard(
    string Firm,
    InsightsWindow Window,
    int Conversations,
    IReadOnlyList<string> ReviewedTopics,
    IReadOnlyList<OverrideDay> OverrideByDay,
    IReadOnlyList<HandlingRow> Handling,
    IReadOnlyList<LedgerRow> Ledger,
    IReadOnlyList<TimingRow> Times,
    int CsatResponses,
    double? CsatMean,
    IReadOnlyList<CsatRow> Csat,
    IReadOnlyList<VolumeRow> ByTopic,
    IReadOnlyList<VolumeRow> ByChannel,
    IReadOnlyList<DayVolume> ByDay,
    IReadOnlyList<CohortRow> Cohorts);

/// <summary>
/// The dashboard's figures from <see cref="InsightsData"/>: pure, so the page, the JSON and the CSV
/// exports cannot disagree, and the definitions (docs/metrics.md) are tested without a server.
/// </summary>
internal static class Dashboard
{
    public const string NoTopic = "(no topic)";

    public static class Outcomes
    {
        public const string ResolvedByAi = "resolved_by_ai";
        public const string ResolvedByAiWithReview = "resolved_by_ai_with_review";
        public const string ResolvedByPerson = "resolved_by_person";
        public const string Abandoned = "abandoned";
        public const string Open = "open";
    }

    /// <summary>A customer who wrote last and heard nothing for this long was left: the conversation is abandoned.</summary>
    public static readonly TimeSpan AbandonedAfter = InsightsData.AssumedResolvedAfter;

    public static InsightsDashboard Compute(string firm, InsightsWindow window, FirmCalendar calendar, InsightsData data,
        DateTimeOffset now, double substantialThreshold)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(data);
        var conversations = data.Conversations.Where(c => c.CreatedAt >= window.Start && c.CreatedAt < window.End).ToList();
        var reviews = data.Reviews.Where(r => r.CreatedAt >= window.Start && r.CreatedAt < window.End).ToList();
        var asOf = now < window.End ? now : window.End;

        var topics = reviews.Select(r => r.Topic ?? NoTopic).Distinct().Order(StringComparer.Ordinal).ToList();
        var reviewsByDay = reviews.ToLookup(r => (calendar.DayOf(r.CreatedAt), r.Topic ?? NoTopic));
        var overrideByDay = (
            from topic in topics
            from day in FirmCalendar.Days(window.From, window.To)
            let dayReviews = reviewsByDay[(day, topic)].ToList()
            let overrides = dayReviews.Count(r => OverrideRules.IsOverride(r.Facts, substantialThreshold))
            select new OverrideDay(day, topic, dayReviews.Count, overrides, Distribution.Rate(overrides, dayReviews.Count))).ToList();

        var aiFirst = conversations.Where(c => c.AiFirst).ToList();
        var personFirst = conversations.Where(c => !c.AiFirst).ToList();
        HandlingRow Handled(string by, List<ConversationFacts> set, bool escalates) => new(by, set.Count,
            escalates ? set.Count(c => c.HandedToPerson) : null,
            escalates ? Distribution.Rate(set.Count(c => c.HandedToPerson), set.Count) : null,
            set.Count(c => c.Complaint), Distribution.Rate(set.Count(c => c.Complaint), set.Count));

        var ledger = conversations.GroupBy(c => LedgerOutcome(c, asOf)).ToDictionary(g => g.Key, g => g.Count());
        string[] outcomes = [Outcomes.ResolvedByAi, Outcomes.ResolvedByAiWithReview, Outcomes.ResolvedByPerson, Outcomes.Abandoned, Outcomes.Open];

        static TimingRow Timing(string measure, IEnumerable<TimeSpan?> values)
        {
            var seconds = values.Where(v => v is not null).Select(v => v!.Value.TotalSeconds).ToList();
            return new TimingRow(measure, seconds.Count, Round(Distribution.Median(seconds)), Round(Distribution.Percentile(seconds, 90)));
        }

        var rated = conversations.Where(c => c.CsatScore is not null).ToList();
        var vulnerable = Metrics.ComputeSet([.. conversations.Where(c => c.Vulnerable)], [.. reviews.Where(r => r.Vulnerable)], data.Conversations, substantialThreshold);
        var others = Metrics.ComputeSet([.. conversations.Where(c => !c.Vulnerable)], [.. reviews.Where(r => !r.Vulnerable)], data.Conversations, substantialThreshold);
        var vulnerableSet = conversations.Where(c => c.Vulnerable).ToList();
        var otherSet = conversations.Where(c => !c.Vulnerable).ToList();
        double? ResolvedShare(List<ConversationFacts> set) =>
            Distribution.Rate(set.Count(c => LedgerOutcome(c, asOf) is Outcomes.ResolvedByAi or Outcomes.ResolvedByAiWithReview or Outcomes.ResolvedByPerson), set.Count);
        double? AbandonedShare(List<ConversationFacts> set) => Distribution.Rate(set.Count(c => LedgerOutcome(c, asOf) == Outcomes.Abandoned), set.Count);

        return new InsightsDashboard(
            firm,
            window,
            conversations.Count,
            topics,
            overrideByDay,
            [Handled("assistant", aiFirst, escalates: true), Handled("person", personFirst, escalates: false)],
            [.. outcomes.Select(o => new LedgerRow(o, ledger.GetValueOrDefault(o), Distribution.Rate(ledger.GetValueOrDefault(o), conversations.Count)))],
            [
                Timing("first_response", conversations.Select(c => c.FirstResponse)),
                Timing("first_response_assistant_first", aiFirst.Select(c => c.FirstResponse)),
                Timing("first_response_person_first", personFirst.Select(c => c.FirstResponse)),
                Timing("resolution", conversations.Select(c => c.Resolution)),
            ],
            rated.Count,
            rated.Count == 0 ? null : Math.Round(rated.Average(c => c.CsatScore!.Value), 3),
            [.. Enumerable.Range(1, 5).Select(s => new CsatRow(s, rated.Count(c => c.CsatScore == s)))],
            [.. conversations.GroupBy(c => c.Topic ?? NoTopic).Select(g => new VolumeRow(g.Key, g.Count()))
                .OrderByDescending(v => v.Conversations).ThenBy(v => v.Name, StringComparer.Ordinal)],
            [.. conversations.GroupBy(c => c.Channel).Select(g => new VolumeRow(g.Key, g.Count()))
                .OrderByDescending(v => v.Conversations).ThenBy(v => v.Name, StringComparer.Ordinal)],
            [.. FirmCalendar.Days(window.From, window.To).Select(d => new DayVolume(d, conversations.Count(c => calendar.DayOf(c.CreatedAt) == d)))],
            [
                new("conversations", "count", vulnerable.Conversations, others.Conversations),
                new("escalation_rate", "rate", vulnerable.EscalationRate, others.EscalationRate),
                new("assistant_complaint_rate", "rate", vulnerable.AiComplaintRate, others.AiComplaintRate),
                new("person_complaint_rate", "rate", vulnerable.HumanComplaintRate, others.HumanComplaintRate),
                new("override_rate", "rate", vulnerable.OverrideRate, others.OverrideRate),
                new("resolved_share", "rate", ResolvedShare(vulnerableSet), ResolvedShare(otherSet)),
                new("abandoned_share", "rate", AbandonedShare(vulnerableSet), AbandonedShare(otherSet)),
                new("first_response_median", "seconds", vulnerable.FirstResponse.MedianSeconds, others.FirstResponse.MedianSeconds),
                new("first_response_p90", "seconds", vulnerable.FirstResponse.P90Seconds, others.FirstResponse.P90Seconds),
                new("resolution_median", "seconds", vulnerable.Resolution.MedianSeconds, others.Resolution.MedianSeconds),
                new("csat_mean", "score", vulnerable.Csat, others.Csat),
            ]);
    }

    /// <summary>
    /// Where a conversation stands in the resolution ledger (docs/metrics.md). "Resolved" is confirmed
    /// or assumed; who resolved it is the most human hand that touched it.
    /// </summary>
    public static string LedgerOutcome(ConversationFacts c, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.ResolvedConfirmed || c.ResolvedAssumed)
        {
            return c.HandedToPerson || c.AgentWrote ? Outcomes.ResolvedByPerson
                : c.DraftReviewed ? Outcomes.ResolvedByAiWithReview
                : Outcomes.ResolvedByAi;
        }
        return c.CustomerHadLastWord && c.LastActivity is { } last && asOf - last >= AbandonedAfter ? Outcomes.Abandoned : Outcomes.Open;
    }

    private static double? Round(double? value) => value is null ? null : Math.Round(value.Value, 3);
}

using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Rules.Readiness;

namespace Tandem.Server.Insights;

internal sealed record ReadinessReasonDto(string Code, string Sentence);

internal sealed record TopicReadiness(
    string Topic,
    string Mode,
    bool Eligible,
    int Reviewed,
    int Overrides,
    double OverrideRate,
    double OverrideUpper95,
    int CriticalOverrides,
    int AiHandledConversations,
    double? AiComplaintRate,
    int HumanHandledConversations,
    double? HumanComplaintRate,
    DateTimeOffset CountedFrom,
    IReadOnlyList<ReadinessReasonDto> Reasons,
    int AiHandledComplaints,
    int HumanHandledComplaints);

internal sealed record ReadinessRuleDto(int MinimumReviewed, double TargetOverrideRate, string Basis, double SubstantialEditThreshold);

internal sealed record ReadinessReport(string Firm, int Days, DateTimeOffset From, DateTimeOffset To, ReadinessRuleDto Rule, IReadOnlyList<TopicReadiness> Topics);

/// <summary>The readiness of each of a firm's topics over the last 30 or 60 days (docs/metrics.md).</summary>
internal static class ReadinessReports
{
    public static async Task<ReadinessReport> BuildAsync(TandemDbContext db, string firm, IReadOnlyCollection<string> packTopics,
        IReadOnlySet<string> neverAutonomous, ReadinessOptions options, int days, DateTimeOffset now, CancellationToken ct, string? onlyTopic = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var from = now - TimeSpan.FromDays(days);
        var settings = await db.TopicSettings.AsNoTracking().Where(t => t.FirmId == firm).ToListAsync(ct);
        var data = await InsightsData.LoadAsync(db, firm, from, now, now, ct);
        var topics = packTopics.Union(settings.Select(s => s.TopicId), StringComparer.Ordinal)
            .Where(t => onlyTopic is null || t == onlyTopic)
            .Order(StringComparer.Ordinal).ToList();
        var rule = options.Rule;
        var results = new List<TopicReadiness>();
        foreach (var topic in topics)
        {
            var setting = settings.FirstOrDefault(s => s.TopicId == topic);
            // A topic sent back to co-pilot earns autonomy again only on drafts reviewed since.
            var countFrom = setting?.ReadinessFrom is { } reset && reset > from ? reset : from;
            var reviews = data.Reviews.Where(r => r.Topic == topic && r.CreatedAt >= countFrom).ToList();
            var conversations = data.Conversations.Where(c => c.Topic == topic && c.CreatedAt >= countFrom && c.CreatedAt < now).ToList();
            var ai = conversations.Where(c => c.AiFirst).ToList();
            var human = conversations.Where(c => !c.AiFirst).ToList();
            var result = ReadinessGate.Assess(new TopicEvidence
            {
                Topic = topic,
                Reviewed = reviews.Count,
                Overrides = reviews.Count(r => OverrideRules.IsOverride(r.Facts, options.SubstantialEditThreshold)),
                CriticalOverrides = reviews.Count(r => OverrideRules.IsCritical(r.Facts)),
                AiConversations = ai.Count,
                AiComplaints = ai.Count(c => c.Complaint),
                HumanConversations = human.Count,
                HumanComplaints = human.Count(c => c.Complaint),
                NeverAutonomous = neverAutonomous.Contains(topic),
            }, rule);
            results.Add(new TopicReadiness(topic, setting?.Mode ?? "copilot", result.Eligible, result.Reviewed, result.Overrides,
                Math.Round(result.OverrideRate, 6), Math.Round(result.OverrideUpper95, 6), result.CriticalOverrides,
                ai.Count, Round(result.AiComplaintRate), human.Count, Round(result.HumanComplaintRate), countFrom,
                [.. result.Reasons.Select(r => new ReadinessReasonDto(r.Code, r.Sentence))],
                ai.Count(c => c.Complaint), human.Count(c => c.Complaint)));
        }
        return new ReadinessReport(firm, days, from, now,
            new ReadinessRuleDto(rule.MinimumReviewed, rule.TargetOverrideRate, rule.Basis == ReadinessBasis.WilsonUpper ? "wilson_upper" : "point_estimate", options.SubstantialEditThreshold),
            results);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6) : null;
}

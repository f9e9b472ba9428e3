using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Data.Firms;
using Tandem.Rules.Readiness;
using Tandem.Rules.Routing;
using Tandem.Server.Audit;

namespace Tandem.Server.Insights;

/// <summary>
/// Sends an autonomous topic back to co-pilot when it regresses (support policy section 11): a serious
/// error, or overrides at 5 % or more over the latest 50 reviews (checked after each review is saved),
/// or complaints on the conversations the assistant handled clearly worse than on those people handled
/// (checked after each turn that raises a complaint). Either way the very next turn on the topic is
/// drafted for review again.
/// </summary>
internal sealed class AutoDemotion(TandemDbContext db, TimeProvider clock, IOptions<ReadinessOptions> options)
{
    public async Task CheckAsync(string firm, string? topic, CancellationToken ct)
    {
        if (topic is null)
        {
            return;
        }
        var setting = await db.TopicSettings.FirstOrDefaultAsync(t => t.FirmId == firm && t.TopicId == topic, ct);
        if (setting is null || !ModeNames.TryParseMode(setting.Mode, out var mode) || mode != TopicMode.Autonomous)
        {
            return;
        }
        var settings = options.Value;
        var latest = await db.Reviews.AsNoTracking()
            .Where(r => r.FirmId == firm && r.Topic == topic)
            .OrderByDescending(r => r.CreatedAt)
            .Take(settings.DemotionWindow)
            .Join(db.Drafts.AsNoTracking(), r => r.DraftId, d => d.Id, (r, d) => new { r.Outcome, DraftText = d.Text, r.FinalText, r.EditDistance, r.Critical, r.CreatedAt })
            .ToListAsync(ct);
        var facts = latest.OrderByDescending(r => r.CreatedAt)
            .Select(r => new ReviewFacts(r.Outcome, r.DraftText, r.FinalText, r.EditDistance, r.Critical)).ToList();
        var reason = Demotion.Check(facts, settings.DemotionOverrideRate, settings.DemotionWindow, settings.SubstantialEditThreshold);
        if (reason is null)
        {
            return;
        }
        await DemoteAsync(setting, reason, new()
        {
            ["reviews"] = facts.Count,
            ["overrides"] = facts.Count(f => OverrideRules.IsOverride(f, settings.SubstantialEditThreshold)),
        }, ct);
    }

    /// <summary>Run after a turn raised a complaint in a conversation about <paramref name="topic"/>.</summary>
    public async Task CheckComplaintsAsync(string firm, string? topic, CancellationToken ct)
    {
        if (topic is null)
        {
            return;
        }
        var setting = await db.TopicSettings.FirstOrDefaultAsync(t => t.FirmId == firm && t.TopicId == topic, ct);
        if (setting is null || !ModeNames.TryParseMode(setting.Mode, out var mode) || mode != TopicMode.Autonomous)
        {
            return;
        }
        // The same evidence readiness weighs: conversations over the readiness window since the topic
        // last earned autonomy, the assistant's against people's.
        var report = await ReadinessReports.BuildAsync(db, firm, [topic], new HashSet<string>(StringComparer.Ordinal), options.Value,
            ComplaintWindowDays, clock.GetUtcNow(), ct, onlyTopic: topic);
        var row = report.Topics.Single();
        var reason = Demotion.CheckComplaints(row.AiHandledConversations, row.AiHandledComplaints, row.HumanHandledConversations, row.HumanHandledComplaints);
        if (reason is null)
        {
            return;
        }
        await DemoteAsync(setting, reason, new()
        {
            ["windowDays"] = ComplaintWindowDays,
            ["aiConversations"] = row.AiHandledConversations,
            ["aiComplaints"] = row.AiHandledComplaints,
            ["humanConversations"] = row.HumanHandledConversations,
            ["humanComplaints"] = row.HumanHandledComplaints,
        }, ct);
    }

    /// <summary>The readiness window complaints are counted over.</summary>
    public const int ComplaintWindowDays = 30;

    /// <param name="evidence">The figures behind the decision, recorded beside it in the audit event.</param>
    private async Task DemoteAsync(TopicSetting setting, ReadinessReason reason, Dictionary<string, object> evidence, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var payload = new Dictionary<string, object>(evidence)
        {
            ["topic"] = setting.TopicId,
            ["before"] = setting.Mode,
            ["after"] = TopicMode.Copilot.ToWire(),
            ["reason"] = reason.Code,
            ["explanation"] = reason.Sentence,
        };
        setting.Mode = TopicMode.Copilot.ToWire();
        setting.UpdatedAt = now;
        setting.ReadinessFrom = now;
        db.AuditEvents.Add(AuditLog.Event("topic.auto_demoted", "system", now, payload, setting.FirmId));
        await db.SaveChangesAsync(ct);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Rules.Readiness;
using Tandem.Rules.Routing;
using Tandem.Server.Audit;

namespace Tandem.Server.Insights;

/// <summary>
/// Sends an autonomous topic back to co-pilot when its reviews regress (support policy section 11):
/// a serious error, or overrides at 5 % or more over the latest 50 reviews. Run after each review is
/// saved, so the very next turn on the topic is drafted for review again.
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
        var now = clock.GetUtcNow();
        var before = setting.Mode;
        setting.Mode = TopicMode.Copilot.ToWire();
        setting.UpdatedAt = now;
        setting.ReadinessFrom = now;
        db.AuditEvents.Add(AuditLog.Event("topic.auto_demoted", "system", now, new
        {
            topic,
            before,
            after = setting.Mode,
            reason = reason.Code,
            explanation = reason.Sentence,
            reviews = facts.Count,
            overrides = facts.Count(f => OverrideRules.IsOverride(f, settings.SubstantialEditThreshold)),
        }, firm));
        await db.SaveChangesAsync(ct);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Rules.Routing;
using Tandem.Server.Audit;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;
using Tandem.Server.Insights;

namespace Tandem.Server.Admin;

/// <summary>What an admin change came to: the answer, or a problem (status, title, detail) and any readiness that explains it.</summary>
internal sealed record AdminResult<T>(T? Value, int Status, string? Title = null, string? Detail = null, TopicReadiness? Readiness = null)
{
    public bool Ok => Status < 300;

    public static AdminResult<T> Done(T value) => new(value, StatusCodes.Status200OK);

    public static AdminResult<T> Problem(int status, string title, string detail, TopicReadiness? readiness = null) => new(default, status, title, detail, readiness);
}

/// <summary>
/// The admin controls over what the assistant may do — topic modes and the kill switches — for the HTTP
/// API and the console pages alike, so both apply the same rules. Every change is an audit event with
/// the before and after, in the same SaveChanges as the change. The firm must already be one the caller
/// may see (the endpoints and pages check that first).
/// </summary>
internal sealed class AdminControls(TandemDbContext db, FirmRegistry firms, TimeProvider clock, IOptions<ReadinessOptions> options)
{
    public static readonly IReadOnlySet<string> Channels = new HashSet<string>(StringComparer.Ordinal) { "web", "api", "email" };

    public async Task<FirmControlsResponse> ControlsAsync(string firm, CancellationToken ct)
    {
        var row = await db.Firms.AsNoTracking().FirstAsync(f => f.Id == firm, ct);
        var topics = await db.TopicSettings.AsNoTracking().Where(t => t.FirmId == firm).OrderBy(t => t.TopicId)
            .Select(t => new TopicModeDto(t.TopicId, t.Mode)).ToListAsync(ct);
        return new FirmControlsResponse(firm, row.KillSwitch, Json.Read<List<string>>(row.KillSwitchChannelsJson), topics);
    }

    /// <summary>The readiness of every topic of the firm over the last <paramref name="days"/> days, as promotion would judge it.</summary>
    public Task<ReadinessReport> ReadinessAsync(string firm, int days, CancellationToken ct)
    {
        var pack = firms.Find(firm)!.Pack;
        return ReadinessReports.BuildAsync(db, firm, [.. pack.Topics.Select(t => t.Id)], pack.Policy.NeverAutonomousTopics, options.Value, days, clock.GetUtcNow(), ct);
    }

    public async Task<AdminResult<TopicModeResponse>> SetModeAsync(string firm, string topic, SetTopicModeRequest? body, string actor, CancellationToken ct)
    {
        if (!ModeNames.TryParseMode(body?.Mode, out var mode))
        {
            return AdminResult<TopicModeResponse>.Problem(StatusCodes.Status400BadRequest, "mode is required", "Send {\"mode\": \"human\" | \"copilot\" | \"autonomous\"}.");
        }
        var setting = await db.TopicSettings.FirstOrDefaultAsync(t => t.FirmId == firm && t.TopicId == topic, ct);
        if (setting is null)
        {
            return AdminResult<TopicModeResponse>.Problem(StatusCodes.Status404NotFound, "topic not found", $"Firm '{firm}' has no topic '{topic}'.");
        }
        var pack = firms.Find(firm)!.Pack;
        var before = ModeNames.TryParseMode(setting.Mode, out var current) ? current : TopicMode.Copilot;
        var now = clock.GetUtcNow();
        TopicReadiness? readiness = null;
        if (mode == TopicMode.Autonomous && before != TopicMode.Autonomous)
        {
            if (pack.Policy.NeverAutonomousTopics.Contains(topic))
            {
                return AdminResult<TopicModeResponse>.Problem(StatusCodes.Status409Conflict, "never autonomous", $"The firm's policy says '{topic}' may never be autonomous.");
            }
            var days = body!.Evidence?.Days ?? 60;
            if (days is not (30 or 60))
            {
                return AdminResult<TopicModeResponse>.Problem(StatusCodes.Status400BadRequest, "days must be 30 or 60", "Readiness evidence is taken over the last 30 or 60 days.");
            }
            // The server works the evidence out itself; a client's figures are never trusted.
            var report = await ReadinessReports.BuildAsync(db, firm, [.. pack.Topics.Select(t => t.Id)], pack.Policy.NeverAutonomousTopics,
                options.Value, days, now, ct, onlyTopic: topic);
            readiness = report.Topics.Single();
            if (!readiness.Eligible)
            {
                return AdminResult<TopicModeResponse>.Problem(StatusCodes.Status409Conflict, "not ready",
                    $"'{topic}' may not become autonomous yet: {string.Join(" ", readiness.Reasons.Select(r => r.Sentence))}", readiness);
            }
            db.AuditEvents.Add(AuditLog.Event("topic.mode_changed", actor, now, new
            {
                topic,
                before = before.ToWire(),
                after = mode.ToWire(),
                signedOffBy = body.Evidence?.SignedOffBy,
                note = body.Evidence?.Note,
                rule = report.Rule,
                window = new { days, from = report.From, to = report.To },
                readiness,
            }, firm));
        }
        else if (mode != before)
        {
            // Moving back needs no evidence, but the evidence at the time is kept: it is what the admin saw when deciding.
            var report = await ReadinessReports.BuildAsync(db, firm, [.. pack.Topics.Select(t => t.Id)], pack.Policy.NeverAutonomousTopics,
                options.Value, 60, now, ct, onlyTopic: topic);
            db.AuditEvents.Add(AuditLog.Event("topic.mode_changed", actor, now, new
            {
                topic,
                before = before.ToWire(),
                after = mode.ToWire(),
                note = body!.Evidence?.Note,
                readiness = report.Topics.SingleOrDefault(),
            }, firm));
        }
        if (mode < before)
        {
            // Moving back: autonomy is earned again only on drafts reviewed from now on.
            setting.ReadinessFrom = now;
        }
        setting.Mode = mode.ToWire();
        setting.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return AdminResult<TopicModeResponse>.Done(new TopicModeResponse(firm, topic, before.ToWire(), mode.ToWire(), readiness));
    }

    public async Task<AdminResult<KillSwitchResponse>> SetFirmKillSwitchAsync(string firm, bool? on, string actor, CancellationToken ct)
    {
        if (on is not { } value)
        {
            return AdminResult<KillSwitchResponse>.Problem(StatusCodes.Status400BadRequest, "on is required", "Send {\"on\": true} or {\"on\": false}.");
        }
        var row = await db.Firms.FirstAsync(f => f.Id == firm, ct);
        var before = row.KillSwitch;
        row.KillSwitch = value;
        db.AuditEvents.Add(AuditLog.Event("firm.kill_switch", actor, clock.GetUtcNow(), new { before, after = value }, firm));
        await db.SaveChangesAsync(ct);
        return AdminResult<KillSwitchResponse>.Done(new KillSwitchResponse(firm, null, before, value));
    }

    public async Task<AdminResult<KillSwitchResponse>> SetChannelKillSwitchAsync(string firm, string channel, bool? on, string actor, CancellationToken ct)
    {
        channel = channel.ToLowerInvariant();
        if (!Channels.Contains(channel))
        {
            return AdminResult<KillSwitchResponse>.Problem(StatusCodes.Status404NotFound, "channel not found", $"Channels are {string.Join(", ", Channels.Order(StringComparer.Ordinal))}.");
        }
        if (on is not { } value)
        {
            return AdminResult<KillSwitchResponse>.Problem(StatusCodes.Status400BadRequest, "on is required", "Send {\"on\": true} or {\"on\": false}.");
        }
        var row = await db.Firms.FirstAsync(f => f.Id == firm, ct);
        var killed = Json.Read<List<string>>(row.KillSwitchChannelsJson);
        var before = killed.Contains(channel);
        killed.Remove(channel);
        if (value)
        {
            killed.Add(channel);
        }
        row.KillSwitchChannelsJson = Json.Write(killed.Order(StringComparer.Ordinal).ToList());
        db.AuditEvents.Add(AuditLog.Event("channel.kill_switch", actor, clock.GetUtcNow(), new { channel, before, after = value }, firm));
        await db.SaveChangesAsync(ct);
        return AdminResult<KillSwitchResponse>.Done(new KillSwitchResponse(firm, channel, before, value));
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Rules.Routing;
using Tandem.Server.Access;
using Tandem.Server.Audit;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;
using Tandem.Server.Insights;

namespace Tandem.Server.Admin;

/// <summary>The owner's sign-off and the window the readiness evidence is taken over.</summary>
internal sealed record PromotionEvidence(int? Days, string? SignedOffBy, string? Note);

internal sealed record SetTopicModeRequest(string? Mode, PromotionEvidence? Evidence);

internal sealed record TopicModeResponse(string Firm, string Topic, string Before, string Mode, TopicReadiness? Readiness);

internal sealed record KillSwitchRequest(bool? On);

internal sealed record KillSwitchResponse(string Firm, string? Channel, bool Before, bool On);

internal sealed record TopicModeDto(string Topic, string Mode);

internal sealed record FirmControlsResponse(string Firm, bool KillSwitch, IReadOnlyList<string> KilledChannels, IReadOnlyList<TopicModeDto> Topics);

/// <summary>
/// Admin controls over what the assistant may do: topic modes and the kill switches. Every change is an
/// audit event with the before and after, in the same transaction as the change. The next turn reads
/// the database afresh, so a change applies from the very next customer message.
/// </summary>
internal static class AdminEndpoints
{
    public static readonly IReadOnlySet<string> Channels = new HashSet<string>(StringComparer.Ordinal) { "web", "api", "email" };

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/firms/{firm}").WithTags("Admin").RequireAuthorization(Policies.Admin);
        admin.MapGet("/controls", ControlsAsync).WithSummary("The firm's kill switch, the channels switched off, and each topic's mode.");
        admin.MapPut("/topics/{topic}/mode", SetModeAsync).WithSummary(
            "Set a topic's mode (human, copilot, autonomous). Promotion to autonomous is refused (409) for a never-autonomous topic or without readiness over the evidence window (30 or 60 days, default 60); the readiness report is stored in the audit event. Moving back is always allowed. Setting a topic to human is the per-topic kill switch.");
        admin.MapPut("/kill-switch", FirmKillSwitchAsync).WithSummary("Turn the firm's kill switch on or off: when on, every conversation of the firm goes to a person from the next message.");
        admin.MapPut("/channels/{channel}/kill-switch", ChannelKillSwitchAsync).WithSummary("Turn a channel's kill switch (web, api, email) on or off: when on, every conversation on that channel goes to a person from the next message.");
        return app;
    }

    private static async Task<Results<Ok<FirmControlsResponse>, ProblemHttpResult>> ControlsAsync(
        string firm, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var row = await db.Firms.AsNoTracking().FirstAsync(f => f.Id == firm, ct);
        var topics = await db.TopicSettings.AsNoTracking().Where(t => t.FirmId == firm).OrderBy(t => t.TopicId)
            .Select(t => new TopicModeDto(t.TopicId, t.Mode)).ToListAsync(ct);
        return TypedResults.Ok(new FirmControlsResponse(firm, row.KillSwitch, Json.Read<List<string>>(row.KillSwitchChannelsJson), topics));
    }

    private static async Task<Results<Ok<TopicModeResponse>, ProblemHttpResult>> SetModeAsync(
        string firm, string topic, SetTopicModeRequest? body, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db,
        TimeProvider clock, IOptions<ReadinessOptions> options, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        if (!ModeNames.TryParseMode(body?.Mode, out var mode))
        {
            return Problem(StatusCodes.Status400BadRequest, "mode is required", "Send {\"mode\": \"human\" | \"copilot\" | \"autonomous\"}.");
        }
        var setting = await db.TopicSettings.FirstOrDefaultAsync(t => t.FirmId == firm && t.TopicId == topic, ct);
        if (setting is null)
        {
            return Problem(StatusCodes.Status404NotFound, "topic not found", $"Firm '{firm}' has no topic '{topic}'.");
        }
        var pack = firms.Find(firm)!.Pack;
        var before = ModeNames.TryParseMode(setting.Mode, out var current) ? current : TopicMode.Copilot;
        var now = clock.GetUtcNow();
        TopicReadiness? readiness = null;
        if (mode == TopicMode.Autonomous && before != TopicMode.Autonomous)
        {
            if (pack.Policy.NeverAutonomousTopics.Contains(topic))
            {
                return Problem(StatusCodes.Status409Conflict, "never autonomous", $"The firm's policy says '{topic}' may never be autonomous.");
            }
            var days = body!.Evidence?.Days ?? 60;
            if (days is not (30 or 60))
            {
                return Problem(StatusCodes.Status400BadRequest, "days must be 30 or 60", "Readiness evidence is taken over the last 30 or 60 days.");
            }
            // The server works the evidence out itself; a client's figures are never trusted.
            var report = await ReadinessReports.BuildAsync(db, firm, [.. pack.Topics.Select(t => t.Id)], pack.Policy.NeverAutonomousTopics,
                options.Value, days, now, ct, onlyTopic: topic);
            readiness = report.Topics.Single();
            if (!readiness.Eligible)
            {
                var refused = TypedResults.Problem(title: "not ready", statusCode: StatusCodes.Status409Conflict,
                    detail: $"'{topic}' may not become autonomous yet: {string.Join(" ", readiness.Reasons.Select(r => r.Sentence))}",
                    extensions: new Dictionary<string, object?> { ["readiness"] = readiness });
                return refused;
            }
            db.AuditEvents.Add(AuditLog.Event("topic.mode_changed", user.ActorName(), now, new
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
            db.AuditEvents.Add(AuditLog.Event("topic.mode_changed", user.ActorName(), now, new { topic, before = before.ToWire(), after = mode.ToWire() }, firm));
        }
        if (mode < before)
        {
            // Moving back: autonomy is earned again only on drafts reviewed from now on.
            setting.ReadinessFrom = now;
        }
        setting.Mode = mode.ToWire();
        setting.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new TopicModeResponse(firm, topic, before.ToWire(), mode.ToWire(), readiness));
    }

    private static async Task<Results<Ok<KillSwitchResponse>, ProblemHttpResult>> FirmKillSwitchAsync(
        string firm, KillSwitchRequest? body, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        if (body?.On is not { } on)
        {
            return Problem(StatusCodes.Status400BadRequest, "on is required", "Send {\"on\": true} or {\"on\": false}.");
        }
        var row = await db.Firms.FirstAsync(f => f.Id == firm, ct);
        var before = row.KillSwitch;
        row.KillSwitch = on;
        var now = clock.GetUtcNow();
        db.AuditEvents.Add(AuditLog.Event("firm.kill_switch", user.ActorName(), now, new { before, after = on }, firm));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new KillSwitchResponse(firm, null, before, on));
    }

    private static async Task<Results<Ok<KillSwitchResponse>, ProblemHttpResult>> ChannelKillSwitchAsync(
        string firm, string channel, KillSwitchRequest? body, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        channel = channel.ToLowerInvariant();
        if (!Channels.Contains(channel))
        {
            return Problem(StatusCodes.Status404NotFound, "channel not found", $"Channels are {string.Join(", ", Channels.Order(StringComparer.Ordinal))}.");
        }
        if (body?.On is not { } on)
        {
            return Problem(StatusCodes.Status400BadRequest, "on is required", "Send {\"on\": true} or {\"on\": false}.");
        }
        var row = await db.Firms.FirstAsync(f => f.Id == firm, ct);
        var killed = Json.Read<List<string>>(row.KillSwitchChannelsJson);
        var before = killed.Contains(channel);
        killed.Remove(channel);
        if (on)
        {
            killed.Add(channel);
        }
        row.KillSwitchChannelsJson = Json.Write(killed.Order(StringComparer.Ordinal).ToList());
        var now = clock.GetUtcNow();
        db.AuditEvents.Add(AuditLog.Event("channel.kill_switch", user.ActorName(), now, new { channel, before, after = on }, firm));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new KillSwitchResponse(firm, channel, before, on));
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}

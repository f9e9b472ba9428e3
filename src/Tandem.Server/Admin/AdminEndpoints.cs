using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Server.Access;
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
        string firm, ClaimsPrincipal user, FirmRegistry firms, AdminControls controls, CancellationToken ct) =>
        InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem ? problem : TypedResults.Ok(await controls.ControlsAsync(firm, ct));

    private static async Task<Results<Ok<TopicModeResponse>, ProblemHttpResult>> SetModeAsync(
        string firm, string topic, SetTopicModeRequest? body, ClaimsPrincipal user, FirmRegistry firms, AdminControls controls, CancellationToken ct) =>
        InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem ? problem : ToHttp(await controls.SetModeAsync(firm, topic, body, user.ActorName(), ct));

    private static async Task<Results<Ok<KillSwitchResponse>, ProblemHttpResult>> FirmKillSwitchAsync(
        string firm, KillSwitchRequest? body, ClaimsPrincipal user, FirmRegistry firms, AdminControls controls, CancellationToken ct) =>
        InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem ? problem : ToHttp(await controls.SetFirmKillSwitchAsync(firm, body?.On, user.ActorName(), ct));

    private static async Task<Results<Ok<KillSwitchResponse>, ProblemHttpResult>> ChannelKillSwitchAsync(
        string firm, string channel, KillSwitchRequest? body, ClaimsPrincipal user, FirmRegistry firms, AdminControls controls, CancellationToken ct) =>
        InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem ? problem : ToHttp(await controls.SetChannelKillSwitchAsync(firm, channel, body?.On, user.ActorName(), ct));

    private static Results<Ok<T>, ProblemHttpResult> ToHttp<T>(AdminResult<T> result) =>
        result.Ok
            ? TypedResults.Ok(result.Value!)
            : TypedResults.Problem(title: result.Title, detail: result.Detail, statusCode: result.Status,
                extensions: result.Readiness is null ? null : new Dictionary<string, object?> { ["readiness"] = result.Readiness });
}

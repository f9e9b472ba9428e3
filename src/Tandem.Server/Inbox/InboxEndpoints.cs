using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Server.Access;
using Tandem.Server.Conversations;

namespace Tandem.Server.Inbox;

/// <param name="Critical">The agent marks a serious error: money wrongly refunded or promised, another customer's details, a promise outside policy.</param>
/// <param name="Version">The conversation's version the agent saw (from the inbox); when given and someone acted since, 409.</param>
internal sealed record EditDraftRequest(string? Text, bool? Critical = null, int? Version = null);

/// <param name="Critical">The agent marks a serious error: money wrongly refunded or promised, another customer's details, a promise outside policy.</param>
/// <param name="Version">The conversation's version the agent saw (from the inbox); when given and someone acted since, 409.</param>
internal sealed record RejectDraftRequest(string? Reason, bool? Critical = null, int? Version = null);

internal sealed record AgentReplyRequest(string? Text, int? Version = null);

internal static class InboxEndpoints
{
    public static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder app)
    {
        // Viewers may read the queue; only agents and admins may act on it, and only on their firm's drafts.
        var readers = app.MapGroup("/api/v1").WithTags("Inbox").RequireAuthorization(Policies.Reader);
        readers.MapGet("/inbox", QueueAsync).WithSummary(
            "Drafts waiting for review, proposed actions and conversations handed to a person, urgent first, then oldest first, each with the firm's review-time target and whether it is past it. `topic` and `signal` filter.");
        var staff = app.MapGroup("/api/v1").WithTags("Inbox").RequireAuthorization(Policies.Staff, Policies.ConversationAccess);
        staff.MapPost("/drafts/{draftId:guid}/approve", (Guid draftId, int? version, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.ApproveAsync(draftId, user.ActorName(), ct, version))).WithSummary(
            "Send the draft to the customer as written. `?version=` is the conversation version the agent saw: if anyone acted since, 409 naming who.");
        staff.MapPost("/drafts/{draftId:guid}/edit", (Guid draftId, EditDraftRequest? body, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.EditAsync(draftId, body?.Text, user.ActorName(), ct, body?.Critical ?? false, body?.Version))).WithSummary("Send an edited version of the draft; `critical: true` marks a serious error; `version` as for approve.");
        staff.MapPost("/drafts/{draftId:guid}/reject", (Guid draftId, RejectDraftRequest? body, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.RejectAsync(draftId, body?.Reason, user.ActorName(), ct, body?.Critical ?? false, body?.Version))).WithSummary("Reject the draft with a reason; the conversation becomes the agent's. `critical: true` marks a serious error; `version` as for approve.");

        var conversation = app.MapGroup("/api/v1/conversations/{id:guid}").WithTags("Inbox")
            .RequireAuthorization(Policies.Staff, Policies.ConversationAccess);
        conversation.MapGet("/inbox-view", ViewAsync).WithSummary(
            "The conversation as the inbox shows it: transcript, the verified customer (name, support needs), their recent orders, and the text of the passages the waiting draft cites.");
        conversation.MapPost("/takeover", (Guid id, int? version, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.TakeOverAsync(id, user.ActorName(), ct, version))).WithSummary("An agent takes the conversation over from the assistant; `?version=` as for approve.");
        conversation.MapPost("/reply", (Guid id, AgentReplyRequest? body, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.ReplyAsync(id, body?.Text, user.ActorName(), ct, body?.Version))).WithSummary("An agent writes to the customer.");
        conversation.MapPost("/resolve", (Guid id, int? version, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.ResolveAsync(id, user.ActorName(), ct, version))).WithSummary("Mark the conversation resolved; `?version=` as for approve.");
        return app;
    }

    private static async Task<Ok<List<InboxItem>>> QueueAsync(string? firm, string? topic, string? signal, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
        TypedResults.Ok(await inbox.QueueAsync(user, firm, ct, topic, signal));

    private static async Task<Results<Ok<InboxConversationView>, ProblemHttpResult>> ViewAsync(Guid id, InboxService inbox, CancellationToken ct) =>
        await inbox.ViewAsync(id, ct) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(title: "not found", detail: $"No conversation '{id}'.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ProblemHttpResult>> ToHttp(Task<InboxResult> action)
    {
        var result = await action;
        return result.Ok
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: result.Title, detail: result.Detail, statusCode: result.Status);
    }
}

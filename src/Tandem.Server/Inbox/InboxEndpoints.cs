using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Server.Access;
using Tandem.Server.Conversations;

namespace Tandem.Server.Inbox;

/// <param name="Critical">The agent marks a serious error: money wrongly refunded or promised, another customer's details, a promise outside policy.</param>
internal sealed record EditDraftRequest(string? Text, bool? Critical = null);

/// <param name="Critical">The agent marks a serious error: money wrongly refunded or promised, another customer's details, a promise outside policy.</param>
internal sealed record RejectDraftRequest(string? Reason, bool? Critical = null);

internal sealed record AgentReplyRequest(string? Text);

internal static class InboxEndpoints
{
    public static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder app)
    {
        // Viewers may read the queue; only agents and admins may act on it, and only on their firm's drafts.
        var readers = app.MapGroup("/api/v1").WithTags("Inbox").RequireAuthorization(Policies.Reader);
        readers.MapGet("/inbox", QueueAsync).WithSummary("Drafts waiting for review and conversations handed to a person, urgent first, then oldest first.");
        var staff = app.MapGroup("/api/v1").WithTags("Inbox").RequireAuthorization(Policies.Staff, Policies.ConversationAccess);
        staff.MapPost("/drafts/{draftId:guid}/approve", (Guid draftId, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.ApproveAsync(draftId, user.ActorName(), ct))).WithSummary("Send the draft to the customer as written.");
        staff.MapPost("/drafts/{draftId:guid}/edit", (Guid draftId, EditDraftRequest? body, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.EditAsync(draftId, body?.Text, user.ActorName(), ct, body?.Critical ?? false))).WithSummary("Send an edited version of the draft; `critical: true` marks a serious error.");
        staff.MapPost("/drafts/{draftId:guid}/reject", (Guid draftId, RejectDraftRequest? body, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.RejectAsync(draftId, body?.Reason, user.ActorName(), ct, body?.Critical ?? false))).WithSummary("Reject the draft with a reason; the conversation becomes the agent's. `critical: true` marks a serious error.");

        var conversation = app.MapGroup("/api/v1/conversations/{id:guid}").WithTags("Inbox")
            .RequireAuthorization(Policies.Staff, Policies.ConversationAccess);
        conversation.MapPost("/takeover", (Guid id, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.TakeOverAsync(id, user.ActorName(), ct))).WithSummary("An agent takes the conversation over from the assistant.");
        conversation.MapPost("/reply", (Guid id, AgentReplyRequest? body, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.ReplyAsync(id, body?.Text, user.ActorName(), ct))).WithSummary("An agent writes to the customer.");
        conversation.MapPost("/resolve", (Guid id, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
            ToHttp(inbox.ResolveAsync(id, user.ActorName(), ct))).WithSummary("Mark the conversation resolved.");
        return app;
    }

    private static async Task<Ok<List<InboxItem>>> QueueAsync(string? firm, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
        TypedResults.Ok(await inbox.QueueAsync(user, firm, ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> ToHttp(Task<InboxResult> action)
    {
        var result = await action;
        return result.Ok
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: result.Title, detail: result.Detail, statusCode: result.Status);
    }
}

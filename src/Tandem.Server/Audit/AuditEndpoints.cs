using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Server.Conversations;
using Tandem.Server.Insights;

namespace Tandem.Server.Audit;

internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(InsightsPolicies.Reader);
        audit.MapGet("/conversations/{id:guid}", TrailAsync).WithSummary(
            "A conversation's audit trail: its events grouped by turn (what the customer wrote, understanding, retrieval with source versions, tool calls, the guard, the decision and its reasons, what was sent or drafted, and people's approvals, edits and rejections), payloads replaced by an erasure named as such, and the whole chain's verification (intact, or the first broken sequence).");
        return app;
    }

    private static async Task<Results<Ok<ConversationTrail>, ProblemHttpResult>> TrailAsync(Guid id, ClaimsPrincipal user, AuditTrails trails, CancellationToken ct) =>
        await trails.LoadAsync(id, user, ct) is { } trail
            ? TypedResults.Ok(trail)
            : Problems.NotFound("conversation not found", $"No conversation {id} is visible to you.");
}

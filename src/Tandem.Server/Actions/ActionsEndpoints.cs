using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Data.Actions;
using Tandem.Rules.Routing;
using Tandem.Server.Access;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;
using Tandem.Server.Identity;

namespace Tandem.Server.Actions;

/// <param name="Caller">agent (default): the agent acts, and is the approver. procedure or llm: the call is made as the assistant would make it, so the topic's mode and the firm's limits apply.</param>
/// <param name="MessageId">Instead of an idempotency key: the customer message the call answers; the key is then the one a turn would use (ActionKeys.ForTurn).</param>
internal sealed record RunActionRequest(string? Tool, JsonElement? Arguments, string? Topic, string? IdempotencyKey, Guid? MessageId, string? Caller);

internal sealed record ActionOutcomeDto(string Status, string Reason, string CustomerMessage, JsonElement? Result, Guid? ActionId, bool Replayed)
{
    public static ActionOutcomeDto From(ActionOutcome o) =>
        new(o.Status.ToString().ToLowerInvariant(), o.Reason, o.CustomerMessage, o.Result, o.ProposalId, o.Replayed);
}

internal sealed record ActionCallDto(Guid Id, string Tool, string Status, string Reason, JsonElement Arguments, JsonElement? Result, IReadOnlyList<string> ProposalReasons,
    string Caller, string Actor, string? Topic, DateTimeOffset CreatedAt, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    public static ActionCallDto From(ActionCall a) => new(a.Id, a.Tool, a.Status, a.Reason, JsonDocument.Parse(a.ArgumentsJson).RootElement.Clone(),
        a.ResultJson is null ? null : JsonDocument.Parse(a.ResultJson).RootElement.Clone(), Json.Read<List<string>>(a.ProposalReasonsJson),
        a.Caller, a.Actor, a.Topic, a.CreatedAt, a.DecidedBy, a.DecidedAt);
}

internal sealed record RejectActionRequest(string? Reason);

internal sealed record VerifyCustomerRequest(string? Email, string? OrderNumber);

/// <param name="AttemptsLeft">Attempts that may still fail before the conversation goes to a person.</param>
internal sealed record VerifyCustomerResponse(bool Verified, string Message, int AttemptsLeft, bool HandedOff);

internal static class ActionsEndpoints
{
    public static IEndpointRouteBuilder MapActionsEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1/conversations/{id:guid}").WithTags("Actions")
            .RequireAuthorization(Policies.Staff, Policies.ConversationAccess);
        staff.MapPost("/actions", RunAsync)
            .WithSummary("Call a tool through the action gateway for this conversation's customer (agents; caller=procedure to act as the assistant would).");
        staff.MapGet("/actions", ListAsync).WithSummary("The conversation's state-changing tool calls: proposed, executed, rejected.");
        staff.MapPost("/actions/{actionId:guid}/approve", ApproveAsync)
            .WithSummary("Approve a proposed action: it runs once, with the agent as actor, however often it is approved.");
        staff.MapPost("/actions/{actionId:guid}/reject", RejectAsync).WithSummary("Refuse a proposed action with a reason; nothing runs.");

        var customer = app.MapGroup("/api/v1/conversations/{id:guid}").WithTags("Actions")
            .RequireAuthorization(Policies.ConversationCustomer);
        customer.MapPost("/verify", VerifyAsync)
            .WithSummary("The customer proves who they are with the e-mail address and order number of one order; after too many mismatches a person takes over.");
        return app;
    }

    private static async Task<Results<Ok<ActionOutcomeDto>, ProblemHttpResult>> RunAsync(Guid id, RunActionRequest? body, ClaimsPrincipal user,
        TandemDbContext db, ActionGateway gateway, CancellationToken ct)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Tool))
        {
            return Problems.BadRequest("tool is required", "Send {\"tool\":\"get_order\",\"arguments\":{\"order_number\":\"HH-2026-004512\"}}.");
        }
        var caller = (body.Caller ?? "agent").Trim().ToLowerInvariant() switch
        {
            "agent" => ActionCaller.Agent,
            "procedure" => ActionCaller.Procedure,
            "llm" => ActionCaller.Llm,
            _ => (ActionCaller?)null,
        };
        if (caller is null)
        {
            return Problems.BadRequest("unknown caller", $"caller must be agent, procedure or llm, not '{body.Caller}'.");
        }
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return Problems.NotFound("conversation not found", $"No conversation '{id}'.");
        }
        var mode = TopicMode.Copilot;
        if (body.Topic is { Length: > 0 } topic)
        {
            var setting = await db.TopicSettings.AsNoTracking().FirstOrDefaultAsync(t => t.FirmId == conversation.FirmId && t.TopicId == topic, ct);
            if (setting is null)
            {
                return Problems.BadRequest("unknown topic", $"Firm '{conversation.FirmId}' has no topic '{topic}'.");
            }
            mode = ModeNames.TryParseMode(setting.Mode, out var m) ? m : TopicMode.Copilot;
        }
        else if (caller != ActionCaller.Agent)
        {
            return Problems.BadRequest("topic is required", "The assistant calls a tool for a topic: send topic, e.g. \"refunds\".");
        }
        var arguments = body.Arguments is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } a ? a : JsonDocument.Parse("{}").RootElement.Clone();
        var key = body.IdempotencyKey is { Length: > 0 } k ? k.Trim()
            : body.MessageId is { } messageId ? ActionKeys.ForTurn(messageId, body.Tool.Trim(), arguments)
            : null;
        if (key is { Length: > 200 })
        {
            return Problems.BadRequest("idempotencyKey is too long", "Keep the idempotency key to 200 characters.");
        }
        var outcome = await gateway.RunAsync(new ActionRequest
        {
            FirmId = conversation.FirmId,
            ConversationId = conversation.Id,
            Customer = CustomerIdentities.Of(conversation),
            Topic = body.Topic,
            Mode = mode,
            Tool = body.Tool.Trim(),
            Arguments = arguments,
            IdempotencyKey = key,
            Caller = caller.Value,
            Actor = caller == ActionCaller.Agent ? user.ActorName() : "system",
        }, ct);
        return TypedResults.Ok(ActionOutcomeDto.From(outcome));
    }

    private static async Task<Ok<List<ActionCallDto>>> ListAsync(Guid id, TandemDbContext db, CancellationToken ct)
    {
        var calls = await db.ActionCalls.AsNoTracking().Where(a => a.ConversationId == id).ToListAsync(ct);
        return TypedResults.Ok(calls.OrderBy(a => a.CreatedAt).Select(ActionCallDto.From).ToList());
    }

    private static async Task<Results<Ok<ActionOutcomeDto>, ProblemHttpResult>> ApproveAsync(Guid id, Guid actionId, ClaimsPrincipal user,
        TandemDbContext db, ActionGateway gateway, CancellationToken ct)
    {
        if (!await db.ActionCalls.AnyAsync(a => a.Id == actionId && a.ConversationId == id, ct))
        {
            return Problems.NotFound("action not found", $"No action '{actionId}' on conversation '{id}'.");
        }
        var outcome = await gateway.ApproveAsync(actionId, user.ActorName(), ct);
        return outcome is null
            ? Problems.NotFound("action not found", $"No action '{actionId}'.")
            : TypedResults.Ok(ActionOutcomeDto.From(outcome));
    }

    private static async Task<Results<Ok<ActionOutcomeDto>, ProblemHttpResult>> RejectAsync(Guid id, Guid actionId, RejectActionRequest? body, ClaimsPrincipal user,
        TandemDbContext db, ActionGateway gateway, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Reason))
        {
            return Problems.BadRequest("reason is required", "Say in a line why the action is refused, e.g. \"the return has not arrived\".");
        }
        if (!await db.ActionCalls.AnyAsync(a => a.Id == actionId && a.ConversationId == id, ct))
        {
            return Problems.NotFound("action not found", $"No action '{actionId}' on conversation '{id}'.");
        }
        var outcome = await gateway.RefuseAsync(actionId, user.ActorName(), body.Reason.Trim(), ct);
        return outcome is null
            ? Problems.NotFound("action not found", $"No action '{actionId}'.")
            : TypedResults.Ok(ActionOutcomeDto.From(outcome));
    }

    private static async Task<Results<Ok<VerifyCustomerResponse>, ProblemHttpResult>> VerifyAsync(Guid id, VerifyCustomerRequest? body, TandemDbContext db,
        FirmRegistry firms, Handoffs handoffs, IOptions<ActionsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Email) || string.IsNullOrWhiteSpace(body.OrderNumber))
        {
            return Problems.BadRequest("email and orderNumber are required", "Send {\"email\":\"you@example.com\",\"orderNumber\":\"HH-2026-004512\"}.");
        }
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return Problems.NotFound("conversation not found", $"No conversation '{id}'.");
        }
        var now = clock.GetUtcNow();
        var result = await CustomerIdentities.VerifyInChatAsync(db, conversation, body.Email, body.OrderNumber, options.Value.MaxVerificationAttempts, "customer", now, ct);
        var handedOff = false;
        Data.Conversations.Message? told = null;
        if (result.Exhausted && conversation.Status != Data.Conversations.ConversationStatus.HandedOff && firms.Find(conversation.FirmId) is { } firm)
        {
            told = handoffs.Stage(db, conversation, firm, null, ["verification_failed"], urgent: false, "system");
            handedOff = true;
        }
        await db.SaveChangesAsync(ct);
        if (told is not null)
        {
            handoffs.Announce(conversation, told);
        }
        return TypedResults.Ok(new VerifyCustomerResponse(result.Verified, result.Message, result.AttemptsLeft, handedOff || conversation.Status == Data.Conversations.ConversationStatus.HandedOff && result.Exhausted));
    }
}

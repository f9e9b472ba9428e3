using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Server.Access;
using Tandem.Server.Audit;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;
using Tandem.Server.Realtime;

namespace Tandem.Server.Intake;

internal sealed record PostMessageRequest(string? Text, string? ClientMessageId);

internal sealed record AcceptedMessageResponse(Guid Id);

/// <summary>
/// Stage 1 of the turn: store the customer's message and its pending turn durably, in one
/// transaction, before anything else happens; then acknowledge. Processing is asynchronous.
/// </summary>
internal static class IntakeEndpoints
{
    public const int MaxTextLength = 4000;
    public const int MaxClientMessageIdLength = 128;

    public static IEndpointRouteBuilder MapIntakeEndpoints(this IEndpointRouteBuilder app)
    {
        var customer = app.MapGroup("/api/v1/conversations/{id}").WithTags("Conversations")
            .RequireAuthorization(Policies.ConversationCustomer);
        customer.MapPost("/messages", PostMessageAsync)
            .WithSummary("Send a customer message. The same clientMessageId again returns the same id and stores nothing new.");
        customer.MapPost("/handoff", RequestPersonAsync)
            .WithSummary("The customer asks for a person: the conversation is handed off at once.");
        return app;
    }

    private static async Task<Results<Accepted<AcceptedMessageResponse>, ProblemHttpResult>> PostMessageAsync(
        string id, PostMessageRequest? request, TandemDbContext db, TurnQueue queue, TimeProvider clock, ConversationEvents events, CancellationToken ct)
    {
        if (request is null)
        {
            return Problems.BadRequest("body is required", "Send JSON {\"text\":\"...\",\"clientMessageId\":\"...\"}.");
        }
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            return Problems.BadRequest("text is required", "The message body needs a non-empty \"text\" string.");
        }
        if (request.Text.Length > MaxTextLength)
        {
            return Problems.BadRequest("text is too long", $"A message may have at most {MaxTextLength} characters; this one has {request.Text.Length}.");
        }
        if (request.ClientMessageId is { Length: > MaxClientMessageIdLength })
        {
            return Problems.BadRequest("clientMessageId is too long", $"clientMessageId may have at most {MaxClientMessageIdLength} characters.");
        }
        if (!Guid.TryParse(id, out var conversationId))
        {
            return Problems.NotFound("conversation not found", $"No conversation '{id}'.");
        }
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        if (conversation is null)
        {
            return Problems.NotFound("conversation not found", $"No conversation '{id}'.");
        }
        var clientId = string.IsNullOrWhiteSpace(request.ClientMessageId) ? null : request.ClientMessageId.Trim();
        if (clientId is not null && await ExistingAsync(db, conversationId, clientId, ct) is { } existing)
        {
            return TypedResults.Accepted($"/api/v1/conversations/{id}/messages", new AcceptedMessageResponse(existing));
        }

        var now = clock.GetUtcNow();
        var message = new Message
        {
            Id = Guid.NewGuid(),
            ConversationId = conversationId,
            Author = Authors.Customer,
            Text = request.Text.Trim(),
            ClientMessageId = clientId,
            CreatedAt = now,
        };
        var turn = new Turn
        {
            Id = Guid.NewGuid(),
            ConversationId = conversationId,
            MessageId = message.Id,
            FirmId = conversation.FirmId,
            Status = TurnStatus.Pending,
            CreatedAt = now,
        };
        message.TurnId = turn.Id;
        db.Messages.Add(message);
        db.Turns.Add(turn);
        if (conversation.Status == ConversationStatus.Resolved)
        {
            // A customer writing again reopens the conversation.
            conversation.Status = ConversationStatus.Open;
            conversation.ResolvedAt = null;
        }
        conversation.UpdatedAt = now;
        db.AuditEvents.Add(AuditLog.Event("turn.intake", "customer", now,
            new { messageId = message.Id, clientMessageId = clientId, text = message.Text }, conversation.FirmId, conversationId, turn.Id));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (clientId is not null)
        {
            // The same clientMessageId raced in on another request; the unique index kept one.
            db.ChangeTracker.Clear();
            if (await ExistingAsync(db, conversationId, clientId, ct) is { } raced)
            {
                return TypedResults.Accepted($"/api/v1/conversations/{id}/messages", new AcceptedMessageResponse(raced));
            }
            throw;
        }
        queue.Enqueue(turn.Id);
        events.Publish(new ConversationEvent("message", conversationId, conversation.FirmId, MessageDto.From(message)));
        return TypedResults.Accepted($"/api/v1/conversations/{id}/messages", new AcceptedMessageResponse(message.Id));
    }

    private static Task<Guid?> ExistingAsync(TandemDbContext db, Guid conversationId, string clientId, CancellationToken ct) =>
        db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.ClientMessageId == clientId)
            .Select(m => (Guid?)m.Id)
            .FirstOrDefaultAsync(ct);

    private static async Task<Results<Accepted, ProblemHttpResult>> RequestPersonAsync(
        string id, TandemDbContext db, FirmRegistry firms, Handoffs handoffs, CancellationToken ct)
    {
        var conversation = Guid.TryParse(id, out var conversationId)
            ? await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId, ct)
            : null;
        if (conversation is null)
        {
            return Problems.NotFound("conversation not found", $"No conversation '{id}'.");
        }
        var firm = firms.Find(conversation.FirmId);
        if (firm is null)
        {
            return Problems.NotFound("unknown firm", $"Firm '{conversation.FirmId}' is not loaded on this server.");
        }
        await handoffs.HandOffAsync(db, conversation, firm, null, ["customer_request"], urgent: false, "customer", ct);
        return TypedResults.Accepted($"/api/v1/conversations/{id}");
    }
}

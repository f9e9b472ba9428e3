using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Server.Access;
using Tandem.Server.Audit;
using Tandem.Server.Firms;
using Tandem.Server.Identity;
using Tandem.Server.Realtime;

namespace Tandem.Server.Conversations;

internal static class ConversationsEndpoints
{
    /// <summary>Configuration section holding each firm's customer-token secret by firm id.</summary>
    public const string IdentitySecretsSection = "Tandem:IdentitySecrets";

    public static IEndpointRouteBuilder MapConversationsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Conversations");
        api.MapPost("/conversations", StartAsync).AllowAnonymous()
            .WithSummary("Start a conversation; the returned accessToken authorises the customer's later calls.");
        api.MapGet("/firms/{firm}/widget", WidgetSettings).AllowAnonymous()
            .WithSummary("What the widget shows before the first message: the firm's name, AI disclosure and privacy notice.");

        var conversation = api.MapGroup("/conversations/{id}").RequireAuthorization(Policies.ConversationAccess);
        conversation.MapGet("/messages", ListMessagesAsync).WithSummary("The conversation's messages, oldest first.");
        conversation.MapGet("/events", StreamEventsAsync).WithSummary("Server-sent events: new messages and status changes.");

        var staff = api.MapGroup("/conversations/{id}").RequireAuthorization(Policies.Reader, Policies.ConversationAccess);
        staff.MapGet("/turns", ListTurnsAsync).WithSummary("Every turn of the conversation with its understanding, evidence, decision and reasons (staff).");
        staff.MapGet("", GetAsync).WithSummary("The conversation with its status (staff).");
        return app;
    }

    private static async Task<Results<Created<StartConversationResponse>, ProblemHttpResult>> StartAsync(
        StartConversationRequest? request, FirmRegistry firms, TandemDbContext db, TimeProvider clock, IConfiguration configuration, CancellationToken ct)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Firm))
        {
            return Problems.BadRequest("firm is required", "Send {\"firm\":\"<firm id>\"}, e.g. {\"firm\":\"harbour-home\"}.");
        }
        var firm = firms.Find(request.Firm);
        if (firm is null)
        {
            return Problems.NotFound("unknown firm", $"No firm '{request.Firm}' is served here. Known firms: {string.Join(", ", firms.All.Select(f => f.Pack.Id))}.");
        }
        var now = clock.GetUtcNow();
        TokenCheck? identity = null;
        if (request.Customer?.Token is { Length: > 0 } customerToken)
        {
            // The secret lives in configuration, never in the pack (docs/identity.md).
            var secret = configuration[$"{IdentitySecretsSection}:{firm.Pack.Id}"];
            if (string.IsNullOrEmpty(secret))
            {
                return Problems.BadRequest("customer identity tokens are not enabled",
                    $"Firm '{firm.Pack.Id}' has no customer-token secret configured ({IdentitySecretsSection}:{firm.Pack.Id}), so customer.token cannot be verified. Start the conversation without it.");
            }
            identity = CustomerTokens.Check(customerToken, secret, firm.Pack.Id, now);
            switch (identity.Problem)
            {
                case TokenProblem.Malformed:
                    return Problems.BadRequest("customer token is malformed",
                        "customer.token must be base64url(payload).base64url(HMAC-SHA256(secret, base64url(payload))) with payload {\"sub\",\"exp\",\"firm\"}; see docs/identity.md.");
                case TokenProblem.BadSignature:
                    return Problems.Unauthorized("customer token signature is invalid", "customer.token was not signed with this firm's identity secret.");
                case TokenProblem.WrongFirm:
                    return Problems.Unauthorized("customer token is for another firm", $"customer.token was issued for a different firm, not '{firm.Pack.Id}'.");
                case TokenProblem.Expired:
                    return Problems.Unauthorized("customer token has expired", $"customer.token expired at {identity.Expires:O}; ask the website for a fresh one.");
            }
        }
        var channel = string.IsNullOrWhiteSpace(request.Channel) ? "web" : request.Channel.Trim().ToLowerInvariant();
        if (channel is not ("web" or "api" or "email"))
        {
            return Problems.BadRequest("unknown channel", $"channel must be web, api or email, not '{request.Channel}'.");
        }
        var token = ApiKeys.NewSecret("tdc_");
        var entity = new Conversation
        {
            Id = Guid.NewGuid(),
            FirmId = firm.Pack.Id,
            Channel = channel,
            Status = ConversationStatus.Open,
            AccessTokenHash = ApiKeys.Hash(token),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Conversations.Add(entity);
        db.AuditEvents.Add(AuditLog.Event("conversation.started", "customer", now,
            new { channel, aiDisclosure = firm.Pack.Profile.AiDisclosure }, firm.Pack.Id, entity.Id));
        if (identity is { Valid: true, CustomerId: { } customerId })
        {
            CustomerIdentities.SetFromToken(db, entity, customerId, identity.Expires!.Value, now);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/conversations/{entity.Id}", new StartConversationResponse(entity.Id, token));
    }

    private static Results<Ok<WidgetSettingsResponse>, ProblemHttpResult> WidgetSettings(string firm, FirmRegistry firms)
    {
        var loaded = firms.Find(firm);
        return loaded is null
            ? Problems.NotFound("unknown firm", $"No firm '{firm}' is served here.")
            : TypedResults.Ok(new WidgetSettingsResponse(loaded.Pack.Id, loaded.Pack.Name, loaded.Pack.Profile.AiDisclosure, loaded.Pack.Profile.PrivacyNoticeUrl));
    }

    private static async Task<Results<Ok<List<MessageDto>>, ProblemHttpResult>> ListMessagesAsync(string id, TandemDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var conversationId) || !await db.Conversations.AnyAsync(c => c.Id == conversationId, ct))
        {
            return Problems.NotFound("conversation not found", $"No conversation '{id}'.");
        }
        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(messages.Select(MessageDto.From).ToList());
    }

    private static async Task<Results<Ok<List<TurnDto>>, ProblemHttpResult>> ListTurnsAsync(string id, TandemDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var conversationId) || !await db.Conversations.AnyAsync(c => c.Id == conversationId, ct))
        {
            return Problems.NotFound("conversation not found", $"No conversation '{id}'.");
        }
        var turns = await db.Turns.AsNoTracking().Where(t => t.ConversationId == conversationId).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(turns.Select(TurnDto.From).ToList());
    }

    private static async Task<Results<Ok<ConversationDto>, ProblemHttpResult>> GetAsync(string id, TandemDbContext db, CancellationToken ct)
    {
        var conversation = Guid.TryParse(id, out var conversationId)
            ? await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, ct)
            : null;
        return conversation is null
            ? Problems.NotFound("conversation not found", $"No conversation '{id}'.")
            : TypedResults.Ok(ConversationDto.From(conversation));
    }

    /// <summary>
    /// Live updates for the widget. The client re-reads the message list after connecting, so
    /// anything published before the stream opened is not lost.
    /// </summary>
    private static async Task StreamEventsAsync(string id, HttpContext http, ConversationEvents events, TandemDbContext db,
        IHostApplicationLifetime lifetime, CancellationToken requestAborted)
    {
        // A stream stays open until the customer leaves; end it when the server stops, too, so a
        // shutdown is not held up waiting for open widgets.
        using var both = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var ct = both.Token;
        var status = Guid.TryParse(id, out var conversationId)
            ? await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).Select(c => c.Status).FirstOrDefaultAsync(ct)
            : null;
        if (status is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = events.Subscribe(out var reader);
        // The current status first, so a reloaded page knows at once whether a person has the conversation.
        await http.Response.WriteAsync($": connected\n\nevent: status\ndata: {JsonSerializer.Serialize(new { status }, AuditLog.Json)}\n\n", ct);
        // Then the sentences already released of a reply still being written (the widget places them by
        // index, so one that also arrives through the subscription is shown once).
        foreach (var delta in events.InFlight(conversationId).Where(e => e.Type == "delta"))
        {
            await http.Response.WriteAsync($"event: delta\ndata: {JsonSerializer.Serialize(delta.Data, AuditLog.Json)}\n\n", ct);
        }
        await http.Response.Body.FlushAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                heartbeat.CancelAfter(TimeSpan.FromSeconds(15));
                ConversationEvent? e = null;
                try
                {
                    e = await reader.ReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                    continue;
                }
                if (e.ConversationId != conversationId || e.Type is not ("message" or "status" or "delta" or "retract"))
                {
                    continue;
                }
                await http.Response.WriteAsync($"event: {e.Type}\ndata: {JsonSerializer.Serialize(e.Data, AuditLog.Json)}\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The customer closed the page.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // Shutting down.
        }
    }
}

internal sealed record WidgetSettingsResponse(string Firm, string Name, string AiDisclosure, string? PrivacyNoticeUrl);

internal sealed record ConversationDto(Guid Id, string Firm, string Channel, string Status, string? Language, string? AssignedTo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static ConversationDto From(Conversation c) => new(c.Id, c.FirmId, c.Channel, c.Status, c.Language, c.AssignedTo, c.CreatedAt, c.UpdatedAt, c.Version);
}

internal static class Problems
{
    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static ProblemHttpResult Unauthorized(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status401Unauthorized);

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult Forbidden(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status403Forbidden);
}

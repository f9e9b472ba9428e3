using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Privacy;
using Tandem.Server.Access;
using Tandem.Server.Audit;
using Tandem.Server.Firms;
using Tandem.Server.Insights;

namespace Tandem.Server.Privacy;

internal sealed record CreatePrivacyRequest(string? Firm, string? Customer, string? Kind);

internal sealed record ExtendPrivacyRequest(int? Months, string? Reason);

internal sealed record ErasePrivacyRequest(string? Reason);

internal sealed record PlaceLegalHoldRequest(string? Firm, string? Customer, Guid? ConversationId, string? Reason);

internal sealed record LegalHoldView(Guid Id, string Firm, string? Customer, Guid? ConversationId, string Reason, string PlacedBy, DateTimeOffset PlacedAt, DateTimeOffset? LiftedAt);

/// <summary>
/// Data-subject requests for admins: record one (access or erasure) with its one-month clock, extend
/// it, answer it with an export or an erasure, and place or lift legal holds. The console's download
/// links use the same handlers under /admin/privacy/files (the staff cookie).
/// </summary>
internal static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/privacy").WithTags("Privacy").RequireAuthorization(Policies.Admin);
        api.MapPost("/requests", CreateAsync).WithSummary("Record a data-subject request: {firm, customer (id or e-mail), kind: access | erasure}. Due one calendar month after receipt (ICO).");
        api.MapGet("/requests", ListAsync).WithSummary("The firm's requests with their clocks: due date, extension, deadline, overdue.");
        api.MapGet("/requests/{id:guid}", GetAsync).WithSummary("One request.");
        api.MapPost("/requests/{id:guid}/extend", ExtendAsync).WithSummary("Extend by one or two further months for a complex or numerous request, with the reason (within the first month).");
        api.MapGet("/requests/{id:guid}/export", ExportAsync).WithSummary("Everything held about the person (JSON, or ?format=html for the printable summary); completes an access request.");
        api.MapPost("/requests/{id:guid}/erase", EraseAsync).WithSummary("Erase the person of an erasure request everywhere except what a legal hold keeps; returns the erasure certificate.");
        api.MapGet("/requests/{id:guid}/certificate", CertificateAsync).WithSummary("The erasure certificate (JSON, or ?format=html).");
        api.MapPost("/holds", PlaceHoldAsync).WithSummary("Place a legal hold on a customer (id or e-mail) or a conversation, with the reason: erasure keeps what it covers.");
        api.MapGet("/holds", ListHoldsAsync).WithSummary("The firm's legal holds.");
        api.MapPost("/holds/{id:guid}/lift", LiftHoldAsync).WithSummary("Lift a legal hold.");

        // The console's downloads: same handlers, reached with the staff cookie (paths outside /api).
        var files = app.MapGroup("/admin/privacy/files").RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        files.MapGet("/{id:guid}/export", ExportAsync);
        files.MapGet("/{id:guid}/certificate", CertificateAsync);
        return app;
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    private static async Task<Results<Created<PrivacyRequestView>, ProblemHttpResult>> CreateAsync(
        CreatePrivacyRequest? body, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(body?.Firm, user, firms) is { } problem)
        {
            return problem;
        }
        if (string.IsNullOrWhiteSpace(body!.Customer) || body.Customer.Trim().Length > 320)
        {
            return Problem(StatusCodes.Status400BadRequest, "customer is required", "Name the person by their customer id (C-10001) or e-mail address (at most 320 characters).");
        }
        if (body.Kind is not (PrivacyRequestKind.Access or PrivacyRequestKind.Erasure))
        {
            return Problem(StatusCodes.Status400BadRequest, "kind must be access or erasure", "Send \"kind\": \"access\" (a copy of their data) or \"erasure\" (delete it).");
        }
        var now = clock.GetUtcNow();
        var request = await PrivacyRequests.CreateAsync(db, body.Firm!, body.Kind, body.Customer, user.ActorName(), now, ct);
        return TypedResults.Created($"/api/v1/privacy/requests/{request.Id}", PrivacyRequests.View(request, now));
    }

    private static async Task<Results<Ok<List<PrivacyRequestView>>, ProblemHttpResult>> ListAsync(
        string? firm, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var now = clock.GetUtcNow();
        return TypedResults.Ok((await PrivacyRequests.ListAsync(db, firm!, ct)).Select(r => PrivacyRequests.View(r, now)).ToList());
    }

    private static async Task<PrivacyRequest?> FindAsync(TandemDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var request = await db.PrivacyRequests.FirstOrDefaultAsync(r => r.Id == id, ct);
        return request is not null && user.CanSeeFirm(request.FirmId) ? request : null;
    }

    private static ProblemHttpResult NotFound(Guid id) => Problem(StatusCodes.Status404NotFound, "request not found", $"No privacy request {id}.");

    private static async Task<Results<Ok<PrivacyRequestView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, TandemDbContext db, TimeProvider clock, CancellationToken ct) =>
        await FindAsync(db, id, user, ct) is { } r ? TypedResults.Ok(PrivacyRequests.View(r, clock.GetUtcNow())) : NotFound(id);

    private static async Task<Results<Ok<PrivacyRequestView>, ProblemHttpResult>> ExtendAsync(
        Guid id, ExtendPrivacyRequest? body, ClaimsPrincipal user, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, user, ct) is not { } request)
        {
            return NotFound(id);
        }
        if (body?.Months is not { } months)
        {
            return Problem(StatusCodes.Status400BadRequest, "months is required", "Send {\"months\": 1 or 2, \"reason\": \"why the request is complex or numerous\"}.");
        }
        var now = clock.GetUtcNow();
        if (await PrivacyRequests.ExtendAsync(db, request, months, body.Reason, user.ActorName(), now, ct) is { } refusal)
        {
            return Problem(months is < 1 or > 2 || string.IsNullOrWhiteSpace(body.Reason) ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict,
                "cannot extend", refusal);
        }
        return TypedResults.Ok(PrivacyRequests.View(request, now));
    }

    private static async Task<Results<Ok<JsonObject>, ContentHttpResult, ProblemHttpResult>> ExportAsync(
        Guid id, string? format, ClaimsPrincipal user, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, user, ct) is not { } request)
        {
            return NotFound(id);
        }
        if (request.Kind != PrivacyRequestKind.Access)
        {
            return Problem(StatusCodes.Status409Conflict, "not an access request", "Only an access request is answered with an export; an erasure request is answered with POST …/erase.");
        }
        var export = await PrivacyRequests.ExportAsync(db, request, user.ActorName(), clock.GetUtcNow(), ct);
        return format == "html" ? TypedResults.Content(SubjectAccessExport.Html(export), "text/html; charset=utf-8") : TypedResults.Ok(export);
    }

    private static async Task<Results<Ok<ErasureCertificate>, ProblemHttpResult>> EraseAsync(
        Guid id, ErasePrivacyRequest? body, ClaimsPrincipal user, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, user, ct) is not { } request)
        {
            return NotFound(id);
        }
        if (request.Kind != PrivacyRequestKind.Erasure)
        {
            return Problem(StatusCodes.Status409Conflict, "not an erasure request", "Record an erasure request (kind: erasure) to erase the person.");
        }
        if (request.CompletedAt is not null)
        {
            return Problem(StatusCodes.Status409Conflict, "already erased", $"This request was completed by {request.ErasureId}.");
        }
        var subject = await SubjectFinder.FindAsync(db, request.FirmId, request.Subject, ct);
        var certificate = await Erasure.RunAsync(db, subject, user.ActorName(), body?.Reason, request.Id, clock.GetUtcNow(), ct);
        return TypedResults.Ok(certificate);
    }

    private static async Task<Results<Ok<ErasureCertificate>, ContentHttpResult, ProblemHttpResult>> CertificateAsync(
        Guid id, string? format, ClaimsPrincipal user, TandemDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, id, user, ct) is not { } request)
        {
            return NotFound(id);
        }
        if (request.ResultJson is null || request.Kind != PrivacyRequestKind.Erasure)
        {
            return Problem(StatusCodes.Status404NotFound, "no certificate", "The request has not been answered by an erasure.");
        }
        var certificate = JsonSerializer.Deserialize<ErasureCertificate>(request.ResultJson, AuditLog.Json)!;
        return format == "html" ? TypedResults.Content(Erasure.Html(certificate), "text/html; charset=utf-8") : TypedResults.Ok(certificate);
    }

    private static LegalHoldView View(LegalHold h) => new(h.Id, h.FirmId, h.CustomerKey, h.ConversationId, h.Reason, h.PlacedBy, h.PlacedAt, h.LiftedAt);

    private static async Task<Results<Created<LegalHoldView>, ProblemHttpResult>> PlaceHoldAsync(
        PlaceLegalHoldRequest? body, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(body?.Firm, user, firms) is { } problem)
        {
            return problem;
        }
        if (string.IsNullOrWhiteSpace(body!.Customer) == (body.ConversationId is null))
        {
            return Problem(StatusCodes.Status400BadRequest, "customer or conversationId", "A hold covers either a customer (id or e-mail) or one conversation: send exactly one of them.");
        }
        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Problem(StatusCodes.Status400BadRequest, "reason is required", "Say why the records must be kept (e.g. a claim, a regulator's inquiry): it is shown in every erasure certificate.");
        }
        if (body.ConversationId is { } cid && !await db.Conversations.AnyAsync(c => c.Id == cid && c.FirmId == body.Firm, ct))
        {
            return Problem(StatusCodes.Status404NotFound, "conversation not found", $"Firm '{body.Firm}' has no conversation {cid}.");
        }
        var now = clock.GetUtcNow();
        var hold = new LegalHold
        {
            Id = Guid.NewGuid(),
            FirmId = body.Firm!,
            CustomerKey = body.Customer?.Trim().ToLowerInvariant(),
            ConversationId = body.ConversationId,
            Reason = body.Reason.Trim(),
            PlacedBy = user.ActorName(),
            PlacedAt = now,
        };
        db.LegalHolds.Add(hold);
        db.AuditEvents.Add(AuditLog.Event("privacy.hold_placed", user.ActorName(), now, new { holdId = hold.Id, reason = hold.Reason }, hold.FirmId, hold.ConversationId));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/privacy/holds/{hold.Id}", View(hold));
    }

    private static async Task<Results<Ok<List<LegalHoldView>>, ProblemHttpResult>> ListHoldsAsync(
        string? firm, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var holds = await db.LegalHolds.AsNoTracking().Where(h => h.FirmId == firm).OrderByDescending(h => h.PlacedAt).ToListAsync(ct);
        return TypedResults.Ok(holds.Select(View).ToList());
    }

    private static async Task<Results<Ok<LegalHoldView>, ProblemHttpResult>> LiftHoldAsync(
        Guid id, ClaimsPrincipal user, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var hold = await db.LegalHolds.FirstOrDefaultAsync(h => h.Id == id, ct);
        if (hold is null || !user.CanSeeFirm(hold.FirmId))
        {
            return Problem(StatusCodes.Status404NotFound, "hold not found", $"No legal hold {id}.");
        }
        if (hold.LiftedAt is null)
        {
            var now = clock.GetUtcNow();
            hold.LiftedAt = now;
            hold.LiftedBy = user.ActorName();
            db.AuditEvents.Add(AuditLog.Event("privacy.hold_lifted", user.ActorName(), now, new { holdId = hold.Id }, hold.FirmId, hold.ConversationId));
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(View(hold));
    }
}

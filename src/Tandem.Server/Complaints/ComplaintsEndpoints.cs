using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Complaints;
using Tandem.Rules.Complaints;
using Tandem.Server.Access;
using Tandem.Server.Audit;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;
using Tandem.Server.Insights;

namespace Tandem.Server.Complaints;

internal sealed record MarkComplaintRequest(string? Summary);

internal sealed record ComplaintLetterRequest(DateTimeOffset? SentAt, bool? OmbudsmanRightsGiven);

internal sealed record CloseComplaintRequest(string? Resolution, int? Version);

internal sealed record LinkConversationRequest(Guid? ConversationId);

/// <summary>One letter the firm must send or a fact its letter must carry, and whether it is done.</summary>
internal sealed record ComplaintChecklistItem(string Item, bool Required, bool Done);

internal sealed record ComplaintDto(
    Guid Id, string Firm, Guid ConversationId, IReadOnlyList<Guid> LinkedConversations, DateTimeOffset ReceivedAt, string Channel, string Summary,
    string Status, string OpenedBy, DateTimeOffset SummaryResolutionDue, DateTimeOffset FinalResponseDue,
    DateTimeOffset? SummaryResolutionSentAt, DateTimeOffset? FinalResponseAt, bool OmbudsmanRightsRequired, bool OmbudsmanRightsGiven,
    DateTimeOffset? OmbudsmanReferralUntil, string? Resolution, DateTimeOffset? ClosedAt, string? ClosedBy, bool Overdue, string Clock,
    IReadOnlyList<ComplaintChecklistItem> Checklist, int Version)
{
    public static ComplaintDto From(Complaint c, DateTimeOffset now)
    {
        var (overdue, clock) = ClockOf(c, now);
        return new(c.Id, c.FirmId, c.ConversationId, Json.Read<List<Guid>>(c.LinkedConversationsJson), c.ReceivedAt, c.Channel, c.Summary,
            c.Status, c.OpenedBy, c.SummaryResolutionDue, c.FinalResponseDue, c.SummaryResolutionSentAt, c.FinalResponseAt,
            c.OmbudsmanRightsRequired, c.OmbudsmanRightsGiven, c.FinalResponseAt?.AddMonths(ComplaintClock.OmbudsmanReferralMonths),
            c.Resolution, c.ClosedAt, c.ClosedBy, overdue, clock, ChecklistFor(c), c.Version);
    }

    /// <summary>
    /// Which deadline the complaint is working to now. Within three business days it can still be
    /// closed by a summary resolution communication; after that the eight-week final response applies.
    /// </summary>
    internal static (bool Overdue, string Clock) ClockOf(Complaint c, DateTimeOffset now)
    {
        if (c.Status == ComplaintStatus.Closed || c.FinalResponseAt is not null || c.SummaryResolutionSentAt is not null)
        {
            // A summary resolution communication answers the complaint as fully as a final response (DISP 1.5).
            return (false, "answered");
        }
        if (now < c.SummaryResolutionDue)
        {
            return (false, "summary_resolution");
        }
        return (now >= c.FinalResponseDue, "final_response");
    }

    private static List<ComplaintChecklistItem> ChecklistFor(Complaint c) =>
    [
        new("Summary resolution communication sent by the end of the third business day (DISP 1.5), or a final response", true,
            c.SummaryResolutionSentAt is not null || c.FinalResponseAt is not null),
        new("Final response sent within eight weeks (DISP 1.6), unless resolved by a summary resolution communication", c.SummaryResolutionSentAt is null,
            c.FinalResponseAt is not null),
        new("Letter gives the Financial Ombudsman Service referral rights: free, within six months of the final response, with its address and website", c.OmbudsmanRightsRequired,
            c.OmbudsmanRightsGiven),
    ];
}

internal sealed record ComplaintInsights(
    string Firm, DateTimeOffset From, DateTimeOffset To, int Opened, int Closed, int StillOpen,
    int WithinThreeBusinessDays, int WithinEightWeeks, int Overdue, double? TimelyRate);

internal static class ComplaintsEndpoints
{
    public static IEndpointRouteBuilder MapComplaintsEndpoints(this IEndpointRouteBuilder app)
    {
        // Marking is an agent's judgement about a conversation; closing is staff's alone: the assistant
        // has no route, tool or procedure that reaches these handlers (FCA DISP: a person answers a complaint).
        var conversation = app.MapGroup("/api/v1/conversations/{id:guid}").WithTags("Complaints")
            .RequireAuthorization(Policies.Staff, Policies.ConversationAccess);
        conversation.MapPost("/complaint", MarkAsync).WithSummary("An agent marks the conversation as a complaint: opens a complaint record unless one is open.");

        var staff = app.MapGroup("/api/v1/complaints").WithTags("Complaints").RequireAuthorization(Policies.Staff);
        staff.MapGet("", ListAsync).WithSummary("A firm's complaint records with their clocks (summary resolution and final response due, overdue), open first.");
        staff.MapGet("/{complaintId:guid}", GetAsync).WithSummary("One complaint record with its clocks and letter checklist.");
        staff.MapPost("/{complaintId:guid}/summary-resolution", SummaryResolutionAsync).WithSummary("Record that the summary resolution communication was sent (DISP 1.5).");
        staff.MapPost("/{complaintId:guid}/final-response", FinalResponseAsync).WithSummary("Record that the final response was sent (DISP 1.6), and whether it gave the Ombudsman referral rights.");
        staff.MapPost("/{complaintId:guid}/links", LinkAsync).WithSummary("Link another conversation of the same firm to the complaint.");
        staff.MapPost("/{complaintId:guid}/close", CloseAsync).WithSummary("Close the complaint with its resolution. Staff only; needs the required letters recorded first.");

        app.MapGroup("/api/v1/insights").WithTags("Insights").RequireAuthorization(Policies.Admin)
            .MapGet("/complaints", InsightsAsync).WithSummary("Complaints received in [from, to): opened, closed, within three business days, within eight weeks, overdue.");
        return app;
    }

    private static async Task<Results<Created<ComplaintDto>, Ok<ComplaintDto>, ProblemHttpResult>> MarkAsync(Guid id, MarkComplaintRequest? body,
        ClaimsPrincipal user, TandemDbContext db, FirmRegistry firms, TimeProvider clock, CancellationToken ct)
    {
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null || firms.Find(conversation.FirmId) is not { } firm)
        {
            return TypedResults.Problem(title: "conversation not found", detail: $"No conversation {id}.", statusCode: StatusCodes.Status404NotFound);
        }
        if (string.IsNullOrWhiteSpace(body?.Summary))
        {
            return TypedResults.Problem(title: "summary is required", detail: "Say in a sentence what the customer is unhappy about; it goes on the complaint record.", statusCode: StatusCodes.Status400BadRequest);
        }
        var now = clock.GetUtcNow();
        var (complaint, opened) = await ComplaintRecords.OpenAsync(db, conversation, firm.Pack, body.Summary, user.ActorName(), now, ct);
        if (!opened)
        {
            return TypedResults.Ok(ComplaintDto.From(complaint, now));
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/complaints/{complaint.Id}", ComplaintDto.From(complaint, now));
    }

    private static async Task<Results<Ok<List<ComplaintDto>>, ProblemHttpResult>> ListAsync(string? firm, string? status, ClaimsPrincipal user,
        TandemDbContext db, FirmRegistry firms, TimeProvider clock, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        if (status is not (null or "" or ComplaintStatus.Open or ComplaintStatus.Closed))
        {
            return TypedResults.Problem(title: "unknown status", detail: $"status is '{status}': expected open or closed.", statusCode: StatusCodes.Status400BadRequest);
        }
        var query = db.Complaints.AsNoTracking().Where(c => c.FirmId == firm);
        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(c => c.Status == status);
        }
        var rows = await query.OrderBy(c => c.ReceivedAt).Take(1000).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(rows.OrderBy(c => c.Status == ComplaintStatus.Open ? 0 : 1).ThenBy(c => c.ReceivedAt).Select(c => ComplaintDto.From(c, now)).ToList());
    }

    private static async Task<Results<Ok<ComplaintDto>, ProblemHttpResult>> GetAsync(Guid complaintId, ClaimsPrincipal user, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.Id == complaintId, ct);
        return complaint is null || !user.CanSeeFirm(complaint.FirmId)
            ? NotFound(complaintId)
            : TypedResults.Ok(ComplaintDto.From(complaint, clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<ComplaintDto>, ProblemHttpResult>> SummaryResolutionAsync(Guid complaintId, ComplaintLetterRequest? body,
        ClaimsPrincipal user, TandemDbContext db, TimeProvider clock, CancellationToken ct) =>
        await LetterAsync(complaintId, user, db, clock, (complaint, now) =>
        {
            var sentAt = body?.SentAt ?? now;
            if (sentAt < complaint.ReceivedAt || sentAt > now)
            {
                return "`sentAt` must be between the complaint's receipt and now.";
            }
            complaint.SummaryResolutionSentAt = sentAt;
            complaint.OmbudsmanRightsGiven |= body?.OmbudsmanRightsGiven ?? false;
            return null;
        }, "complaint.summary_resolution_sent", ct);

    private static async Task<Results<Ok<ComplaintDto>, ProblemHttpResult>> FinalResponseAsync(Guid complaintId, ComplaintLetterRequest? body,
        ClaimsPrincipal user, TandemDbContext db, TimeProvider clock, CancellationToken ct) =>
        await LetterAsync(complaintId, user, db, clock, (complaint, now) =>
        {
            var sentAt = body?.SentAt ?? now;
            if (sentAt < complaint.ReceivedAt || sentAt > now)
            {
                return "`sentAt` must be between the complaint's receipt and now.";
            }
            if (complaint.OmbudsmanRightsRequired && body?.OmbudsmanRightsGiven != true)
            {
                return "This firm offers regulated credit: the final response must give the Financial Ombudsman Service referral rights. Send `ombudsmanRightsGiven: true` once the letter does.";
            }
            complaint.FinalResponseAt = sentAt;
            complaint.OmbudsmanRightsGiven |= body?.OmbudsmanRightsGiven ?? false;
            return null;
        }, "complaint.final_response_sent", ct);

    private static async Task<Results<Ok<ComplaintDto>, ProblemHttpResult>> LetterAsync(Guid complaintId, ClaimsPrincipal user, TandemDbContext db,
        TimeProvider clock, Func<Complaint, DateTimeOffset, string?> apply, string auditKind, CancellationToken ct)
    {
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Id == complaintId, ct);
        if (complaint is null || !user.CanSeeFirm(complaint.FirmId))
        {
            return NotFound(complaintId);
        }
        if (complaint.Status == ComplaintStatus.Closed)
        {
            return TypedResults.Problem(title: "complaint is closed", detail: "A closed complaint's record is final.", statusCode: StatusCodes.Status409Conflict);
        }
        var now = clock.GetUtcNow();
        if (apply(complaint, now) is { } problem)
        {
            return TypedResults.Problem(title: "letter not recorded", detail: problem, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        complaint.Version++;
        db.AuditEvents.Add(AuditLog.Event(auditKind, user.ActorName(), now, new
        {
            complaintId,
            summaryResolutionSentAt = complaint.SummaryResolutionSentAt,
            finalResponseAt = complaint.FinalResponseAt,
            ombudsmanRightsGiven = complaint.OmbudsmanRightsGiven,
        }, complaint.FirmId, complaint.ConversationId));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ComplaintDto.From(complaint, now));
    }

    private static async Task<Results<Ok<ComplaintDto>, ProblemHttpResult>> LinkAsync(Guid complaintId, LinkConversationRequest? body,
        ClaimsPrincipal user, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Id == complaintId, ct);
        if (complaint is null || !user.CanSeeFirm(complaint.FirmId))
        {
            return NotFound(complaintId);
        }
        if (body?.ConversationId is not { } other || !await db.Conversations.AnyAsync(c => c.Id == other && c.FirmId == complaint.FirmId, ct))
        {
            return TypedResults.Problem(title: "conversation not found", detail: "`conversationId` must name a conversation of the complaint's firm.", statusCode: StatusCodes.Status400BadRequest);
        }
        var linked = Json.Read<List<Guid>>(complaint.LinkedConversationsJson);
        var now = clock.GetUtcNow();
        if (!linked.Contains(other))
        {
            linked.Add(other);
            complaint.LinkedConversationsJson = Json.Write(linked);
            complaint.Version++;
            db.AuditEvents.Add(AuditLog.Event("complaint.linked", user.ActorName(), now, new { complaintId, conversationId = other }, complaint.FirmId, other));
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(ComplaintDto.From(complaint, now));
    }

    private static async Task<Results<Ok<ComplaintDto>, ProblemHttpResult>> CloseAsync(Guid complaintId, CloseComplaintRequest? body,
        ClaimsPrincipal user, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Id == complaintId, ct);
        if (complaint is null || !user.CanSeeFirm(complaint.FirmId))
        {
            return NotFound(complaintId);
        }
        if (complaint.Status == ComplaintStatus.Closed)
        {
            return TypedResults.Problem(title: "complaint is closed", detail: $"Closed by {complaint.ClosedBy} at {complaint.ClosedAt:u}.", statusCode: StatusCodes.Status409Conflict);
        }
        if (body?.Version is { } version && version != complaint.Version)
        {
            return TypedResults.Problem(title: "complaint changed", detail: "Someone else changed this complaint; reload it and try again.", statusCode: StatusCodes.Status409Conflict);
        }
        if (string.IsNullOrWhiteSpace(body?.Resolution))
        {
            return TypedResults.Problem(title: "resolution is required", detail: "Say how the complaint was resolved; it goes on the record kept for three years.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (complaint.SummaryResolutionSentAt is null && complaint.FinalResponseAt is null)
        {
            return TypedResults.Problem(title: "no letter recorded",
                detail: "Record the summary resolution communication or the final response before closing: the customer must be told the outcome in writing.",
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        if (complaint.OmbudsmanRightsRequired && !complaint.OmbudsmanRightsGiven)
        {
            return TypedResults.Problem(title: "Ombudsman referral rights not given",
                detail: "This firm offers regulated credit: the customer's letter must give the Financial Ombudsman Service referral rights before the complaint is closed.",
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        var now = clock.GetUtcNow();
        complaint.Status = ComplaintStatus.Closed;
        complaint.Resolution = body.Resolution.Trim();
        complaint.ClosedAt = now;
        complaint.ClosedBy = user.ActorName();
        complaint.Version++;
        db.AuditEvents.Add(AuditLog.Event("complaint.closed", user.ActorName(), now, new { complaintId, resolution = complaint.Resolution }, complaint.FirmId, complaint.ConversationId));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ComplaintDto.From(complaint, now));
    }

    private static async Task<Results<Ok<ComplaintInsights>, ProblemHttpResult>> InsightsAsync(string? firm, DateTimeOffset? from, DateTimeOffset? to,
        ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var now = clock.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end - TimeSpan.FromDays(30);
        if (start >= end)
        {
            return TypedResults.Problem(title: "empty window", detail: "`from` must be before `to` (the window is [from, to)).", statusCode: StatusCodes.Status400BadRequest);
        }
        var rows = await db.Complaints.AsNoTracking().Where(c => c.FirmId == firm && c.ReceivedAt >= start && c.ReceivedAt < end).ToListAsync(ct);
        return TypedResults.Ok(Summarise(firm!, start, end, rows, now));
    }

    /// <summary>
    /// Timeliness counts every complaint received in the window: within three business days when a
    /// summary resolution (or the final response) went by its deadline; within eight weeks when the
    /// final response, or a summary resolution, went by the final-response deadline.
    /// </summary>
    internal static ComplaintInsights Summarise(string firm, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<Complaint> rows, DateTimeOffset now)
    {
        static DateTimeOffset? Answered(Complaint c) => c.SummaryResolutionSentAt ?? c.FinalResponseAt;
        var withinThree = rows.Count(c => Answered(c) is { } at && at < c.SummaryResolutionDue);
        var withinEight = rows.Count(c => Answered(c) is { } at && at < c.FinalResponseDue);
        var overdue = rows.Count(c => ComplaintDto.ClockOf(c, now).Overdue || (Answered(c) is { } at && at >= c.FinalResponseDue));
        var due = rows.Count(c => Answered(c) is not null || now >= c.FinalResponseDue);
        return new ComplaintInsights(firm, from, to, rows.Count, rows.Count(c => c.Status == ComplaintStatus.Closed), rows.Count(c => c.Status == ComplaintStatus.Open),
            withinThree, withinEight, overdue, due == 0 ? null : (double)withinEight / due);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "complaint not found", detail: $"No complaint {id}.", statusCode: StatusCodes.Status404NotFound);
}

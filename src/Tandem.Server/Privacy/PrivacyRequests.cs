using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Privacy;
using Tandem.Rules.Privacy;
using Tandem.Server.Audit;

namespace Tandem.Server.Privacy;

/// <summary>A request as the API and the console show it: its clock worked out for today.</summary>
internal sealed record PrivacyRequestView(
    Guid Id, string Firm, string Kind, string Subject, string Status, DateTimeOffset ReceivedAt, DateOnly Due,
    DateOnly? ExtendedUntil, string? ExtensionReason, DateOnly Deadline, bool Overdue, int DaysLeft,
    DateTimeOffset? CompletedAt, string CreatedBy, string? CompletedBy, string? ErasureId);

/// <summary>Data-subject requests: recorded with their clock, answered by export or erasure, every step audited.</summary>
internal static class PrivacyRequests
{
    public static PrivacyRequestView View(PrivacyRequest r, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        var received = PrivacyDates.UkDate(r.ReceivedAt);
        var deadline = RequestClock.Deadline(received, r.ExtendedUntil is { } x ? PrivacyDates.Date(x) : null,
            r.CompletedAt is { } c ? PrivacyDates.UkDate(c) : null, PrivacyDates.UkDate(now));
        return new(r.Id, r.FirmId, r.Kind, r.Subject, r.Status, r.ReceivedAt, deadline.Due, deadline.ExtendedUntil, r.ExtensionReason,
            deadline.Deadline, deadline.Overdue, deadline.DaysLeft, r.CompletedAt, r.CreatedBy, r.CompletedBy, r.ErasureId);
    }

    public static async Task<PrivacyRequest> CreateAsync(TandemDbContext db, string firm, string kind, string subject, string actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var request = new PrivacyRequest
        {
            Id = Guid.NewGuid(),
            FirmId = firm,
            Kind = kind,
            Subject = subject.Trim(),
            SubjectHash = SubjectFinder.Hash(subject),
            Status = PrivacyRequestStatus.Received,
            ReceivedAt = now,
            DueAt = PrivacyDates.Start(RequestClock.DueDate(PrivacyDates.UkDate(now))),
            CreatedBy = actor,
        };
        db.PrivacyRequests.Add(request);
        // The audit record names the request, not the person: an erasure would otherwise have to redact it.
        db.AuditEvents.Add(AuditLog.Event("privacy.request_received", actor, now,
            new { requestId = request.Id, kind, due = PrivacyDates.Date(request.DueAt) }, firm));
        await db.SaveChangesAsync(ct);
        return request;
    }

    /// <summary>Extends the clock; returns why not, or null when it was extended.</summary>
    public static async Task<string?> ExtendAsync(TandemDbContext db, PrivacyRequest request, int months, string? reason, string actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var received = PrivacyDates.UkDate(request.ReceivedAt);
        if (RequestClock.ExtensionRefusal(received, PrivacyDates.UkDate(now), months, reason, request.CompletedAt is not null, request.ExtendedUntil is not null) is { } refusal)
        {
            return refusal;
        }
        request.ExtendedUntil = PrivacyDates.Start(RequestClock.ExtendedDate(received, months));
        request.ExtensionReason = reason!.Trim();
        db.AuditEvents.Add(AuditLog.Event("privacy.request_extended", actor, now,
            new { requestId = request.Id, months, until = PrivacyDates.Date(request.ExtendedUntil.Value), reason = request.ExtensionReason }, request.FirmId));
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Answers an access request: the export, and the request marked completed the first time.</summary>
    public static async Task<JsonObject> ExportAsync(TandemDbContext db, PrivacyRequest request, string actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var subject = await SubjectFinder.FindAsync(db, request.FirmId, request.Subject, ct);
        var export = await SubjectAccessExport.BuildAsync(db, subject, now, ct);
        export["requestId"] = request.Id;
        if (request.CompletedAt is null)
        {
            request.Status = PrivacyRequestStatus.Completed;
            request.CompletedAt = now;
            request.CompletedBy = actor;
        }
        db.AuditEvents.Add(AuditLog.Event("privacy.export", actor, now,
            new { requestId = request.Id, conversations = subject.ConversationIds.Count, matches = subject.Matches.Count }, request.FirmId));
        await db.SaveChangesAsync(ct);
        return export;
    }

    public static async Task<List<PrivacyRequest>> ListAsync(TandemDbContext db, string firm, CancellationToken ct) =>
        await db.PrivacyRequests.AsNoTracking().Where(r => r.FirmId == firm).OrderByDescending(r => r.ReceivedAt).ToListAsync(ct);
}

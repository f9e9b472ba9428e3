using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Audit;
using Tandem.Rules.Audit;

namespace Tandem.Server.Audit;

/// <summary>
/// Replaces the payloads of audit events that carry personal data with a marker naming the erasure
/// (or retention run) that removed them. Kind, actor, time and hashes stay, so `audit verify` still
/// proves the chain and reports which events were redacted and by what.
/// </summary>
internal static class AuditRedaction
{
    /// <summary>Redact one tracked event; saved with the caller's SaveChanges, in the same transaction as the erasure.</summary>
    public static void Redact(AuditEvent e, string redactedBy)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrWhiteSpace(redactedBy);
        if (e.RedactedBy is not null)
        {
            // Already redacted: the first erasure that removed it stays the one named.
            return;
        }
        e.Payload = RedactionMarker.For(redactedBy);
        e.RedactedBy = redactedBy;
    }

    /// <summary>
    /// Redact every event of these conversations and every other event of the firm whose payload
    /// mentions one of the identifiers (an e-mail address, a customer id). Returns how many were
    /// redacted; the changes are tracked, not yet saved. Events of the <paramref name="kept"/>
    /// conversations (under a legal hold) are left as they are.
    /// </summary>
    public static async Task<int> RedactAsync(TandemDbContext db, string firmId, IReadOnlyCollection<Guid> conversationIds,
        IReadOnlyCollection<string> identifiers, IReadOnlyCollection<Guid> kept, string redactedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = conversationIds.ToList();
        var events = await db.AuditEvents
            .Where(e => e.RedactedBy == null && e.ConversationId != null && ids.Contains(e.ConversationId.Value))
            .ToListAsync(ct);
        var wanted = identifiers.Where(i => i.Length >= 3).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count > 0)
        {
            // Events without a conversation (admin actions, gateway calls by staff) can name the person
            // too. Case-insensitive matching is done here rather than in SQL, where providers differ; an
            // erasure is rare and the scan reads only ids and payloads.
            var matching = new List<Guid>();
            await foreach (var e in db.AuditEvents.AsNoTracking()
                .Where(e => e.RedactedBy == null && (e.FirmId == firmId || e.FirmId == null))
                .Select(e => new { e.Id, e.Payload }).AsAsyncEnumerable().WithCancellation(ct))
            {
                if (wanted.Any(w => e.Payload.Contains(w, StringComparison.OrdinalIgnoreCase)))
                {
                    matching.Add(e.Id);
                }
            }
            foreach (var chunk in matching.Chunk(500))
            {
                events.AddRange(await db.AuditEvents.Where(e => chunk.Contains(e.Id)).ToListAsync(ct));
            }
        }
        var distinct = events.DistinctBy(e => e.Id).Where(e => e.ConversationId is not { } c || !kept.Contains(c)).ToList();
        foreach (var e in distinct)
        {
            Redact(e, redactedBy);
        }
        return distinct.Count;
    }
}

using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Rules.Audit;
using Tandem.Server.Access;

namespace Tandem.Server.Audit;

/// <summary>
/// One audit event as the viewer shows it. <see cref="Redaction"/> names the erasure that replaced
/// the payload (issue 9), in which case <see cref="Payload"/> is null: the event, its time and its
/// place in the chain stay, the personal data does not.
/// </summary>
internal sealed record AuditEntry(long Sequence, string Kind, string Actor, DateTimeOffset CreatedAt, Guid? TurnId, JsonElement? Payload, string? Redaction);

/// <summary>The events of one turn (or one event outside any turn), in the order they were recorded.</summary>
internal sealed record TrailStep(Guid? TurnId, IReadOnlyList<AuditEntry> Events);

/// <summary>
/// The whole chain's verification (the same code as `tandem audit verify`) and whether this
/// conversation's events come at or after a break, where they can no longer be vouched for.
/// </summary>
internal sealed record ChainStatus(bool Intact, long Checked, long? FirstBrokenSequence, string? Problem, bool ConversationAffected);

internal sealed record ConversationTrail(
    Guid ConversationId, string FirmId, string Channel, string Status, DateTimeOffset CreatedAt,
    IReadOnlyList<TrailStep> Steps, ChainStatus Chain);

/// <summary>Reads a conversation's audit trail for the audit viewer and GET /api/v1/audit/conversations/{id}.</summary>
internal sealed class AuditTrails(TandemDbContext db)
{
    /// <summary>The conversation's trail, or null when it does not exist or belongs to a firm the caller may not see.</summary>
    public async Task<ConversationTrail?> LoadAsync(Guid conversationId, ClaimsPrincipal user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new { c.Id, c.FirmId, c.Channel, c.Status, c.CreatedAt })
            .FirstOrDefaultAsync(ct);
        if (conversation is null || !user.CanSeeFirm(conversation.FirmId))
        {
            return null;
        }
        var rows = await db.AuditEvents.AsNoTracking()
            .Where(e => e.ConversationId == conversationId)
            .OrderBy(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Kind, e.Actor, e.CreatedAt, e.TurnId, e.Payload, e.RedactedBy })
            .ToListAsync(ct);
        var entries = rows.Select(e => Entry(e.Sequence, e.Kind, e.Actor, e.CreatedAt, e.TurnId, e.Payload, e.RedactedBy)).ToList();
        var verification = await AuditLog.VerifyAsync(db, ct);
        var affected = verification.FirstBrokenSequence is { } broken && entries.Any(e => e.Sequence >= broken);
        return new ConversationTrail(conversation.Id, conversation.FirmId, conversation.Channel, conversation.Status, conversation.CreatedAt,
            Group(entries), new ChainStatus(verification.Intact, verification.Checked, verification.FirstBrokenSequence, verification.Problem, affected));
    }

    public static AuditEntry Entry(long sequence, string kind, string actor, DateTimeOffset at, Guid? turnId, string? payload, string? redactedBy)
    {
        if (redactedBy is not null)
        {
            return new AuditEntry(sequence, kind, actor, at, turnId, null, redactedBy);
        }
        JsonElement? parsed = null;
        try
        {
            parsed = payload is null ? null : JsonDocument.Parse(payload).RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not JSON: shown as text rather than hiding the event.
            parsed = JsonSerializer.SerializeToElement(payload);
        }
        // An erasure may replace the payload in place with {"redacted": true, "erasure": "..."} (issue 9).
        if (parsed is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("redacted", out var r) && r.ValueKind == JsonValueKind.True)
        {
            var erasure = p.TryGetProperty("erasure", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return new AuditEntry(sequence, kind, actor, at, turnId, null, erasure ?? "an erasure");
        }
        return new AuditEntry(sequence, kind, actor, at, turnId, parsed, null);
    }

    /// <summary>A turn's events together, placed where the turn began; other events on their own.</summary>
    public static IReadOnlyList<TrailStep> Group(IEnumerable<AuditEntry> entries)
    {
        var steps = new List<(Guid? TurnId, List<AuditEntry> Events)>();
        var byTurn = new Dictionary<Guid, List<AuditEntry>>();
        foreach (var e in entries.OrderBy(e => e.Sequence))
        {
            if (e.TurnId is { } turn)
            {
                if (!byTurn.TryGetValue(turn, out var list))
                {
                    list = [];
                    byTurn[turn] = list;
                    steps.Add((turn, list));
                }
                list.Add(e);
            }
            else
            {
                steps.Add((null, [e]));
            }
        }
        return [.. steps.Select(s => new TrailStep(s.TurnId, s.Events))];
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Audit;
using Tandem.Rules.Audit;

namespace Tandem.Server.Audit;

/// <summary>
/// Builds audit events. Events are added to the same DbContext as the change they describe, so the
/// record and the change commit together; <see cref="TandemDbContext"/> chains them on save.
/// </summary>
internal static class AuditLog
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static AuditEvent Event(string kind, string actor, DateTimeOffset at, object payload,
        string? firmId = null, Guid? conversationId = null, Guid? turnId = null) => new()
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            Actor = actor,
            CreatedAt = at,
            Payload = JsonSerializer.Serialize(payload, Json),
            FirmId = firmId,
            ConversationId = conversationId,
            TurnId = turnId,
        };

    public static async Task<ChainVerification> VerifyAsync(TandemDbContext db, CancellationToken ct)
    {
        var events = db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence)
            .Select(e => new StoredAuditEvent(e.Sequence, e.Kind, e.Actor, e.CreatedAt, e.Payload, e.PayloadHash, e.PrevHash, e.Hash, e.RedactedBy))
            .AsAsyncEnumerable();
        var list = new List<StoredAuditEvent>();
        await foreach (var e in events.WithCancellation(ct))
        {
            list.Add(e);
        }
        return AuditVerifier.Verify(list);
    }
}

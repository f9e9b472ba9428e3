using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tandem.Rules.Audit;

/// <summary>The fields of an audit event that its hash covers.</summary>
public sealed record ChainLink(long Sequence, string Kind, string Actor, DateTimeOffset CreatedAt, string PayloadHash, string PrevHash);

/// <summary>
/// Hash chaining for the append-only audit log. The hash covers the payload's hash rather than the
/// payload itself, so an erasure can replace a payload and the chain still verifies (the stored
/// payload hash stands in for the erased text).
/// </summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string HashPayload(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
    }

    public static string HashLink(ChainLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var text = string.Join('\n',
            link.Sequence.ToString(CultureInfo.InvariantCulture),
            link.Kind,
            link.Actor,
            link.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            link.PayloadHash,
            link.PrevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>An event as stored, for verification.</summary>
public sealed record StoredAuditEvent(long Sequence, string Kind, string Actor, DateTimeOffset CreatedAt, string? Payload,
    string PayloadHash, string PrevHash, string Hash, string? RedactedBy);

public sealed record ChainVerification(long Checked, long? FirstBrokenSequence, string? Problem, IReadOnlyList<(long Sequence, string RedactedBy)> Redacted)
{
    public bool Intact => FirstBrokenSequence is null;
}

public static class AuditVerifier
{
    /// <summary>Recomputes the chain in sequence order and names the first event that does not fit.</summary>
    public static ChainVerification Verify(IEnumerable<StoredAuditEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var previous = AuditChain.Genesis;
        long expected = 1;
        long count = 0;
        var redacted = new List<(long, string)>();
        foreach (var e in events)
        {
            count++;
            if (e.Sequence != expected)
            {
                return new(count, e.Sequence, $"sequence {e.Sequence} found where {expected} was expected (an event is missing or was inserted)", redacted);
            }
            if (e.RedactedBy is null)
            {
                if (e.Payload is null || AuditChain.HashPayload(e.Payload) != e.PayloadHash)
                {
                    return new(count, e.Sequence, "payload does not match its recorded hash (the payload was changed)", redacted);
                }
            }
            else if (e.Payload != RedactionMarker.For(e.RedactedBy))
            {
                // A redacted event may hold only the marker naming its erasure: anything else is a
                // payload changed under cover of a redaction.
                return new(count, e.Sequence, $"payload marked redacted by {e.RedactedBy} is not the redaction marker (the payload was changed)", redacted);
            }
            else
            {
                redacted.Add((e.Sequence, e.RedactedBy));
            }
            if (e.PrevHash != previous)
            {
                return new(count, e.Sequence, "previous-hash link does not match the event before it", redacted);
            }
            var hash = AuditChain.HashLink(new ChainLink(e.Sequence, e.Kind, e.Actor, e.CreatedAt, e.PayloadHash, e.PrevHash));
            if (hash != e.Hash)
            {
                return new(count, e.Sequence, "event hash does not match its fields (kind, actor, time or payload hash was changed)", redacted);
            }
            previous = e.Hash;
            expected++;
        }
        return new(count, null, null, redacted);
    }
}

/// <summary>
/// What an erased payload is replaced with. The event keeps its payload hash, so the chain still
/// verifies, and the marker names the erasure (or retention run) that removed it.
/// </summary>
public static class RedactionMarker
{
    public static string For(string redactedBy)
    {
        ArgumentNullException.ThrowIfNull(redactedBy);
        return System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["redacted"] = true, ["erasure"] = redactedBy });
    }
}

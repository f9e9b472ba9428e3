using System.Globalization;
using Tandem.Rules.Audit;

namespace Tandem.Rules.Tests.Audit;

/// <summary>Builds valid chains the way the append-only log does. Each call returns a new list.</summary>
internal static class Chains
{
    private static readonly DateTimeOffset Start = new(2026, 6, 15, 9, 0, 0, TimeSpan.FromHours(1));

    public static StoredAuditEvent Append(IReadOnlyList<StoredAuditEvent> chain, string kind, string actor, DateTimeOffset at, string payload)
    {
        var sequence = chain.Count + 1L;
        var prev = chain.Count == 0 ? AuditChain.Genesis : chain[^1].Hash;
        var payloadHash = AuditChain.HashPayload(payload);
        var hash = AuditChain.HashLink(new ChainLink(sequence, kind, actor, at, payloadHash, prev));
        return new StoredAuditEvent(sequence, kind, actor, at, payload, payloadHash, prev, hash, null);
    }

    public static List<StoredAuditEvent> Build(int count)
    {
        string[] kinds = ["message.received", "turn.routed", "reply.sent", "mode.changed", "handoff.claimed"];
        string[] actors = ["customer:c-17", "system", "ai", "agent:priya", "admin:sam"];
        var chain = new List<StoredAuditEvent>();
        for (var i = 0; i < count; i++)
        {
            var at = Start.AddMinutes(i * 7).AddMilliseconds(i * 13);
            var payload = string.Create(CultureInfo.InvariantCulture, $$"""{"n":{{i}},"text":"event number {{i}}"}""");
            chain.Add(Append(chain, kinds[i % kinds.Length], actors[i % actors.Length], at, payload));
        }
        return chain;
    }

    /// <summary>Erasure as the log performs it: the payload is replaced, the recorded payload hash stays.</summary>
    public static StoredAuditEvent Redact(StoredAuditEvent e, string by) => e with { Payload = RedactionMarker.For(by), RedactedBy = by };
}

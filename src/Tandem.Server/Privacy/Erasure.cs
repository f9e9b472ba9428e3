using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Privacy;
using Tandem.Rules.Privacy;
using Tandem.Server.Audit;

namespace Tandem.Server.Privacy;

internal sealed record RemovedFromStore(string Store, int Count, string What);

internal sealed record KeptItem(string Store, string Record, string Basis, string Reason);

/// <summary>What an erasure removed and kept, and why. It carries no personal data: the person is named only by the hash of the identifier asked for.</summary>
internal sealed record ErasureCertificate(
    string ErasureId,
    string Firm,
    DateTimeOffset At,
    string RequestedBy,
    string? Reason,
    Guid RequestId,
    string SubjectHash,
    IReadOnlyList<string> MatchedBecause,
    IReadOnlyList<RemovedFromStore> Removed,
    IReadOnlyList<KeptItem> Kept,
    IReadOnlyList<string> NotStored,
    CompactionReport? SecureDeletion);

/// <summary>
/// Erases a person (UK GDPR art. 17) from every store Tandem writes, in one transaction, except what
/// a legal hold keeps; then rewrites the database files so the bytes are gone too.
/// </summary>
internal static class Erasure
{
    /// <summary>Where Tandem could hold a person's data but does not, said in every certificate so the firm can show it looked.</summary>
    public static readonly IReadOnlyList<string> NotStored =
    [
        "Full-text index (knowledge_passages_fts / PostgreSQL tsvector): holds only the firm's own documents; no conversation text is indexed.",
        "Embeddings and vector index: only the firm's documents are stored with vectors; a customer's message is embedded in memory for its turn and never stored.",
        "Caches: the knowledge-health cache holds document findings only; coverage gaps are read from the turns table when asked, so erased turns are gone from them; live-update subscriptions hold no messages.",
        "Logs: Tandem writes logs only to standard output (no log files) and logs ids, never message text; a firm that collects standard output keeps those ids under its own retention.",
        "The firm pack's data/customers.json is the firm's own file, read but never written by Tandem: the firm removes the person there itself.",
    ];

    public static string NewId(DateTimeOffset now) =>
        $"ER-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>
    /// Erase now. <paramref name="requestId"/> is the request being answered, or null to record one
    /// (the CLI); either way the request row ends completed, with the certificate and without the identifier.
    /// </summary>
    public static async Task<ErasureCertificate> RunAsync(TandemDbContext db, Subject subject, string requestedBy, string? reason,
        Guid? requestId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subject);
        var erasureId = NewId(now);
        var holds = await LegalHolds.FindAsync(db, subject.Firm, subject.ConversationIds, subject.Keys, ct);
        var heldConversations = holds.Where(h => h.Store == HeldStore.Conversation).Select(h => h.ConversationId!.Value).ToHashSet();
        var heldActions = holds.Where(h => h.Store == HeldStore.ActionCall && !heldConversations.Contains(h.ConversationId!.Value))
            .Select(h => Guid.Parse(h.RecordId)).ToList();
        var erase = subject.ConversationIds.Where(c => !heldConversations.Contains(c)).ToList();
        var keys = subject.Keys.ToList();
        // A hold on the person overrides the erasure entirely: every conversation is held (above), and
        // their customer record, orders and audit record stay as they are.
        var personHeld = await db.LegalHolds.AnyAsync(h => h.FirmId == subject.Firm && h.LiftedAt == null && h.CustomerKey != null && keys.Contains(h.CustomerKey), ct);
        var removed = new List<RemovedFromStore>();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        removed.Add(new("messages", await db.Messages.Where(m => erase.Contains(m.ConversationId)).ExecuteDeleteAsync(ct), "every message of the conversations: the customer's, the assistant's and the agents'"));
        removed.Add(new("turns", await db.Turns.Where(t => erase.Contains(t.ConversationId)).ExecuteDeleteAsync(ct), "the assistant's processing: topics, signals with their evidence, entities, drafts, actions"));
        removed.Add(new("drafts", await db.Drafts.Where(d => erase.Contains(d.ConversationId)).ExecuteDeleteAsync(ct), "AI drafts"));
        removed.Add(new("reviews", await db.Reviews.Where(r => erase.Contains(r.ConversationId)).ExecuteDeleteAsync(ct), "agents' reviews of the drafts, with the text sent"));
        removed.Add(new("handoffs", await db.Handoffs.Where(h => erase.Contains(h.ConversationId)).ExecuteDeleteAsync(ct), "hand-offs to a person"));
        removed.Add(new("procedure_runs", await db.ProcedureRuns.Where(r => erase.Contains(r.ConversationId)).ExecuteDeleteAsync(ct), "procedures and the details collected in them"));

        // Money moved: the row stays for the tax record with its amounts and order number; its free text goes.
        var kept = new List<KeptItem>();
        foreach (var call in await db.ActionCalls.Where(a => heldActions.Contains(a.Id)).ToListAsync(ct))
        {
            call.ArgumentsJson = KeepFigures(call.ArgumentsJson) ?? "{}";
            call.ResultJson = call.ResultJson is null ? null : KeepFigures(call.ResultJson);
            call.CustomerMessage = "";
            call.DecisionNote = null;
            kept.Add(new("action_calls", call.Id.ToString(), HoldBasis.Tax, LegalHolds.TaxReason));
        }
        removed.Add(new("action_calls", await db.ActionCalls.Where(a => erase.Contains(a.ConversationId) && !heldActions.Contains(a.Id)).ExecuteDeleteAsync(ct),
            "tool calls: their arguments, results and what the customer was told"));
        removed.Add(new("conversations", await db.Conversations.Where(c => erase.Contains(c.Id)).ExecuteDeleteAsync(ct),
            "the conversations, with the identity verified in them (customer id, e-mail address, order numbers)"));
        if (!personHeld)
        {
            var rows = subject.CustomerRows.ToList();
            removed.Add(new("customers", await db.Customers.Where(c => rows.Contains(c.Id)).ExecuteDeleteAsync(ct), "the customer record"));
        }

        // The firm's order records are its sales records (HMRC: six years): the order stays, who placed it goes.
        var orderNumbers = personHeld ? new List<string>() : [.. subject.OrderNumbers];
        var orders = await db.CommerceOrders.Where(o => o.FirmId == subject.Firm && orderNumbers.Contains(o.OrderNumber)).ToListAsync(ct);
        foreach (var order in orders)
        {
            order.Email = "";
            order.CustomerId = null;
            order.DocumentJson = WithoutThePerson(order.DocumentJson);
            order.UpdatedAt = now;
            kept.Add(new("commerce_orders", order.OrderNumber, HoldBasis.Tax,
                "A sale: HMRC requires sales records for six years. The order number, items and amounts are kept; the e-mail address, customer id, delivery address and personalisation are removed."));
        }

        foreach (var group in holds.Where(h => h.Store == HeldStore.Conversation).GroupBy(h => h.ConversationId))
        {
            kept.Add(new("conversation", group.Key.ToString()!, string.Join(", ", group.Select(h => h.Basis).Distinct()), string.Join(" ", group.Select(h => h.Reason).Distinct())));
        }

        List<string> identifiers = personHeld ? [] : [.. subject.CustomerIds, .. subject.Emails];
        var redacted = await AuditRedaction.RedactAsync(db, subject.Firm, erase, identifiers, heldConversations, erasureId, ct);
        removed.Add(new("audit_events", redacted, $"payloads replaced by the marker {{\"redacted\":true,\"erasure\":\"{erasureId}\"}}; kind, actor, time and hashes kept, so the chain still verifies"));

        // Earlier requests about the person keep their dates and outcome, not the identifier.
        var hashes = subject.Keys.Select(SubjectFinder.Hash).Append(SubjectFinder.Hash(subject.Query)).ToList();
        var requests = await db.PrivacyRequests.Where(r => r.FirmId == subject.Firm && hashes.Contains(r.SubjectHash)).ToListAsync(ct);
        var request = requestId is { } rid ? requests.FirstOrDefault(r => r.Id == rid) ?? await db.PrivacyRequests.FirstAsync(r => r.Id == rid, ct) : null;
        if (request is null)
        {
            var today = PrivacyDates.UkDate(now);
            request = new PrivacyRequest
            {
                Id = Guid.NewGuid(),
                FirmId = subject.Firm,
                Kind = PrivacyRequestKind.Erasure,
                Subject = "",
                SubjectHash = SubjectFinder.Hash(subject.Query),
                Status = PrivacyRequestStatus.Received,
                ReceivedAt = now,
                DueAt = PrivacyDates.Start(RequestClock.DueDate(today)),
                CreatedBy = requestedBy,
            };
            db.PrivacyRequests.Add(request);
            requests.Add(request);
        }
        foreach (var r in personHeld ? new List<PrivacyRequest>() : requests)
        {
            r.Subject = $"erased by {erasureId}";
        }
        removed.Add(new("privacy_requests", requests.Count, "the identifier named in the person's requests (replaced by the erasure id; the request's dates and outcome are kept)"));

        var certificate = new ErasureCertificate(erasureId, subject.Firm, now, requestedBy, reason, request.Id, SubjectFinder.Hash(subject.Query),
            [.. subject.Matches.GroupBy(m => m.Why).Select(g => $"{g.Count()} × {g.Key}")], removed, kept, NotStored, null);
        request.Status = PrivacyRequestStatus.Completed;
        request.CompletedAt = now;
        request.CompletedBy = requestedBy;
        request.ErasureId = erasureId;
        request.ResultJson = JsonSerializer.Serialize(certificate, AuditLog.Json);
        db.AuditEvents.Add(AuditLog.Event("privacy.erasure", requestedBy, now, new
        {
            erasureId,
            requestId = request.Id,
            reason,
            removed = removed.Select(r => new { r.Store, r.Count }),
            kept = kept.Select(k => new { k.Store, k.Basis }),
        }, subject.Firm));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var compaction = await SecureDeletion.CompactAsync(db, ct);
        certificate = certificate with { SecureDeletion = compaction };
        // The certificate with the compaction steps replaces the one committed with the erasure (no personal data either way).
        request.ResultJson = JsonSerializer.Serialize(certificate, AuditLog.Json);
        await db.SaveChangesAsync(ct);
        return certificate;
    }

    /// <summary>Numbers, true/false and order numbers survive; every other string (names, addresses, reasons typed) goes.</summary>
    internal static string? KeepFigures(string json)
    {
        try
        {
            return Filter(JsonNode.Parse(json))?.ToJsonString();
        }
        catch (JsonException)
        {
            return null;
        }

        static JsonNode? Filter(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.Where(p => p.Value is not JsonValue v || !v.TryGetValue<string>(out _) || IsReference(p.Key))
                .Select(p => KeyValuePair.Create(p.Key, Filter(p.Value)))),
            JsonArray a => new JsonArray([.. a.Select(Filter)]),
            _ => node?.DeepClone(),
        };

        static bool IsReference(string key) =>
            key.Contains("order", StringComparison.OrdinalIgnoreCase) || key.EndsWith("id", StringComparison.OrdinalIgnoreCase)
            || key.Contains("status", StringComparison.OrdinalIgnoreCase) || key.Contains("currency", StringComparison.OrdinalIgnoreCase);
    }

    private static readonly string[] PersonalOrderFields = ["customer_email", "customer_id", "customer_name", "delivery_address", "billing_address", "phone", "email"];

    /// <summary>The order without who placed it: contact fields and items' personalisation (monograms are initials) go.</summary>
    internal static string WithoutThePerson(string documentJson)
    {
        if (JsonNode.Parse(documentJson) is not JsonObject doc)
        {
            return "{}";
        }
        foreach (var field in PersonalOrderFields)
        {
            doc.Remove(field);
        }
        if (doc["items"] is JsonArray items)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                item.Remove("personalisation");
            }
        }
        if (doc["returns"] is JsonArray returns)
        {
            foreach (var r in returns.OfType<JsonObject>())
            {
                r.Remove("label_sent_to");
                r.Remove("reason");
            }
        }
        return doc.ToJsonString();
    }

    public static string Html(ErasureCertificate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var inv = CultureInfo.InvariantCulture;
        var html = new StringBuilder(PrintablePage.Head($"Erasure certificate {c.ErasureId}"));
        html.Append(inv, $"<h1>Erasure certificate {E(c.ErasureId)}</h1><table>");
        html.Append(inv, $"<tr><th>Firm</th><td>{E(c.Firm)}</td></tr><tr><th>Erased at</th><td>{E(c.At.ToString("u", inv))}</td></tr>");
        html.Append(inv, $"<tr><th>Asked by</th><td>{E(c.RequestedBy)}</td></tr><tr><th>Reason</th><td>{E(c.Reason)}</td></tr>");
        html.Append(inv, $"<tr><th>Request</th><td>{c.RequestId}</td></tr><tr><th>Person (SHA-256 of the identifier asked for)</th><td>{E(c.SubjectHash)}</td></tr></table>");
        html.Append("<h2>Found because</h2><ul>");
        foreach (var m in c.MatchedBecause)
        {
            html.Append(inv, $"<li>{E(m)}</li>");
        }
        html.Append("</ul><h2>Removed</h2><table><tr><th>Store</th><th>Records</th><th>What</th></tr>");
        foreach (var r in c.Removed)
        {
            html.Append(inv, $"<tr><td>{E(r.Store)}</td><td>{r.Count}</td><td>{E(r.What)}</td></tr>");
        }
        html.Append("</table><h2>Kept, and why</h2><table><tr><th>Store</th><th>Record</th><th>Basis</th><th>Reason</th></tr>");
        foreach (var k in c.Kept)
        {
            html.Append(inv, $"<tr><td>{E(k.Store)}</td><td>{E(k.Record)}</td><td>{E(k.Basis)}</td><td>{E(k.Reason)}</td></tr>");
        }
        html.Append("</table><h2>Not stored by Tandem</h2><ul>");
        foreach (var n in c.NotStored)
        {
            html.Append(inv, $"<li>{E(n)}</li>");
        }
        html.Append("</ul>");
        if (c.SecureDeletion is { } s)
        {
            html.Append(inv, $"<h2>Secure deletion ({E(s.Database)})</h2><p>{E(string.Join("; ", s.Steps))}.</p><p>{E(s.Remains)}</p>");
        }
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
}

/// <summary>Request dates are UK calendar dates: the ICO counts days where the firm is.</summary>
internal static class PrivacyDates
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly UkDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, London).DateTime);

    /// <summary>A date stored as the UTC midnight that starts it.</summary>
    public static DateTimeOffset Start(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static DateOnly Date(DateTimeOffset stored) => DateOnly.FromDateTime(stored.UtcDateTime);
}

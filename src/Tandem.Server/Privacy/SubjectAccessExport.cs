using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Server.Audit;

namespace Tandem.Server.Privacy;

/// <summary>
/// Everything Tandem holds about a person, for a subject access request (UK GDPR art. 15): as JSON
/// for the record, and as a self-contained printable HTML page for the person.
/// </summary>
internal static class SubjectAccessExport
{
    public static async Task<JsonObject> BuildAsync(TandemDbContext db, Subject subject, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subject);
        var ids = subject.ConversationIds.ToList();
        var rows = subject.CustomerRows.ToList();
        var orderNumbers = subject.OrderNumbers.ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => rows.Contains(c.Id)).ToListAsync(ct);
        var orders = await db.CommerceOrders.AsNoTracking().Where(o => o.FirmId == subject.Firm && orderNumbers.Contains(o.OrderNumber)).ToListAsync(ct);
        var conversations = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.ConversationId)).OrderBy(m => m.CreatedAt).ToListAsync(ct);
        var turns = await db.Turns.AsNoTracking().Where(t => ids.Contains(t.ConversationId)).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        var drafts = await db.Drafts.AsNoTracking().Where(d => ids.Contains(d.ConversationId)).OrderBy(d => d.CreatedAt).ToListAsync(ct);
        var reviews = await db.Reviews.AsNoTracking().Where(r => ids.Contains(r.ConversationId)).OrderBy(r => r.CreatedAt).ToListAsync(ct);
        var handoffs = await db.Handoffs.AsNoTracking().Where(h => ids.Contains(h.ConversationId)).OrderBy(h => h.RequestedAt).ToListAsync(ct);
        var actions = await db.ActionCalls.AsNoTracking().Where(a => ids.Contains(a.ConversationId)).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        var runs = await db.ProcedureRuns.AsNoTracking().Where(r => ids.Contains(r.ConversationId)).OrderBy(r => r.StartedAt).ToListAsync(ct);
        var audit = await AuditEventsAboutAsync(db, subject, ct);

        var export = new JsonObject
        {
            ["kind"] = "subject-access-export",
            ["firm"] = subject.Firm,
            ["exportedAt"] = now,
            ["identifiers"] = new JsonObject
            {
                ["customerIds"] = Array(subject.CustomerIds),
                ["emails"] = Array(subject.Emails),
                ["names"] = Array(subject.Names),
            },
            ["matchedBecause"] = new JsonArray([.. subject.Matches.Select(m => (JsonNode)new JsonObject { ["store"] = m.Store, ["record"] = m.Record, ["why"] = m.Why })]),
            ["customerRecords"] = Node(customers.Select(c => new { c.ExternalId, c.Name, c.Email, c.CreatedAt })),
            ["firmCustomerRecord"] = subject.PackRecord?.DeepClone(),
            ["orders"] = new JsonArray([.. orders.Select(o => Parse(o.DocumentJson))]),
            ["conversations"] = new JsonArray([.. conversations.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["channel"] = c.Channel,
                ["status"] = c.Status,
                ["startedAt"] = c.CreatedAt,
                ["resolvedAt"] = c.ResolvedAt,
                ["language"] = c.Language,
                ["identity"] = Node(new { verifiedCustomerId = c.VerifiedCustomerId, verifiedEmail = c.VerifiedEmail, method = c.IdentityMethod, verifiedAt = c.VerifiedAt, records = Parse(c.VerifiedRecordsJson) }),
                ["messages"] = Node(messages.Where(m => m.ConversationId == c.Id).Select(m => new { at = m.CreatedAt, author = m.Author, authorName = m.AuthorName, text = m.Text })),
                ["aiProcessing"] = new JsonArray([.. turns.Where(t => t.ConversationId == c.Id).Select(t => (JsonNode)new JsonObject
                {
                    ["at"] = t.CreatedAt,
                    ["topic"] = t.Topic,
                    ["decision"] = t.Decision,
                    ["explanation"] = t.Explanation,
                    ["signals"] = Parse(t.SignalsJson),
                    ["entities"] = Parse(t.EntitiesJson),
                    ["draft"] = t.DraftText,
                    ["actions"] = Parse(t.ActionsJson),
                })]),
                ["drafts"] = Node(drafts.Where(d => d.ConversationId == c.Id).Select(d => new { at = d.CreatedAt, text = d.Text, status = d.Status, reviewedAt = d.ReviewedAt })),
                ["reviews"] = Node(reviews.Where(r => r.ConversationId == c.Id).Select(r => new { at = r.CreatedAt, outcome = r.Outcome, reviewer = r.Reviewer, sentText = r.FinalText, reason = r.Reason })),
                ["handoffs"] = Node(handoffs.Where(h => h.ConversationId == c.Id).Select(h => new { at = h.RequestedAt, reasons = Parse(h.ReasonsJson), urgent = h.Urgent, acceptedBy = h.AcceptedBy, acceptedAt = h.AcceptedAt })),
                ["actions"] = new JsonArray([.. actions.Where(a => a.ConversationId == c.Id).Select(a => (JsonNode)new JsonObject
                {
                    ["at"] = a.CreatedAt,
                    ["tool"] = a.Tool,
                    ["status"] = a.Status,
                    ["arguments"] = Parse(a.ArgumentsJson),
                    ["result"] = a.ResultJson is null ? null : Parse(a.ResultJson),
                    ["toldTheCustomer"] = a.CustomerMessage,
                    ["decidedBy"] = a.DecidedBy,
                    ["note"] = a.DecisionNote,
                })]),
                ["procedures"] = new JsonArray([.. runs.Where(r => r.ConversationId == c.Id).Select(r => (JsonNode)new JsonObject
                {
                    ["procedure"] = r.ProcedureId,
                    ["startedAt"] = r.StartedAt,
                    ["outcome"] = r.Outcome,
                    ["state"] = Parse(r.StateJson),
                })]),
            })]),
            ["signalsAndSupportNeeds"] = new JsonArray([.. SignalsAndNeeds(turns.Select(t => t.SignalsJson), subject.PackRecord)]),
            ["auditEvents"] = new JsonArray([.. audit.Select(e => (JsonNode)new JsonObject
            {
                ["sequence"] = e.Sequence,
                ["at"] = e.CreatedAt,
                ["kind"] = e.Kind,
                ["actor"] = e.Actor,
                ["payload"] = Parse(e.Payload),
            })]),
        };
        return export;
    }

    /// <summary>Audit events of their conversations, and any other event of the firm that names them.</summary>
    private static async Task<List<Data.Audit.AuditEvent>> AuditEventsAboutAsync(TandemDbContext db, Subject subject, CancellationToken ct)
    {
        var ids = subject.ConversationIds.ToList();
        var keys = subject.Keys;
        var events = new List<Data.Audit.AuditEvent>();
        await foreach (var e in db.AuditEvents.AsNoTracking().Where(e => e.FirmId == subject.Firm || e.FirmId == null).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if ((e.ConversationId is { } c && ids.Contains(c)) || keys.Any(k => e.Payload.Contains(k, StringComparison.OrdinalIgnoreCase)))
            {
                events.Add(e);
            }
        }
        return events;
    }

    private static IEnumerable<JsonNode> SignalsAndNeeds(IEnumerable<string> signalsJson, JsonObject? packRecord)
    {
        foreach (var json in signalsJson)
        {
            if (Parse(json) is JsonArray signals)
            {
                foreach (var s in signals.OfType<JsonObject>())
                {
                    yield return new JsonObject { ["source"] = "detected in a message", ["kind"] = s["kind"]?.DeepClone(), ["evidence"] = s["evidence"]?.DeepClone() };
                }
            }
        }
        if (packRecord?["support_needs"] is JsonValue needs && needs.TryGetValue<string>(out var text) && text.Length > 0)
        {
            yield return new JsonObject { ["source"] = "the firm's customer record", ["kind"] = "support_needs", ["evidence"] = text };
        }
    }

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, AuditLog.Json);

    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }

    /// <summary>A printable page: headings and tables, no script, no external files.</summary>
    public static string Html(JsonObject export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var html = new StringBuilder();
        var firm = export["firm"]?.ToString() ?? "";
        html.Append(PrintablePage.Head($"Your data held by {firm}"));
        html.Append(CultureInfo.InvariantCulture, $"<h1>Your data held by {E(firm)}</h1><p>Exported {E(export["exportedAt"]?.ToString())} in answer to your subject access request. The full machine-readable copy is the JSON file that comes with this page.</p>");
        html.Append("<h2>How we found you</h2><table><tr><th>Where</th><th>Record</th><th>Why</th></tr>");
        foreach (var m in export["matchedBecause"]!.AsArray().OfType<JsonObject>())
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(m["store"])}</td><td>{E(m["record"])}</td><td>{E(m["why"])}</td></tr>");
        }
        html.Append("</table>");
        html.Append("<h2>Your customer record</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<pre>{E(export["firmCustomerRecord"]?.ToJsonString(Indented))}</pre><pre>{E(export["customerRecords"]?.ToJsonString(Indented))}</pre>");
        html.Append(CultureInfo.InvariantCulture, $"<h2>Orders ({export["orders"]!.AsArray().Count})</h2>");
        foreach (var o in export["orders"]!.AsArray().OfType<JsonObject>())
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(o["order_number"])}: {E(o["status"])}, placed {E(o["placed_at"])}, total £{E(o["total_gbp"])}</p>");
        }
        var conversations = export["conversations"]!.AsArray().OfType<JsonObject>().ToList();
        html.Append(CultureInfo.InvariantCulture, $"<h2>Conversations ({conversations.Count})</h2>");
        foreach (var c in conversations)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>Conversation started {E(c["startedAt"])} ({E(c["channel"])}, {E(c["status"])})</h3><table><tr><th>When</th><th>Who</th><th>Message</th></tr>");
            foreach (var m in c["messages"]!.AsArray().OfType<JsonObject>())
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(m["at"])}</td><td>{E(m["author"])}</td><td>{E(m["text"])}</td></tr>");
            }
            html.Append("</table><h4>What the assistant decided</h4><table><tr><th>When</th><th>Topic</th><th>Decision</th><th>Why</th><th>Signals</th></tr>");
            foreach (var t in c["aiProcessing"]!.AsArray().OfType<JsonObject>())
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(t["at"])}</td><td>{E(t["topic"])}</td><td>{E(t["decision"])}</td><td>{E(t["explanation"])}</td><td>{E(t["signals"]?.ToJsonString())}</td></tr>");
            }
            html.Append("</table><h4>Drafts, reviews and actions</h4><ul>");
            foreach (var d in c["drafts"]!.AsArray().OfType<JsonObject>())
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>AI draft ({E(d["status"])}): {E(d["text"])}</li>");
            }
            foreach (var r in c["reviews"]!.AsArray().OfType<JsonObject>())
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>Reviewed by {E(r["reviewer"])}: {E(r["outcome"])} {E(r["reason"])}</li>");
            }
            foreach (var a in c["actions"]!.AsArray().OfType<JsonObject>())
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>Action {E(a["tool"])} ({E(a["status"])}): {E(a["arguments"]?.ToJsonString())}</li>");
            }
            html.Append("</ul>");
        }
        html.Append("<h2>Signals and support needs</h2><ul>");
        foreach (var s in export["signalsAndSupportNeeds"]!.AsArray().OfType<JsonObject>())
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(s["kind"])} ({E(s["source"])}): {E(s["evidence"])}</li>");
        }
        var audit = export["auditEvents"]!.AsArray();
        html.Append(CultureInfo.InvariantCulture, $"</ul><h2>Audit record ({audit.Count} events)</h2><table><tr><th>#</th><th>When</th><th>What</th><th>By</th></tr>");
        foreach (var e in audit.OfType<JsonObject>())
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(e["sequence"])}</td><td>{E(e["at"])}</td><td>{E(e["kind"])}</td><td>{E(e["actor"])}</td></tr>");
        }
        html.Append("</table></body></html>");
        return html.ToString();
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string E(object? value) => WebUtility.HtmlEncode(value?.ToString() ?? "");
}

/// <summary>The shared head of Tandem's printable pages (exports and certificates): inline styles, nothing fetched.</summary>
internal static class PrintablePage
{
    public static string Head(string title) =>
        $"<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><style>" +
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}" +
        "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}" +
        "pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}@media print{body{margin:0}h2{break-before:auto}}" +
        "</style></head><body>";
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;

namespace Tandem.Server.Privacy;

/// <summary>One reason a record was taken to be about the person.</summary>
internal sealed record SubjectMatch(string Store, string Record, string Why);

/// <summary>Everything that identifies the person in this firm's data, and the records found with it.</summary>
internal sealed record Subject(
    string Firm,
    string Query,
    IReadOnlyList<string> CustomerIds,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Names,
    IReadOnlyList<Guid> CustomerRows,
    IReadOnlyList<string> OrderNumbers,
    IReadOnlyList<Guid> ConversationIds,
    IReadOnlyList<SubjectMatch> Matches,
    JsonObject? PackRecord)
{
    /// <summary>What a hold on the person or a later request names them by.</summary>
    public IReadOnlyList<string> Keys => [.. CustomerIds.Concat(Emails).Select(k => k.ToLowerInvariant()).Distinct()];

    public bool Found => Matches.Count > 0;
}

/// <summary>
/// Finds a person from a customer id (C-10001) or an e-mail address. The rule:
/// <list type="number">
/// <item>The firm's customer records (the customers table and the pack's data/customers.json) with that id or e-mail address give the person's other identifier.</item>
/// <item>The built-in connector's orders whose customer id or e-mail address is the person's are theirs, and give the other identifier too (one step, never transitively).</item>
/// <item>Conversations verified as that customer id or that e-mail address, or linked to their customer row, are theirs.</item>
/// <item>Conversations in which any message contains one of their e-mail addresses (an anonymous chat where they typed it) are theirs.</item>
/// </list>
/// E-mail addresses and customer ids compare case-insensitively. A name alone never matches: two
/// customers can share one.
/// </summary>
internal static class SubjectFinder
{
    public static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value.Trim().ToLowerInvariant())));

    public static async Task<Subject> FindAsync(TandemDbContext db, string firmId, string query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = query.Trim();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<string>(StringComparer.Ordinal);
        (q.Contains('@', StringComparison.Ordinal) ? emails : ids).Add(q);
        var matches = new List<SubjectMatch>();

        // 1. Customer records.
        var customers = (await db.Customers.AsNoTracking().Where(c => c.FirmId == firmId).ToListAsync(ct))
            .Where(c => ids.Contains(c.ExternalId) || (c.Email is not null && emails.Contains(c.Email))).ToList();
        foreach (var c in customers)
        {
            matches.Add(new("customers", c.ExternalId, $"customer record with {(ids.Contains(c.ExternalId) ? "this customer id" : "this e-mail address")}"));
        }
        foreach (var c in customers)
        {
            ids.Add(c.ExternalId);
            if (c.Email is not null)
            {
                emails.Add(c.Email);
            }
            if (c.Name is not null)
            {
                names.Add(c.Name);
            }
        }
        var firm = await db.Firms.AsNoTracking().FirstOrDefaultAsync(f => f.Id == firmId, ct);
        var packRecord = firm is null ? null : PackCustomer(firm.PackPath, ids, emails);
        if (packRecord is not null)
        {
            matches.Add(new("firm pack data/customers.json", packRecord["id"]?.GetValue<string>() ?? "", "the firm's customer record with this id or e-mail address"));
            AddText(ids, packRecord["id"]);
            AddText(emails, packRecord["email"]);
            AddText(names, packRecord["name"]);
        }

        // 2. Orders held by the built-in connector, one step from the identifiers known so far.
        var orders = (await db.CommerceOrders.AsNoTracking().Where(o => o.FirmId == firmId)
                .Select(o => new { o.OrderNumber, o.CustomerId, o.Email }).ToListAsync(ct))
            .Where(o => (o.CustomerId is not null && ids.Contains(o.CustomerId)) || emails.Contains(o.Email)).ToList();
        foreach (var o in orders)
        {
            matches.Add(new("commerce_orders", o.OrderNumber, "an order placed with their customer id or e-mail address"));
        }
        foreach (var o in orders)
        {
            if (o.CustomerId is not null)
            {
                ids.Add(o.CustomerId);
            }
            emails.Add(o.Email);
        }

        // 3. Conversations verified as the person.
        var rowIds = customers.Select(c => c.Id).ToHashSet();
        var conversations = await db.Conversations.AsNoTracking().Where(c => c.FirmId == firmId)
            .Select(c => new { c.Id, c.CustomerId, c.VerifiedCustomerId, c.VerifiedEmail }).ToListAsync(ct);
        var found = new List<Guid>();
        foreach (var c in conversations)
        {
            string? why = c.VerifiedCustomerId is not null && ids.Contains(c.VerifiedCustomerId) ? "verified as their customer id"
                : c.VerifiedEmail is not null && emails.Contains(c.VerifiedEmail) ? "verified with their e-mail address"
                : c.CustomerId is { } row && rowIds.Contains(row) ? "linked to their customer record"
                : null;
            if (why is not null)
            {
                found.Add(c.Id);
                matches.Add(new("conversations", c.Id.ToString(), why));
            }
        }

        // 4. Conversations where one of their e-mail addresses was written. Matched here, not in SQL,
        // because providers differ on case-insensitive search; a request is rare and reads only text.
        var firmConversations = conversations.Select(c => c.Id).Except(found).ToHashSet();
        var typed = new HashSet<Guid>();
        var messages = db.Messages.AsNoTracking()
            .Join(db.Conversations.Where(c => c.FirmId == firmId), m => m.ConversationId, c => c.Id, (m, c) => new { m.ConversationId, m.Text })
            .AsAsyncEnumerable();
        await foreach (var m in messages.WithCancellation(ct))
        {
            if (firmConversations.Contains(m.ConversationId) && !typed.Contains(m.ConversationId)
                && emails.Any(e => m.Text.Contains(e, StringComparison.OrdinalIgnoreCase)))
            {
                typed.Add(m.ConversationId);
            }
        }
        foreach (var id in typed)
        {
            found.Add(id);
            matches.Add(new("conversations", id.ToString(), "their e-mail address appears in a message"));
        }

        return new(firmId, q, [.. ids.Order(StringComparer.Ordinal)], [.. emails.Select(e => e.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal)],
            [.. names], [.. rowIds], [.. orders.Select(o => o.OrderNumber)], found, matches, packRecord);
    }

    private static void AddText(HashSet<string> set, JsonNode? node)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s))
        {
            set.Add(s);
        }
    }

    /// <summary>The firm's own customer record from its pack (read-only to Tandem: the firm's data, not Tandem's store).</summary>
    private static JsonObject? PackCustomer(string packPath, HashSet<string> ids, HashSet<string> emails)
    {
        var file = Path.Combine(packPath, "data", "customers.json");
        if (!File.Exists(file))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(File.ReadAllText(file)) is JsonArray all
                ? all.OfType<JsonObject>().FirstOrDefault(c =>
                    (c["id"] is JsonValue id && id.TryGetValue<string>(out var i) && ids.Contains(i))
                    || (c["email"] is JsonValue em && em.TryGetValue<string>(out var e) && emails.Contains(e)))
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

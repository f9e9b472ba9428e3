using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Tandem.Server.Firms;

namespace Tandem.Server.Inbox;

/// <summary>A customer as the firm's own records describe them; support needs are what the customer told the firm.</summary>
internal sealed record CustomerRecord(string Id, string Name, string Email, string? SupportNeeds);

/// <summary>
/// The firm's customer records from the pack's data/customers.json, read once per firm. Only the inbox reads
/// it: an agent answering a verified customer should see their name and the support needs they have asked
/// the firm to remember (a dyslexic customer who prefers short messages, say) before they reply.
/// </summary>
internal sealed class CustomerDirectory(FirmRegistry firms)
{
    private readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<CustomerRecord>>> _byFirm = new(StringComparer.Ordinal);

    public CustomerRecord? Find(string firm, string? customerId, string? email)
    {
        if (customerId is null && email is null)
        {
            return null;
        }
        var records = _byFirm.GetOrAdd(firm, f => new Lazy<IReadOnlyList<CustomerRecord>>(() => Read(firms.Find(f)?.Pack.Seed.CustomersPath))).Value;
        return records.FirstOrDefault(r => customerId is not null && r.Id == customerId)
            ?? records.FirstOrDefault(r => email is not null && string.Equals(r.Email, email, StringComparison.OrdinalIgnoreCase));
    }

    private static IReadOnlyList<CustomerRecord> Read(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }
        var list = JsonNode.Parse(File.ReadAllBytes(path)) as JsonArray ?? [];
        return [.. list.OfType<JsonObject>()
            .Where(o => o["id"] is not null)
            .Select(o => new CustomerRecord(
                o["id"]!.GetValue<string>(),
                o["name"]?.GetValue<string>() ?? "",
                o["email"]?.GetValue<string>() ?? "",
                o["support_needs"]?.GetValue<string>() is { Length: > 0 } needs ? needs : null))];
    }
}

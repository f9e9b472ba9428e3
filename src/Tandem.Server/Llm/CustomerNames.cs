using System.Collections.Concurrent;
using System.Text.Json;
using Tandem.Server.Actions;
using Tandem.Server.Firms;

namespace Tandem.Server.Llm;

/// <summary>
/// The verified customer's name, from the firm's customer records (the pack's data/customers.json),
/// so it can be replaced with a placeholder before anything is sent to a language-model provider.
/// </summary>
internal static class CustomerNames
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<(string? Id, string? Email, string Name)>> Records = new();

    public static IReadOnlyList<string> For(LoadedFirm firm, CustomerIdentity? identity)
    {
        ArgumentNullException.ThrowIfNull(firm);
        if (identity is null || firm.Pack.Seed.CustomersPath is not { } path)
        {
            return [];
        }
        var records = Records.GetOrAdd(path, Read);
        var match = records.FirstOrDefault(r =>
            (identity.CustomerId is not null && string.Equals(r.Id, identity.CustomerId, StringComparison.OrdinalIgnoreCase))
            || (identity.Email is not null && string.Equals(r.Email, identity.Email, StringComparison.OrdinalIgnoreCase)));
        return match.Name is null ? [] : [.. match.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(n => n.Length > 1)];
    }

    private static IReadOnlyList<(string? Id, string? Email, string Name)> Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return [.. doc.RootElement.EnumerateArray()
                .Where(c => c.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                .Select(c => (c.TryGetProperty("id", out var id) ? id.GetString() : null, c.TryGetProperty("email", out var e) ? e.GetString() : null, c.GetProperty("name").GetString()!))];
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidOperationException)
        {
            // The pack was validated at start-up; an unreadable file now means no names to redact, and
            // e-mail addresses, phones and the like are still found by pattern.
            return [];
        }
    }
}

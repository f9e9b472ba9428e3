using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Server.Conversations;
using Tandem.Server.Identity;

namespace Tandem.Server.Inbox;

/// <summary>Who the customer is, as far as the conversation has verified it.</summary>
/// <param name="Method">token (signed in on the firm's site) or chat (e-mail address and order number).</param>
internal sealed record VerifiedCustomerView(string Method, DateTimeOffset VerifiedAt, string? CustomerId, string? Name, string? Email, string? SupportNeeds);

internal sealed record RecentOrderView(string OrderNumber, string Status, DateTimeOffset? PlacedAt, decimal TotalGbp, string Items);

/// <summary>A passage a draft cites, with its text, so the agent can check the draft against it without leaving the inbox.</summary>
internal sealed record CitedPassageView(string PassageId, string Source, string TitlePath, string Text, string Url);

/// <summary>What an agent needs beside a queue item: the transcript, the verified customer, their recent orders and the cited passages.</summary>
internal sealed record InboxConversationView(
    Guid Id,
    string Firm,
    string Channel,
    string Status,
    string? AssignedTo,
    int Version,
    DateTimeOffset CreatedAt,
    VerifiedCustomerView? Customer,
    IReadOnlyList<RecentOrderView> RecentOrders,
    IReadOnlyList<MessageDto> Messages,
    IReadOnlyList<CitedPassageView> CitedPassages);

internal static class InboxConversations
{
    private const int RecentOrders = 5;

    public static async Task<InboxConversationView?> LoadAsync(TandemDbContext db, CustomerDirectory customers, Guid id, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return null;
        }
        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.CreatedAt).ToListAsync(ct);
        VerifiedCustomerView? customer = null;
        var orders = new List<RecentOrderView>();
        if (CustomerIdentities.Of(conversation) is { } identity)
        {
            var record = customers.Find(conversation.FirmId, identity.CustomerId, identity.Email);
            customer = new VerifiedCustomerView(identity.Method, identity.VerifiedAt, identity.CustomerId ?? record?.Id, record?.Name,
                identity.Email ?? record?.Email, record?.SupportNeeds);
            var customerId = customer.CustomerId;
            var email = customer.Email?.ToLowerInvariant();
            var rows = await db.CommerceOrders.AsNoTracking()
                .Where(o => o.FirmId == conversation.FirmId && ((customerId != null && o.CustomerId == customerId) || (email != null && o.Email == email)))
                .Select(o => new { o.OrderNumber, o.Status, o.DocumentJson })
                .ToListAsync(ct);
            orders = [.. rows.Select(o => Order(o.OrderNumber, o.Status, o.DocumentJson)).OrderByDescending(o => o.PlacedAt).Take(RecentOrders)];
        }
        var draft = await db.Drafts.AsNoTracking().Where(d => d.ConversationId == id && d.Status == DraftStatus.Pending)
            .OrderByDescending(d => d.CreatedAt).Select(d => d.CitationsJson).FirstOrDefaultAsync(ct);
        var cited = draft is null ? [] : Json.Read<List<CitationDto>>(draft);
        var keys = cited.Select(c => c.PassageId).OfType<string>().Distinct().ToList();
        var passages = await db.KnowledgePassages.AsNoTracking().Where(p => p.FirmId == conversation.FirmId && keys.Contains(p.PassageKey))
            .Select(p => new { p.PassageKey, p.CitedSource, p.TitlePath, p.Text }).ToListAsync(ct);
        return new InboxConversationView(conversation.Id, conversation.FirmId, conversation.Channel, conversation.Status, conversation.AssignedTo,
            conversation.Version, conversation.CreatedAt, customer, orders, [.. messages.Select(MessageDto.From)],
            [.. keys.Select(k => passages.FirstOrDefault(p => p.PassageKey == k)).Where(p => p is not null)
                .Select(p => new CitedPassageView(p!.PassageKey, p.CitedSource, p.TitlePath, p.Text,
                    $"/kb/{Uri.EscapeDataString(conversation.FirmId)}/{Uri.EscapeDataString(p.CitedSource)}"))]);
    }

    private static RecentOrderView Order(string number, string status, string documentJson)
    {
        var doc = JsonNode.Parse(documentJson) as JsonObject ?? [];
        var placed = doc["placed_at"]?.GetValue<string>() is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : (DateTimeOffset?)null;
        var items = doc["items"] as JsonArray ?? [];
        var total = items.OfType<JsonObject>().Sum(i => (i["unit_price_gbp"]?.GetValue<decimal>() ?? 0) * (i["quantity"]?.GetValue<int>() ?? 1));
        var names = string.Join(", ", items.OfType<JsonObject>().Select(i => (i["quantity"]?.GetValue<int>() ?? 1) is var q && q > 1 ? $"{q} × {i["product_name"]}" : $"{i["product_name"]}"));
        return new RecentOrderView(number, status, placed, total, names);
    }
}

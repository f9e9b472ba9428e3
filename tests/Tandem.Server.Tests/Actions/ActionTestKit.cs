using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Identity;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Actions;

public sealed record ActionOutcomeView(string Status, string Reason, string CustomerMessage, JsonElement? Result, Guid? ActionId, bool Replayed);

/// <summary>What the action tests share: a host with the reference firm's identity secret, verified conversations, calls through the API.</summary>
internal static class ActionTestKit
{
    public const string Firm = "harbour-home";
    public const string Secret = "test-identity-secret-for-harbour-home";

    public static Dictionary<string, string?> Settings => new() { ["Tandem:IdentitySecrets:harbour-home"] = Secret };

    public static Task<TandemHost> StartAsync(Store store, Action<IServiceCollection>? services = null) =>
        TandemHost.StartAsync(store, settings: Settings, services: services);

    public static string TokenFor(TandemHost host, string customerId, TimeSpan? validFor = null, string firm = Firm, string secret = Secret) =>
        CustomerTokens.Create(secret, customerId, firm, host.Clock.GetUtcNow() + (validFor ?? TimeSpan.FromHours(1)));

    /// <summary>A conversation whose customer signed in on the firm's website.</summary>
    public static Task<CustomerConversation> SignedInAsync(TandemHost host, string customerId) =>
        host.StartConversationAsync(customerToken: TokenFor(host, customerId));

    public static async Task<ActionOutcomeView> CallAsync(TandemHost host, Guid conversation, string tool, object arguments,
        string? topic = null, string? key = null, string caller = "agent", Guid? messageId = null)
    {
        using var admin = host.Admin();
        var response = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation}/actions",
            new { tool, arguments, topic, idempotencyKey = key, caller, messageId });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ActionOutcomeView>() ?? throw new InvalidOperationException("empty body");
    }

    /// <summary>As the assistant would call it: the topic's mode and the firm's limits apply.</summary>
    public static Task<ActionOutcomeView> AssistantCallsAsync(TandemHost host, Guid conversation, string topic, string tool, object arguments, string? key = null) =>
        CallAsync(host, conversation, tool, arguments, topic, key ?? Guid.NewGuid().ToString(), caller: "procedure");

    public static async Task SetModeAsync(TandemHost host, string topic, string mode)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        await db.TopicSettings.Where(t => t.FirmId == Firm && t.TopicId == topic).ExecuteUpdateAsync(s => s.SetProperty(t => t.Mode, mode));
    }

    /// <summary>The order as the commerce connector holds it now.</summary>
    public static async Task<JsonObject> OrderAsync(TandemHost host, string orderNumber)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var order = await db.CommerceOrders.AsNoTracking().SingleAsync(o => o.FirmId == Firm && o.OrderNumber == orderNumber);
        return (JsonObject)JsonNode.Parse(order.DocumentJson)!;
    }

    public static async Task<int> RefundsOnAsync(TandemHost host, string orderNumber) =>
        (await OrderAsync(host, orderNumber))["refunds"] is JsonArray refunds ? refunds.Count : 0;

    public static async Task<int> ActionRowsAsync(TandemHost host, Guid conversation)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        return await db.ActionCalls.CountAsync(a => a.ConversationId == conversation);
    }

    public static async Task<List<string>> AuditKindsAsync(TandemHost host, Guid conversation)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        return await db.AuditEvents.AsNoTracking().Where(e => e.ConversationId == conversation).OrderBy(e => e.Sequence).Select(e => e.Kind).ToListAsync();
    }

    /// <summary>Whose order: read from the pack's data, so the tests follow the data rather than hard-coding its answers.</summary>
    public static async Task<(string CustomerId, string Email)> OwnerOfAsync(TandemHost host, string orderNumber)
    {
        var order = await OrderAsync(host, orderNumber);
        return (order["customer_id"]!.GetValue<string>(), order["customer_email"]!.GetValue<string>());
    }
}

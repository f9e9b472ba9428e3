using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Procedures;

/// <summary>Helpers for procedure tests: topic modes set as an admin would after sign-off, and what the gateway recorded.</summary>
internal static class ProcedureHost
{
    /// <summary>
    /// Sets a topic's mode in the database directly: promotion through the API needs 60 days of
    /// reviewed history (issue 5), which these tests are not about.
    /// </summary>
    public static async Task SetModeAsync(TandemHost host, string topic, string mode)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var setting = await db.TopicSettings.FirstAsync(t => t.FirmId == "harbour-home" && t.TopicId == topic);
        setting.Mode = mode;
        await db.SaveChangesAsync();
    }

    public static async Task<List<(string Tool, string Status, string Caller)>> ActionCallsAsync(TandemHost host, Guid conversationId)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        return [.. (await db.ActionCalls.AsNoTracking().Where(a => a.ConversationId == conversationId).OrderBy(a => a.CreatedAt).ToListAsync())
            .Select(a => (a.Tool, a.Status, a.Caller))];
    }

    public static async Task<string> OrderStatusAsync(TandemHost host, string orderNumber)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        return await db.CommerceOrders.AsNoTracking().Where(o => o.OrderNumber == orderNumber).Select(o => o.Status).FirstAsync();
    }

    /// <summary>The names and statuses of the tool calls recorded on a turn.</summary>
    public static List<(string Name, string Status)> Actions(TurnView turn) =>
        [.. turn.Actions.EnumerateArray().Select(a => (a.GetProperty("name").GetString()!, a.GetProperty("status").GetString()!))];

    public static async Task<Guid> ProposalAsync(TandemHost host, Guid conversationId, string tool)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        return await db.ActionCalls.AsNoTracking().Where(a => a.ConversationId == conversationId && a.Tool == tool && a.Status == "proposed").Select(a => a.Id).SingleAsync();
    }

    public static JsonElement? Find(JsonElement array, Func<JsonElement, bool> predicate) =>
        array.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(e => predicate(e!.Value));
}

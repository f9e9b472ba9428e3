using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Realtime;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Llm;

/// <summary>Starting Tandem against a provider stub, and reading what the turn recorded and published.</summary>
internal static class LlmTestKit
{
    public static Task<TandemHost> StartAsync(Store store, ProviderStub stub, bool streaming = true, IReadOnlyDictionary<string, string?>? extra = null, string? pack = null)
    {
        var settings = stub.Settings(streaming);
        if (pack is not null)
        {
            settings["Tandem:Firms:0"] = pack;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return TandemHost.StartAsync(store, settings: settings);
    }

    /// <summary>Every event published for the conversation, in order, from now on.</summary>
    public static ConcurrentQueue<ConversationEvent> Watch(TandemHost host, Guid conversationId)
    {
        var seen = new ConcurrentQueue<ConversationEvent>();
        host.Services.GetRequiredService<ConversationEvents>().Published += e =>
        {
            if (e.ConversationId == conversationId)
            {
                seen.Enqueue(e);
            }
        };
        return seen;
    }

    public static string Text(ConversationEvent e) => JsonSerializer.SerializeToElement(e.Data).GetProperty("text").GetString()!;

    /// <summary>The payload of the turn's audit event of this kind (e.g. turn.draft).</summary>
    public static async Task<JsonElement> AuditAsync(TandemHost host, Guid turnId, string kind)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var payload = await db.AuditEvents.AsNoTracking().Where(a => a.TurnId == turnId && a.Kind == kind).Select(a => a.Payload).SingleAsync();
        return JsonDocument.Parse(payload).RootElement.Clone();
    }

    public static async Task<List<JsonElement>> ActionAuditsAsync(TandemHost host, Guid conversationId)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var payloads = await db.AuditEvents.AsNoTracking().Where(a => a.ConversationId == conversationId && a.Kind.StartsWith("action.")).OrderBy(a => a.Sequence).Select(a => a.Payload).ToListAsync();
        return [.. payloads.Select(p => JsonDocument.Parse(p).RootElement.Clone())];
    }

    /// <summary>
    /// The reference firm without its procedures: a firm that lets the model use the order tools
    /// itself (with procedures, "where is my order" is the scripted procedure's, not the model's).
    /// </summary>
    public static string PackWithoutProcedures()
    {
        var pack = TestPaths.CopyOfReferenceFirm();
        File.Delete(Path.Combine(pack, "procedures.yaml"));
        return pack;
    }

    public static TheoryData<Store, Wire> StoresAndWires => new()
    {
        { Store.Sqlite, Wire.OpenAi },
        { Store.Sqlite, Wire.Anthropic },
        { Store.Postgres, Wire.OpenAi },
        { Store.Postgres, Wire.Anthropic },
        { Store.Sqlite, Wire.Ollama },
        { Store.Postgres, Wire.Ollama },
    };

    public static TheoryData<Store> Stores => new() { Store.Sqlite, Store.Postgres };

    /// <summary>What a careful model answers to "How much is standard delivery?" from the firm's delivery article.</summary>
    public const string DeliveryAnswer =
        "Standard delivery costs £4.95 and is free when your goods total is over £50 {cite:Standard delivery costs £4.95}. " +
        "Parcels are sent with Royal Mail or DPD and arrive within 3–5 working days {cite:arrive within 3–5 working days}.";
}

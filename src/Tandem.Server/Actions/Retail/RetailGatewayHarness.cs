using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Rules.Routing;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Actions.Retail;

/// <summary>
/// The real <see cref="ActionGateway"/> over the τ-bench retail connector, for `./tandem eval tau-retail`:
/// a retail firm pack written to a temporary folder (the benchmark's data is not ours to ship, so the pack
/// is built from the data folder at run time), a fresh SQLite database migrated as `serve` migrates it,
/// and the gateway wired as the server wires it. Every replayed action passes the gateway's checks —
/// the tool allowed for the topic, the customer verified, the record theirs, the arguments valid — and is
/// recorded with its idempotency key and audit event.
/// </summary>
internal sealed class RetailGatewayHarness : IAsyncDisposable
{
    public const string FirmId = "tau-retail";
    public const string Topic = "retail";

    private readonly ServiceProvider _services;
    private readonly MiniLmEmbedder _embedder;
    private readonly string _folder;

    private RetailGatewayHarness(ServiceProvider services, MiniLmEmbedder embedder, string folder, TauRetailConnector connector)
    {
        _services = services;
        _embedder = embedder;
        _folder = folder;
        Connector = connector;
    }

    public TauRetailConnector Connector { get; }

    public ActionGateway Gateway => _services.GetRequiredService<ActionGateway>();

    /// <param name="policy">The domain's policy (wiki.md), the pack's one article; null writes a placeholder.</param>
    public static async Task<RetailGatewayHarness> StartAsync(RetailData data, string? policy, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tandem-tau-retail-" + Guid.NewGuid().ToString("N"));
        WritePack(Path.Combine(folder, "pack"), policy);
        var loaded = FirmPackLoader.Load(Path.Combine(folder, "pack"));
        if (loaded.Pack is null)
        {
            throw new InvalidOperationException("The generated retail pack does not load: " + string.Join("; ", loaded.Problems.Select(p => $"{p.File}:{p.Line}: {p.Message}")));
        }
        var embedder = new MiniLmEmbedder();
        var firms = new FirmRegistry();
        firms.Register(new LoadedFirm(loaded.Pack, embedder));
        var connector = new TauRetailConnector(FirmId, data);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(new TandemOptions { DataDir = Path.Combine(folder, "data") }));
        services.AddTandemDatabase();
        services.AddSingleton(firms);
        services.AddSingleton<IConnector>(connector);
        services.AddSingleton<ConnectorRegistry>();
        services.AddSingleton(Options.Create(new ActionsOptions()));
        services.AddSingleton<ActionGateway>();
        var provider = services.BuildServiceProvider();
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        await using (var db = await provider.GetRequiredService<IDbContextFactory<TandemDbContext>>().CreateDbContextAsync(ct))
        {
            await db.Database.MigrateAsync(ct);
        }
        return new RetailGatewayHarness(provider, embedder, folder, connector);
    }

    /// <summary>
    /// One expected action through the gateway as the task's own customer, verified; the retail topic is
    /// autonomous because the benchmark's agent acts once the customer has said yes; the key is the task's
    /// and the action's, so a rerun of the same action would be answered from the stored outcome.
    /// </summary>
    public async Task<ReplayOutcome> RunAsync(Guid conversation, ReplayCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var email = Connector.StoreFor(conversation).Data.Users[call.Task.UserId]?["email"]?.GetValue<string>();
        var outcome = await Gateway.RunAsync(new ActionRequest
        {
            FirmId = FirmId,
            ConversationId = conversation,
            Customer = new CustomerIdentity(call.Task.UserId, email, IdentityMethods.Token, TimeProvider.System.GetUtcNow(), []),
            Topic = Topic,
            Mode = TopicMode.Autonomous,
            Tool = call.Action.Name,
            Arguments = JsonSerializer.SerializeToElement(call.Action.Arguments),
            IdempotencyKey = $"tau-retail:{call.Task.TaskIndex}:{call.ActionIndex}",
            Caller = ActionCaller.Procedure,
            Actor = "system",
        }, ct);
        return outcome.Status switch
        {
            ActionStatus.Executed => new ReplayOutcome(true, outcome.Result is { ValueKind: JsonValueKind.String } s ? s.GetString()! : outcome.Result?.GetRawText() ?? ""),
            // A tool's own refusal carries its "Error: ..." sentence; any other refusal is the gateway's, named by its reason.
            ActionStatus.Refused when outcome.Reason == TauRetailConnector.ToolError => new ReplayOutcome(false, outcome.CustomerMessage),
            _ => new ReplayOutcome(false, $"gateway {outcome.Status.ToString().ToLowerInvariant()} ({outcome.Reason}): {outcome.CustomerMessage}"),
        };
    }

    private static void WritePack(string root, string? policy)
    {
        Directory.CreateDirectory(Path.Combine(root, "knowledge"));
        File.WriteAllText(Path.Combine(root, "firm.yaml"), """
            id: tau-retail
            name: τ-bench retail
            timezone: America/New_York
            openingHours:
              monday: 09:00-17:00
              tuesday: 09:00-17:00
              wednesday: 09:00-17:00
              thursday: 09:00-17:00
              friday: 09:00-17:00
            aiDisclosure: I'm an AI assistant, not a person.
            privacyNoticeUrl: https://shop.example/privacy
            messages:
              handoff: A person will reply soon.
              outOfHours: A person will reply from {next_opening}.
              urgent: If you are in danger, please call 911.
              holding: Someone is checking this reply.

            """);
        var tools = string.Join(", ", RetailTools.All.Select(t => t.Name));
        File.WriteAllText(Path.Combine(root, "topics.yaml"), $"""
            topics:
              - id: {Topic}
                name: Orders, returns and exchanges
                description: Cancelling or changing pending orders, returning or exchanging delivered ones, and the customer's profile.
                mode: autonomous
                articles: [policy.md]
                tools: [{tools}]
                examples:
                  - "I want to cancel my order"
                  - "Can I exchange the shirt I received for a different size?"
                  - "Please change the shipping address on my order"

            """);
        File.WriteAllText(Path.Combine(root, "policies.yaml"), """
            neverAutonomousTopics: []
            alwaysHandoffSignals: []

            """);
        File.WriteAllText(Path.Combine(root, "knowledge", "policy.md"), policy ?? "# Retail agent policy\n\nThe agent acts on the customer's own orders once they have confirmed.\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _embedder.Dispose();
        // SQLite pools connections; clear them so the temporary folder can go.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; the figures are already out.
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Tandem.Data;
using Tandem.Rules.Privacy;
using Tandem.Rules.Routing;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;
using Tandem.Server.Llm;

namespace Tandem.Server.Privacy;

/// <summary>A category of personal data Tandem stores, where, and for how long.</summary>
/// <param name="SpecialCategory">UK GDPR article 9 data (here: health, from support needs and vulnerability), which needs an article 9 condition and a DPIA.</param>
internal sealed record DataCategory(string Id, string Name, string Examples, IReadOnlyList<string> StoredIn, bool SpecialCategory, string Retention, IReadOnlyList<string> ProcessedBy);

/// <summary>Somewhere personal data is processed: this server, the LLM provider, a firm's system.</summary>
/// <param name="TrainsOnData">Whether the processor may train its models on the data: false, true, or null when the pack doesn't say.</param>
internal sealed record DataProcessor(string Id, string Kind, string Name, string? Host, string? Region, bool? TrainsOnData, string Receives, string Note);

internal sealed record TopicInvolvement(string Topic, string Name, string Mode, string HumanInvolvement, bool NeverAutonomous);

internal sealed record DataMapReport(
    string Firm, string FirmName, DateTimeOffset GeneratedAt, string PrivacyNoticeUrl,
    IReadOnlyList<DataCategory> Categories, IReadOnlyList<DataProcessor> Processors,
    IReadOnlyDictionary<string, string> Retention, IReadOnlyList<TopicInvolvement> Topics);

/// <summary>
/// The facts a firm's DPIA needs, read from what is running: the pack's retention, the configured
/// LLM provider and connectors, and the live topic modes (the database, which admins change).
/// </summary>
internal sealed class DataMap(IOptions<TandemOptions> options, IConfiguration configuration, TimeProvider clock)
{
    public async Task<DataMapReport> BuildAsync(TandemDbContext db, FirmPack pack, CancellationToken ct)
    {
        var settings = await db.TopicSettings.AsNoTracking().Where(t => t.FirmId == pack.Id).ToListAsync(ct);
        var modes = settings.ToDictionary(t => t.TopicId, t => t.Mode, StringComparer.Ordinal);
        var retention = pack.Profile.Retention;
        var processors = Processors(pack);
        var external = processors.Where(p => p.Kind is "llm").Select(p => p.Id).ToList();
        var connectors = processors.Where(p => p.Kind == "connector").Select(p => p.Id).ToList();
        string[] server = ["server"];

        var categories = new List<DataCategory>
        {
            new("identity", "Identity", "name, the firm's customer number, verification of who is writing (order number matched to e-mail)",
                ["customers", "conversations (verified customer)", "audit_events"], false, $"transcripts: {retention.Transcripts}", [.. server, .. connectors]),
            new("contact", "Contact details", "e-mail address, delivery address within orders",
                ["customers", "conversations (verified e-mail)", "commerce_orders"], false, $"transcripts: {retention.Transcripts}; order records: the firm's systems", [.. server, .. connectors]),
            new("messages", "Message content", "everything the customer and staff write in the chat, and the assistant's replies and drafts",
                ["messages", "turns", "drafts", "reviews", "audit_events"], false, $"transcripts: {retention.Transcripts}; drafts: {retention.Drafts}", [.. server, .. external]),
            new("support_needs", "Support needs and vulnerability", "signals a message raised (vulnerability, hardship, self-harm, health mentioned) with the words that raised them",
                ["turns (signals)", "handoffs (reasons)", "audit_events"], true, $"transcripts: {retention.Transcripts}", [.. server, .. external]),
            new("orders", "Order details", "order numbers, items, amounts, delivery status",
                ["commerce_orders", "action_calls", "turns (entities)"], false, $"audit payloads: {retention.AuditPayloads}", [.. server, .. connectors]),
            new("actions", "Actions and refunds", "refunds, cancellations and other changes made for the customer, who approved them",
                ["action_calls", "audit_events"], false, $"audit payloads: {retention.AuditPayloads}", [.. server, .. connectors]),
            new("complaints", "Complaint records", "what the customer complained about, the letters sent and the outcome",
                ["complaints"], false, $"kept {RetentionSweep.ComplaintRecordHold} from receipt (FCA DISP 1.9.1); their conversations are held as long", server),
            new("audit", "Audit log", "every stage of every turn with its input and output, and every staff action",
                ["audit_events"], false, $"audit payloads: {retention.AuditPayloads} (then the payload is redacted; the hash chain stays)", server),
        };

        var never = pack.Policy.NeverAutonomousTopics;
        var topics = pack.Topics.Select(t =>
        {
            var mode = modes.TryGetValue(t.Id, out var m) && ModeNames.TryParseMode(m, out var parsed) ? parsed : t.Mode;
            return new TopicInvolvement(t.Id, t.Name, mode.ToWire(), Involvement(mode), never.Contains(t.Id));
        }).ToList();

        return new DataMapReport(pack.Id, pack.Name, clock.GetUtcNow(), pack.Profile.PrivacyNoticeUrl, categories, processors,
            DataClasses.All.ToDictionary(c => c, c => retention.For(c).ToString()), topics);
    }

    private static string Involvement(TopicMode mode) => mode switch
    {
        TopicMode.Human => "human: a person answers every message",
        TopicMode.Copilot => "co-pilot: the assistant drafts, a person approves every reply and action before it is sent",
        _ => "autonomous: the assistant replies alone within the firm's limits; anything outside them goes to a person",
    };

    private List<DataProcessor> Processors(FirmPack pack)
    {
        var database = options.Value.Database;
        var postgres = string.Equals(database.Provider, "postgres", StringComparison.OrdinalIgnoreCase);
        string? dbHost = null;
        if (postgres && database.ConnectionString is { } cs)
        {
            try
            {
                dbHost = new NpgsqlConnectionStringBuilder(cs).Host;
            }
            catch (ArgumentException)
            {
                dbHost = null;
            }
        }
        var list = new List<DataProcessor>
        {
            new("server", "server", "This Tandem server", Environment.MachineName, null, false, "everything",
                "Runs the understanding, retrieval and embedded responder in process: the MiniLM model is part of the server, so no message leaves it to be understood or searched."),
            new("database", "database", postgres ? "PostgreSQL database" : "SQLite database (in the server's data folder)", postgres ? dbHost : Environment.MachineName, null, false, "everything stored",
                "All records; the retention periods below apply here."),
        };
        list.Add(Llm(pack));
        list.Add(new DataProcessor("commerce", "connector", "Built-in commerce connector", "this server", null, false, "order numbers, e-mail addresses",
            "Reads and changes the orders seeded from the pack's data folder; nothing leaves the server."));
        foreach (var c in pack.HttpConnectors)
        {
            list.Add(new DataProcessor($"connector:{c.Name}", "connector", $"Connector '{c.Name}' (connectors.yaml)", c.BaseUrl.Host, null, null,
                string.Join(", ", c.Operations.Select(o => o.Name)),
                "The firm's own system: receives the arguments of the operations the assistant or an agent calls. Whether it trains on data is for the firm's contract with it."));
        }
        return list;
    }

    /// <summary>
    /// The LLM provider that applies to this firm: its firm.yaml <c>llm:</c> over Tandem:Llm, resolved by
    /// the same code the responder uses (<see cref="LlmSettings.For"/>), so the map shows what really runs.
    /// </summary>
    private DataProcessor Llm(FirmPack pack)
    {
        var options = configuration.GetSection(LlmOptions.Section).Get<LlmOptions>() ?? new LlmOptions();
        var firm = pack.Profile.Llm;
        LlmSettings settings;
        try
        {
            settings = LlmSettings.For(options, firm);
        }
        catch (InvalidOperationException ex)
        {
            // Tandem refuses to start with this configuration; the map says why rather than guess.
            return new DataProcessor("llm", "llm", "LLM provider: misconfigured", null, firm.Region, firm.ProviderTrainsOnData, "nothing (Tandem will not start)", ex.Message);
        }
        if (!settings.Enabled)
        {
            return new DataProcessor("llm", "none", "No external LLM provider", null, null, false, "nothing",
                "Replies are written by the embedded responder from the firm's own articles; no message is sent to an outside model.");
        }
        var trains = firm.ProviderTrainsOnData;
        return new DataProcessor("llm", "llm", $"LLM provider: {settings.Provider} ({settings.Model})", settings.EndpointHost, firm.Region, trains,
            "the customer's message, the conversation so far and the retrieved passages, with personal data replaced by placeholders (docs/llm-privacy.md)",
            trains is null
                ? "The pack does not say whether the provider may train on the data: set llm.provider_trains_on_data in firm.yaml from the provider's terms."
                : "From firm.yaml llm.provider_trains_on_data, which the firm sets from the provider's terms.");
    }
}

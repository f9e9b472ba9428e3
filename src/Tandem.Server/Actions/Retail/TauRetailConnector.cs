using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tandem.Data;

namespace Tandem.Server.Actions.Retail;

/// <summary>
/// The τ-bench retail domain behind the connector seam, for `./tandem eval tau-retail`. Each conversation
/// sees its own copy-on-write view of the initial database, because each benchmark task starts from it;
/// a connector over a live system would share one state. Tool errors ("Error: ...") come back as refusals
/// carrying the tool's own sentence, so a replay can check that the same refusal happened.
/// </summary>
internal sealed class TauRetailConnector(string firmId, RetailData data) : IConnector
{
    public const string ToolError = "tool_error";

    private readonly ConcurrentDictionary<Guid, RetailStore> _stores = new();
    private readonly IReadOnlyList<ToolDefinition> _tools = RetailTools.All;

    public string Name => "tau-retail";

    public IReadOnlyList<ToolDefinition> ToolsFor(string firm) => firm == firmId ? _tools : [];

    /// <summary>The store behind one conversation (created from the initial database on first use).</summary>
    public RetailStore StoreFor(Guid conversationId) => _stores.GetOrAdd(conversationId, _ => new RetailStore(data));

    public Task<RecordOwner?> FindOwnerAsync(string firm, string recordId, TandemDbContext db, CancellationToken ct)
    {
        // No retail tool moves an order to another user, so the initial database answers for every view.
        if (firm != firmId)
        {
            return Task.FromResult<RecordOwner?>(null);
        }
        var userId = data.Orders[recordId]?["user_id"]?.GetValue<string>() ?? (data.Users.ContainsKey(recordId) ? recordId : null);
        var email = userId is null ? null : data.Users[userId]?["email"]?.GetValue<string>();
        return Task.FromResult(userId is null ? null : new RecordOwner(userId, email));
    }

    /// <summary>The benchmark's tools make their own eligibility checks (status, balance) when they run; their refusals come from <see cref="ExecuteAsync"/>.</summary>
    public Task<ActionAssessment> AssessAsync(ConnectorCall call, CancellationToken ct) => Task.FromResult(ActionAssessment.Allowed);

    public Task<ConnectorResult> ExecuteAsync(ConnectorCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var store = StoreFor(call.Request.ConversationId);
        var arguments = JsonNode.Parse(call.Request.Arguments.GetRawText()) as JsonObject ?? [];
        string result;
        // One conversation's calls are sequential in practice; the lock keeps a stray concurrent call from tearing its state.
        lock (store)
        {
            result = store.Invoke(call.Tool.Name, arguments);
        }
        if (RetailReplay.IsError(result))
        {
            return Task.FromResult(new ConnectorResult(false, JsonSerializer.SerializeToElement(new { reason = ToolError, message = result }), ToolError, result));
        }
        // The tool's own text, parsed: numbers keep the digits the tool wrote (9.0 stays 9.0).
        using var parsed = JsonDocument.Parse(result.Length == 0 ? "\"\"" : result.StartsWith('{') || result.StartsWith('[') ? result : JsonSerializer.Serialize(result));
        return Task.FromResult(new ConnectorResult(true, parsed.RootElement.Clone()));
    }
}

using System.Text.Json;
using Tandem.Data;
using Tandem.Rules.Routing;

namespace Tandem.Server.Actions;

/// <summary>
/// A tool the assistant (a procedure or an LLM) or an agent may call through the
/// <see cref="ActionGateway"/>. Connectors describe their tools with this; the gateway checks every
/// call against it. See docs/connectors.md.
/// </summary>
internal sealed record ToolDefinition
{
    /// <summary>snake_case, unique within a firm, e.g. <c>issue_refund</c>. Topics list the tools they may use by this name.</summary>
    public required string Name { get; init; }

    /// <summary>One or two sentences an LLM (and a reader of the audit log) can act on.</summary>
    public required string Description { get; init; }

    /// <summary>
    /// JSON Schema (the subset in <see cref="ToolArguments"/>: object, properties, required, type,
    /// enum, minimum, maximum, minLength, maxLength, pattern, items, additionalProperties) of the arguments.
    /// </summary>
    public required JsonElement Parameters { get; init; }

    /// <summary>True when the call changes something (an order, a refund): it needs an idempotency key and may be proposed instead of run.</summary>
    public required bool ChangesState { get; init; }

    /// <summary>
    /// The argument naming the record the call touches (e.g. <c>order_number</c>): the gateway asks the
    /// connector who owns it and refuses a call on someone else's record. Null for tools about no one
    /// record (e.g. <c>list_my_orders</c>, which the connector scopes to the verified customer itself).
    /// </summary>
    public string? OwnedRecordArgument { get; init; }

    /// <summary>The argument holding an amount of money in the firm's currency (e.g. <c>amount_gbp</c>), checked against the limit.</summary>
    public string? AmountArgument { get; init; }

    /// <summary>The policies.yaml <c>actionLimits</c> entry that governs this tool (e.g. <c>refund</c> for <c>issue_refund</c>); null for none.</summary>
    public string? LimitAction { get; init; }

    /// <summary>False only for tools that return nothing about a customer (e.g. product facts); every other tool needs a verified customer.</summary>
    public bool TouchesAccountData { get; init; } = true;
}

/// <summary>How a customer proved who they are.</summary>
internal static class IdentityMethods
{
    /// <summary>A signed token from the firm's website, passed when the conversation started (docs/identity.md).</summary>
    public const string Token = "token";

    /// <summary>E-mail address and order number that match, given in the chat: covers the matching orders only.</summary>
    public const string Chat = "chat";
}

/// <summary>
/// The verified customer behind a conversation, or none. A token verifies the customer for all their
/// records; in-chat verification covers only the orders whose number and e-mail matched (support
/// policy section 6), listed in <see cref="Records"/>.
/// </summary>
/// <param name="CustomerId">The firm's customer id (C-10001); null for a guest verified by e-mail and order number.</param>
/// <param name="Email">The e-mail address verified with the order, when verified in the chat.</param>
/// <param name="Method"><see cref="IdentityMethods"/>.</param>
/// <param name="Records">Record ids the identity is limited to; empty means every record the customer owns.</param>
internal sealed record CustomerIdentity(string? CustomerId, string? Email, string Method, DateTimeOffset VerifiedAt, IReadOnlyList<string> Records)
{
    /// <summary>True when this identity covers every record of the customer, not just the ones verified in the chat.</summary>
    public bool CoversAllRecords => Records.Count == 0;
}

/// <summary>Who asked for the call.</summary>
internal enum ActionCaller
{
    /// <summary>A scripted procedure of the embedded responder (slot filling).</summary>
    Procedure,

    /// <summary>An LLM's tool call.</summary>
    Llm,

    /// <summary>A person on the firm's staff, acting in the inbox or through the agent API. Modes and autonomous limits do not apply: the agent is the approver.</summary>
    Agent,
}

/// <summary>One tool call presented to the gateway.</summary>
internal sealed record ActionRequest
{
    public required string FirmId { get; init; }
    public required Guid ConversationId { get; init; }
    /// <summary>The turn that asked, when it came from one.</summary>
    public Guid? TurnId { get; init; }
    /// <summary>The verified customer; null when the customer has not been verified.</summary>
    public required CustomerIdentity? Customer { get; init; }
    /// <summary>The topic the call is made for: the tool must be allowed for it in topics.yaml. Null only for agents, who may use any tool of the firm.</summary>
    public required string? Topic { get; init; }
    /// <summary>The topic's current mode: in co-pilot (or human) a state change is proposed, never run by the assistant.</summary>
    public required TopicMode Mode { get; init; }
    public required string Tool { get; init; }
    /// <summary>A JSON object matching the tool's <see cref="ToolDefinition.Parameters"/>.</summary>
    public required JsonElement Arguments { get; init; }
    /// <summary>
    /// Required for state-changing tools. For a turn's action use <see cref="ActionKeys.ForTurn"/>, so a
    /// re-processed turn (crash and restart, duplicate message) presents the same key and cannot act twice.
    /// </summary>
    public string? IdempotencyKey { get; init; }
    public required ActionCaller Caller { get; init; }
    /// <summary>"system" for the assistant; the agent's name for an agent. Recorded in the audit log.</summary>
    public required string Actor { get; init; }
}

/// <summary>What became of a call.</summary>
internal enum ActionStatus
{
    /// <summary>Run by the connector; <see cref="ActionOutcome.Result"/> holds what it returned.</summary>
    Executed,

    /// <summary>Stored for an agent to approve (co-pilot, or beyond a limit); nothing has changed yet.</summary>
    Proposed,

    /// <summary>Not allowed (unknown tool, unverified, not the customer's record, invalid arguments, not eligible); nothing changed.</summary>
    Refused,

    /// <summary>The connector failed or timed out; nothing changed, and the customer gets a holding message.</summary>
    Failed,
}

/// <summary>
/// The gateway's answer. <see cref="Reason"/> is a machine code (docs/connectors.md lists them);
/// <see cref="CustomerMessage"/> is a sentence fit to show the customer as it stands.
/// </summary>
/// <param name="ProposalId">The stored call awaiting an agent, when <see cref="Status"/> is Proposed (also the id of an executed call).</param>
/// <param name="Replayed">True when the idempotency key had been seen: this is the stored outcome of the first call, and nothing ran again.</param>
internal sealed record ActionOutcome(
    ActionStatus Status,
    string Reason,
    string CustomerMessage,
    JsonElement? Result,
    Guid? ProposalId = null,
    bool Replayed = false);

/// <summary>Who owns a record, as the connector's system knows it.</summary>
/// <param name="CustomerId">The firm's customer id; null for a guest record.</param>
/// <param name="Email">The e-mail address on the record, for guest records and in-chat verification.</param>
internal sealed record RecordOwner(string? CustomerId, string? Email);

/// <summary>A call the gateway has checked, handed to the connector.</summary>
/// <param name="Db">
/// Tandem's database, in the gateway's unit of work. A connector whose state lives in Tandem's
/// database (the built-in commerce connector) adds its changes here without saving: the gateway
/// commits them with the idempotency row and the audit event in one transaction. A connector over
/// another system ignores it and passes <see cref="ActionRequest.IdempotencyKey"/> to that system.
/// </param>
internal sealed record ConnectorCall(ActionRequest Request, ToolDefinition Tool, TandemDbContext Db, DateTimeOffset Now);

/// <summary>
/// What the connector knows that the firm's limits depend on, for a state-changing call, before it runs:
/// whether it may run at all, and the facts the gateway's limit rules (Tandem.Rules.Actions) read.
/// </summary>
/// <param name="Eligible">False when the firm's published rules forbid the change (dispatched, too late, personalised...): the call is refused.</param>
/// <param name="Reason">Machine code when not eligible (e.g. <c>already_dispatched</c>).</param>
/// <param name="CustomerMessage">Why not, in a sentence for the customer, when not eligible.</param>
internal sealed record ActionAssessment(bool Eligible, string? Reason = null, string? CustomerMessage = null)
{
    /// <summary>For money: the amount the published rules give (e.g. price less the return charge).</summary>
    public decimal? AmountDue { get; init; }
    /// <summary>Refunds already made on the same record (the limit counts them).</summary>
    public decimal EarlierRefunds { get; init; }
    /// <summary>Facts named by policies.yaml conditions, by condition name (e.g. <c>return_received</c>: true).</summary>
    public IReadOnlyDictionary<string, bool> Conditions { get; init; } = new Dictionary<string, bool>();

    public static ActionAssessment Allowed { get; } = new(true);

    public static ActionAssessment NotEligible(string reason, string customerMessage) => new(false, reason, customerMessage);
}

/// <summary>What a connector's execution returned.</summary>
/// <param name="Ok">False when the system said no at the last moment (e.g. the order was dispatched meanwhile); nothing changed.</param>
internal sealed record ConnectorResult(bool Ok, JsonElement Result, string? Reason = null, string? CustomerMessage = null)
{
    public static ConnectorResult Success(object result) => new(true, JsonSerializer.SerializeToElement(result, Audit.AuditLog.Json));

    public static ConnectorResult Refused(string reason, string customerMessage) =>
        new(false, JsonSerializer.SerializeToElement(new { reason }, Audit.AuditLog.Json), reason, customerMessage);
}

/// <summary>
/// The seam to a firm's systems: the built-in commerce connector over the pack's data, a declarative
/// HTTP connector, the τ-bench retail domain. Registered in DI as <c>IConnector</c>; for a given firm
/// and tool name the last registered connector that offers the tool wins. Every call reaches a
/// connector only through <see cref="ActionGateway"/>, which has already checked the topic, the
/// customer's identity and ownership, the arguments and the limits. See docs/connectors.md.
/// </summary>
internal interface IConnector
{
    /// <summary>A short name for the audit log, e.g. <c>commerce</c>.</summary>
    string Name { get; }

    /// <summary>The tools this connector offers the firm; empty when it does not serve the firm.</summary>
    IReadOnlyList<ToolDefinition> ToolsFor(string firmId);

    /// <summary>
    /// Who owns the record (e.g. the order number), or null when there is no such record. The gateway
    /// treats "none" and "someone else's" alike, so a refusal never reveals that a record exists.
    /// </summary>
    Task<RecordOwner?> FindOwnerAsync(string firmId, string recordId, TandemDbContext db, CancellationToken ct);

    /// <summary>For a state-changing call: may it run under the firm's rules, and the facts its limit needs. Changes nothing.</summary>
    Task<ActionAssessment> AssessAsync(ConnectorCall call, CancellationToken ct);

    /// <summary>
    /// Runs the call. Read-only tools return their data. A state change either stages its changes on
    /// <see cref="ConnectorCall.Db"/> (committed by the gateway) or makes them in the other system
    /// using the idempotency key. Throwing, or exceeding the gateway's timeout, makes the outcome Failed.
    /// </summary>
    Task<ConnectorResult> ExecuteAsync(ConnectorCall call, CancellationToken ct);
}

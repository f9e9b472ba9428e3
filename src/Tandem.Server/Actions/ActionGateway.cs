using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Data.Actions;
using Tandem.Rules.Actions;
using Tandem.Rules.Routing;
using Tandem.Server.Audit;
using Tandem.Server.Firms;
using Tandem.Server.Identity;

namespace Tandem.Server.Actions;

internal sealed class ActionsOptions
{
    public const string Section = "Tandem:Actions";

    /// <summary>How long a connector may take over one call before the call counts as failed.</summary>
    public TimeSpan ConnectorTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>In-chat verification attempts whose details do not match before the conversation goes to a person.</summary>
    public int MaxVerificationAttempts { get; set; } = 5;
}

/// <summary>
/// The one door to a firm's systems. Every tool call — from a procedure, an LLM or an agent — comes
/// through <see cref="RunAsync"/>, which checks, in order: the tool is known and allowed for the
/// topic; the customer is verified; the record is theirs; the arguments match the schema; the firm's
/// rules allow the change; the mode and limits let the assistant run it alone (otherwise it is
/// proposed for an agent). State changes are idempotent on (firm, key). Every call, allowed or
/// refused, is audited with its arguments and outcome.
/// </summary>
internal sealed class ActionGateway(
    IDbContextFactory<TandemDbContext> contexts,
    ConnectorRegistry connectors,
    FirmRegistry firms,
    IOptions<ActionsOptions> options,
    TimeProvider clock,
    ILogger<ActionGateway> logger)
{
    public const string VerificationMessage =
        "Before I can look at an order I need to check it's you. Please tell me the email address you ordered with and the order number, or sign in on our website.";
    public const string HoldingMessage =
        "I can't reach our order system just now, so nothing has been changed. A member of our team will pick this up.";
    public const string ProposedMessage =
        "I've asked a member of our team to check and approve this. Nothing changes until they do.";

    /// <summary>Checks and runs (or proposes, or refuses) one call. Commits its own transaction.</summary>
    public async Task<ActionOutcome> RunAsync(ActionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();

        var binding = connectors.Find(request.FirmId, request.Tool);
        if (binding is null)
        {
            return await RefuseAsync(db, request, null, "tool_unknown", "I can't do that here, but a member of our team can help.", now, ct);
        }
        var tool = binding.Tool;
        if (request.Caller != ActionCaller.Agent
            && (request.Topic is null || firms.Find(request.FirmId)?.Pack.FindTopic(request.Topic) is not { } topic || !topic.Tools.Contains(tool.Name)))
        {
            return await RefuseAsync(db, request, binding, "tool_not_allowed", "I can't do that for this kind of request, but a member of our team can help.", now, ct);
        }
        if (tool.TouchesAccountData && request.Customer is null)
        {
            return await RefuseAsync(db, request, binding, "verification_required", VerificationMessage, now, ct);
        }
        if (request.Arguments.ValueKind != JsonValueKind.Object)
        {
            return await RefuseAsync(db, request, binding, "invalid_arguments", "Some details of that request aren't right: arguments must be a JSON object.", now, ct);
        }
        if (tool.OwnedRecordArgument is { } recordArgument)
        {
            if (!request.Arguments.TryGetProperty(recordArgument, out var recordValue) || recordValue.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(recordValue.GetString()))
            {
                return await RefuseAsync(db, request, binding, "invalid_arguments", $"Some details of that request aren't right: arguments.{recordArgument} is required.", now, ct);
            }
            var recordId = recordValue.GetString()!.Trim();
            RecordOwner? owner;
            try
            {
                owner = await WithTimeoutAsync(c => binding.Connector.FindOwnerAsync(request.FirmId, recordId, db, c), ct);
            }
            catch (Exception ex) when (IsConnectorFailure(ex, ct))
            {
                return await FailAsync(request, binding, ex, now, ct);
            }
            // Someone else's record and no record get the same words: a refusal never reveals that it exists.
            if (owner is null || request.Customer is null || !Owns(request.Customer, owner, recordId))
            {
                return await RefuseAsync(db, request, binding, "record_not_found", "I can't find an order with those details. Please check the order number, or sign in to see your orders.", now, ct);
            }
        }
        var problems = ToolArguments.Validate(tool.Parameters, request.Arguments);
        if (problems.Count > 0)
        {
            return await RefuseAsync(db, request, binding, "invalid_arguments", "Some details of that request aren't right: " + string.Join("; ", problems) + ".", now, ct);
        }

        var call = new ConnectorCall(request, tool, db, now);
        if (!tool.ChangesState)
        {
            return await ExecuteAsync(db, request, binding, call, proposal: null, now, ct);
        }

        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            return await RefuseAsync(db, request, binding, "idempotency_key_required", "I couldn't do that safely just now; a member of our team will pick it up.", now, ct);
        }
        var hash = ActionKeys.RequestHash(tool.Name, request.Arguments);
        var stored = await db.ActionCalls.AsNoTracking().FirstOrDefaultAsync(a => a.FirmId == request.FirmId && a.IdempotencyKey == request.IdempotencyKey, ct);
        if (stored is not null)
        {
            return await ReplayAsync(db, request, binding, stored, hash, now, ct);
        }

        ActionAssessment assessment;
        try
        {
            assessment = await WithTimeoutAsync(c => binding.Connector.AssessAsync(call, c), ct);
        }
        catch (Exception ex) when (IsConnectorFailure(ex, ct))
        {
            return await FailAsync(request, binding, ex, now, ct);
        }
        if (!assessment.Eligible)
        {
            return await RefuseAsync(db, request, binding, assessment.Reason ?? "not_eligible", assessment.CustomerMessage ?? "That can't be done under our rules.", now, ct);
        }

        var limit = tool.LimitAction is { } action ? firms.Find(request.FirmId)?.Pack.Policy.ActionLimits.FirstOrDefault(l => l.Action == action) : null;
        LimitVerdict? verdict = null;
        decimal? amount = tool.AmountArgument is { } amountArgument && request.Arguments.TryGetProperty(amountArgument, out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDecimal() : null;
        if (limit is not null)
        {
            verdict = ActionLimits.Evaluate(new LimitPolicy(limit.MaxAutonomousAmount, limit.Conditions),
                new LimitFacts(amount, assessment.AmountDue, assessment.EarlierRefunds, assessment.Conditions));
        }
        var routing = ActionLimits.Route(request.Caller == ActionCaller.Agent, request.Mode, verdict);
        if (routing.Route == ActionRoute.Propose)
        {
            var proposal = NewRow(request, binding, hash, ActionCallStatus.Proposed, "proposed", ProposedMessage, now);
            proposal.ProposalReasonsJson = JsonSerializer.Serialize(routing.Reasons);
            db.ActionCalls.Add(proposal);
            var outcome = new ActionOutcome(ActionStatus.Proposed, "proposed", ProposedMessage, null, proposal.Id);
            Audit(db, request, binding, outcome, now, new { proposalReasons = routing.Reasons, amount, amountDue = assessment.AmountDue, earlierRefunds = assessment.EarlierRefunds });
            return await SaveOrReplayAsync(db, request, binding, hash, outcome, now, ct);
        }
        return await ExecuteAsync(db, request, binding, call, proposal: null, now, ct, hash);
    }

    /// <summary>An agent approves a proposed call: it runs through the connector with the agent as actor, exactly once however often it is approved.</summary>
    public async Task<ActionOutcome?> ApproveAsync(Guid proposalId, string agent, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.ActionCalls.FirstOrDefaultAsync(a => a.Id == proposalId, ct);
        if (row is null)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == row.ConversationId, ct);
        var request = new ActionRequest
        {
            FirmId = row.FirmId,
            ConversationId = row.ConversationId,
            TurnId = row.TurnId,
            Customer = CustomerIdentities.Of(conversation),
            Topic = row.Topic,
            Mode = TopicMode.Copilot,
            Tool = row.Tool,
            Arguments = JsonDocument.Parse(row.ArgumentsJson).RootElement.Clone(),
            IdempotencyKey = row.IdempotencyKey,
            Caller = ActionCaller.Agent,
            Actor = agent,
        };
        var binding = connectors.Find(row.FirmId, row.Tool);
        if (row.Status != ActionCallStatus.Proposed || binding is null)
        {
            // Approved already (by this agent or another), or closed: the stored outcome, nothing runs again.
            var stored = Outcome(row) with { Replayed = true };
            Audit(db, request, binding, stored, now, new { proposalId = row.Id, note = "approval of a proposal that is no longer waiting" }, kind: "action.approval_replayed");
            await db.SaveChangesAsync(ct);
            return stored;
        }
        var call = new ConnectorCall(request, binding.Tool, db, now);
        return await ExecuteAsync(db, request, binding, call, row, now, ct);
    }

    /// <summary>An agent refuses a proposed call: nothing runs; the reason is audited.</summary>
    public async Task<ActionOutcome?> RefuseAsync(Guid proposalId, string agent, string reason, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.ActionCalls.FirstOrDefaultAsync(a => a.Id == proposalId, ct);
        if (row is null)
        {
            return null;
        }
        if (row.Status != ActionCallStatus.Proposed)
        {
            return Outcome(row) with { Replayed = true };
        }
        var now = clock.GetUtcNow();
        row.Status = ActionCallStatus.Rejected;
        row.Reason = "rejected_by_agent";
        row.CustomerMessage = "A member of our team has looked at this and won't be going ahead with it; they'll explain in the chat.";
        row.DecidedBy = agent;
        row.DecidedAt = now;
        row.DecisionNote = reason;
        row.Version++;
        db.AuditEvents.Add(AuditLog.Event("action.rejected", agent, now,
            new { proposalId = row.Id, tool = row.Tool, arguments = Raw(row.ArgumentsJson), reason }, row.FirmId, row.ConversationId, row.TurnId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await DecidedOutcomeAsync(db, proposalId, ct);
        }
        return Outcome(row);
    }

    private async Task<ActionOutcome> ExecuteAsync(TandemDbContext db, ActionRequest request, ToolBinding binding, ConnectorCall call, ActionCall? proposal,
        DateTimeOffset now, CancellationToken ct, string? hash = null)
    {
        ConnectorResult result;
        try
        {
            result = await WithTimeoutAsync(c => binding.Connector.ExecuteAsync(call, c), ct);
        }
        catch (Exception ex) when (IsConnectorFailure(ex, ct))
        {
            return await FailAsync(request, binding, ex, now, ct);
        }
        if (!result.Ok)
        {
            // The system said no at the last moment; drop anything the connector staged.
            db.ChangeTracker.Clear();
            var refused = new ActionOutcome(ActionStatus.Refused, result.Reason ?? "not_eligible", result.CustomerMessage ?? "That can't be done under our rules.", result.Result);
            if (proposal is not null)
            {
                var row = await db.ActionCalls.FirstAsync(x => x.Id == proposal.Id, ct);
                if (row.Status != ActionCallStatus.Proposed)
                {
                    // Another approval of the same proposal won the race and ran it: this one's connector
                    // refused only because the work is already done. The first outcome stands.
                    return Outcome(row) with { Replayed = true };
                }
                row.Status = ActionCallStatus.Refused;
                row.Reason = refused.Reason;
                row.CustomerMessage = refused.CustomerMessage;
                row.DecidedBy = request.Actor;
                row.DecidedAt = now;
                row.Version++;
                refused = refused with { ProposalId = row.Id };
            }
            Audit(db, request, binding, refused, now);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (proposal is not null)
            {
                return await DecidedOutcomeAsync(db, proposal.Id, ct);
            }
            return refused;
        }
        var message = binding.Tool.ChangesState ? "That's done." : "";
        var outcome = new ActionOutcome(ActionStatus.Executed, proposal is null ? "executed" : "approved", message, result.Result);
        if (binding.Tool.ChangesState)
        {
            var row = proposal;
            if (row is null)
            {
                row = NewRow(request, binding, hash!, ActionCallStatus.Executed, outcome.Reason, message, now);
                db.ActionCalls.Add(row);
            }
            else
            {
                row.Status = ActionCallStatus.Executed;
                row.Reason = outcome.Reason;
                row.CustomerMessage = message;
                row.DecidedBy = request.Actor;
                row.DecidedAt = now;
                row.Version++;
            }
            row.ResultJson = result.Result.GetRawText();
            outcome = outcome with { ProposalId = row.Id };
        }
        Audit(db, request, binding, outcome, now, proposal is null ? null : new { proposalId = proposal.Id, proposedBy = proposal.Actor });
        if (!binding.Tool.ChangesState)
        {
            await db.SaveChangesAsync(ct);
            return outcome;
        }
        if (proposal is not null)
        {
            try
            {
                // The state change, the proposal's new status and the audit event commit together;
                // a second approval racing this one loses on the proposal's version and changes nothing.
                await db.SaveChangesAsync(ct);
                return outcome;
            }
            catch (DbUpdateConcurrencyException)
            {
                return await DecidedOutcomeAsync(db, proposal.Id, ct);
            }
        }
        return await SaveOrReplayAsync(db, request, binding, hash!, outcome, now, ct);
    }

    /// <summary>
    /// Another decision on the same proposal committed first (its version moved on): nothing of this
    /// one is kept, and the winner's outcome is the answer.
    /// </summary>
    private static async Task<ActionOutcome> DecidedOutcomeAsync(TandemDbContext db, Guid proposalId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await db.ActionCalls.AsNoTracking().FirstAsync(a => a.Id == proposalId, ct);
        return Outcome(current) with { Replayed = true };
    }

    /// <summary>
    /// Commits a new idempotency row with its state change. If another worker committed the same key
    /// first, the unique (firm, key) index stops this one, nothing of it is kept, and the first outcome is returned.
    /// </summary>
    private static async Task<ActionOutcome> SaveOrReplayAsync(TandemDbContext db, ActionRequest request, ToolBinding binding, string hash, ActionOutcome outcome,
        DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return outcome;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var stored = await db.ActionCalls.AsNoTracking().FirstOrDefaultAsync(a => a.FirmId == request.FirmId && a.IdempotencyKey == request.IdempotencyKey, ct);
            if (stored is null)
            {
                throw;
            }
            return await ReplayAsync(db, request, binding, stored, hash, now, ct);
        }
    }

    private static async Task<ActionOutcome> ReplayAsync(TandemDbContext db, ActionRequest request, ToolBinding binding, ActionCall stored, string hash,
        DateTimeOffset now, CancellationToken ct)
    {
        if (stored.RequestHash != hash)
        {
            return await RefuseAsync(db, request, binding, "idempotency_key_reused", "I couldn't do that safely just now; a member of our team will pick it up.", now, ct);
        }
        var outcome = Outcome(stored) with { Replayed = true };
        Audit(db, request, binding, outcome, now, new { firstCallId = stored.Id }, kind: "action.replayed");
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    private static async Task<ActionOutcome> RefuseAsync(TandemDbContext db, ActionRequest request, ToolBinding? binding, string reason, string message,
        DateTimeOffset now, CancellationToken ct)
    {
        var outcome = new ActionOutcome(ActionStatus.Refused, reason, message, null);
        Audit(db, request, binding, outcome, now);
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    /// <summary>The connector threw or timed out: nothing of the call is kept; a fresh unit of work records the failure.</summary>
    private async Task<ActionOutcome> FailAsync(ActionRequest request, ToolBinding binding, Exception error, DateTimeOffset now, CancellationToken ct)
    {
        logger.LogWarning(error, "Connector {Connector} failed on {Tool}", binding.Connector.Name, binding.Tool.Name);
        var reason = error is TimeoutException ? "connector_timeout" : "connector_unavailable";
        var outcome = new ActionOutcome(ActionStatus.Failed, reason, HoldingMessage, null);
        await using var db = await contexts.CreateDbContextAsync(ct);
        Audit(db, request, binding, outcome, now, new { error = error.Message });
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    private async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> run, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var limit = options.Value.ConnectorTimeout;
        timeout.CancelAfter(limit);
        try
        {
            return await run(timeout.Token).WaitAsync(limit, clock, ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The connector took longer than {limit}.");
        }
    }

    /// <summary>Anything a connector throws is its failure, except the caller giving up.</summary>
    private static bool IsConnectorFailure(Exception ex, CancellationToken ct) =>
        !(ex is OperationCanceledException && ct.IsCancellationRequested) && ex is not OutOfMemoryException;

    /// <summary>
    /// A token covers every record the customer owns; in-chat verification only the records verified
    /// (support policy section 6: the e-mail address and order number cover that order only).
    /// </summary>
    public static bool Owns(CustomerIdentity identity, RecordOwner owner, string recordId)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(owner);
        if (!identity.CoversAllRecords)
        {
            return identity.Records.Contains(recordId.Trim(), StringComparer.OrdinalIgnoreCase);
        }
        return identity.CustomerId is not null && owner.CustomerId == identity.CustomerId;
    }

    private static ActionCall NewRow(ActionRequest request, ToolBinding binding, string hash, string status, string reason, string message, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        FirmId = request.FirmId,
        ConversationId = request.ConversationId,
        TurnId = request.TurnId,
        Topic = request.Topic,
        Tool = binding.Tool.Name,
        Connector = binding.Connector.Name,
        ArgumentsJson = ActionKeys.Canonical(request.Arguments),
        IdempotencyKey = request.IdempotencyKey!,
        RequestHash = hash,
        Caller = request.Caller.ToString().ToLowerInvariant(),
        Actor = request.Actor,
        Status = status,
        Reason = reason,
        CustomerMessage = message,
        CreatedAt = now,
    };

    public static ActionOutcome Outcome(ActionCall row)
    {
        ArgumentNullException.ThrowIfNull(row);
        JsonElement? result = row.ResultJson is null ? null : Raw(row.ResultJson);
        return row.Status switch
        {
            ActionCallStatus.Executed => new ActionOutcome(ActionStatus.Executed, row.Reason, row.CustomerMessage, result, row.Id),
            ActionCallStatus.Proposed => new ActionOutcome(ActionStatus.Proposed, row.Reason, row.CustomerMessage, null, row.Id),
            _ => new ActionOutcome(ActionStatus.Refused, row.Reason, row.CustomerMessage, result, row.Id),
        };
    }

    private static void Audit(TandemDbContext db, ActionRequest request, ToolBinding? binding, ActionOutcome outcome, DateTimeOffset now, object? extra = null, string? kind = null)
    {
        db.AuditEvents.Add(AuditLog.Event(kind ?? "action." + outcome.Status.ToString().ToLowerInvariant(), request.Actor, now, new
        {
            tool = request.Tool,
            connector = binding?.Connector.Name,
            caller = request.Caller.ToString().ToLowerInvariant(),
            topic = request.Topic,
            mode = request.Mode.ToWire(),
            customer = request.Customer is null ? null : new { request.Customer.CustomerId, request.Customer.Method },
            arguments = request.Arguments,
            idempotencyKey = request.IdempotencyKey,
            status = outcome.Status.ToString().ToLowerInvariant(),
            reason = outcome.Reason,
            customerMessage = outcome.CustomerMessage,
            result = outcome.Result,
            proposalId = outcome.ProposalId,
            detail = extra,
        }, request.FirmId, request.ConversationId, request.TurnId));
    }

    private static JsonElement Raw(string json) => JsonDocument.Parse(json).RootElement.Clone();
}

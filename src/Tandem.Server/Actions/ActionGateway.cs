using Microsoft.EntityFrameworkCore;
using Tandem.Data;

namespace Tandem.Server.Actions;

/// <summary>
/// The one door to a firm's systems. Every tool call — from a procedure, an LLM or an agent — comes
/// through <see cref="RunAsync"/>, which checks, in order: the tool is known and allowed for the
/// topic; the customer is verified; the record is theirs; the arguments match the schema; the firm's
/// rules allow the change; the mode and limits let the assistant run it alone (otherwise it is
/// proposed for an agent). State changes are idempotent on (firm, key). Every call, allowed or
/// refused, is audited with its arguments and outcome.
/// </summary>
internal sealed partial class ActionGateway(IDbContextFactory<TandemDbContext> contexts, ConnectorRegistry connectors, TimeProvider clock)
{
    /// <summary>Checks and runs (or proposes, or refuses) one call. Commits its own transaction.</summary>
    public Task<ActionOutcome> RunAsync(ActionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = (contexts, connectors, clock, ct);
        return Task.FromResult(new ActionOutcome(ActionStatus.Failed, "not_implemented", "", null));
    }

    /// <summary>An agent approves a proposed call: it runs through the connector with the agent as actor, exactly once however often it is approved.</summary>
    public Task<ActionOutcome> ApproveAsync(Guid proposalId, string agent, CancellationToken ct)
    {
        _ = (contexts, proposalId, agent, ct);
        return Task.FromResult(new ActionOutcome(ActionStatus.Failed, "not_implemented", "", null));
    }

    /// <summary>An agent refuses a proposed call: nothing runs; the reason is audited.</summary>
    public Task<ActionOutcome> RefuseAsync(Guid proposalId, string agent, string reason, CancellationToken ct)
    {
        _ = (contexts, proposalId, agent, reason, ct);
        return Task.FromResult(new ActionOutcome(ActionStatus.Failed, "not_implemented", "", null));
    }
}

using System.Text.Json;

namespace Tandem.Server.Actions;

/// <summary>A tool call the turn proposes or made, as recorded on the turn.</summary>
/// <param name="Adverse">The gateway refused a call that would have changed something for the customer (a refund, a
/// cancellation): a decision against them, which a person must take (UK GDPR article 22), never the assistant alone.</param>
internal sealed record ProposedAction(string Name, string Status, object? Arguments, string? Result, bool ChangesState, bool Adverse = false);

/// <summary>
/// A tool call a procedure (or, later, an LLM) wants the turn to make. The pipeline stays pure: it
/// only plans calls; <see cref="Turns.TurnProcessor"/> runs them through <see cref="ActionGateway"/>
/// with the key <see cref="ActionKeys.ForTurn"/> and records the outcomes on the turn.
/// </summary>
/// <param name="Topic">The topic the call is for; null means the turn's topic.</param>
internal sealed record PlannedToolCall(string Tool, JsonElement Arguments, string? Topic = null);

internal sealed record ActResult(IReadOnlyList<ProposedAction> Actions, string Note)
{
    /// <summary>Calls for the processor to make through the gateway (filled by procedures; empty until then).</summary>
    public IReadOnlyList<PlannedToolCall> Planned { get; init; } = [];
}

/// <summary>
/// Stage 4: tools over the firm's systems, through the action gateway. The pure pipeline only plans
/// calls (procedures will fill <see cref="ActResult.Planned"/>); the processor runs them through the
/// gateway, because that needs the database and the customer's verified identity.
/// </summary>
internal static class ActStage
{
    public static ActResult Run(Understanding.Understanding understanding)
    {
        ArgumentNullException.ThrowIfNull(understanding);
        return new ActResult([], "no procedure planned a tool call for this message");
    }
}

namespace Tandem.Server.Actions;

/// <summary>A tool call the turn proposes or made, as recorded on the turn.</summary>
internal sealed record ProposedAction(string Name, string Status, object? Arguments, string? Result, bool ChangesState);

internal sealed record ActResult(IReadOnlyList<ProposedAction> Actions, string Note);

/// <summary>
/// Stage 4: tools over the firm's systems, through the action gateway. The reference firm's
/// procedures and the gateway arrive with issue 6; until then no tool is offered, and the stage
/// says so in the turn's record rather than pretending to act.
/// </summary>
internal static class ActStage
{
    public static ActResult Run(Understanding.Understanding understanding)
    {
        ArgumentNullException.ThrowIfNull(understanding);
        return new ActResult([], "no tools are configured for this firm yet (issue 6)");
    }
}

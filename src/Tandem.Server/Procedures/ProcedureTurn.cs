using Tandem.Rules.Guard;
using Tandem.Rules.Procedures;
using Tandem.Server.Actions;

namespace Tandem.Server.Procedures;

/// <summary>
/// What a procedure made of this turn, for the pipeline: the reply to draft (it still goes through
/// the guard and the router like any other draft), what it rests on, and the tool calls it made.
/// </summary>
/// <param name="Topic">The topic the procedure runs for (the one that started it): its mode applies.</param>
/// <param name="OfferPerson">The procedure gave up (too many failed attempts): the router hands the conversation to a person.</param>
/// <param name="Evidence">The procedure's own wording and the tools' results: what the reply may rest on.</param>
/// <param name="ProposesStateChange">A state change is waiting for an agent's approval.</param>
internal sealed record ProcedureTurn(
    string ProcedureId,
    string Topic,
    ReplyKind Kind,
    string Text,
    bool OfferPerson,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<ProposedAction> Actions,
    bool ProposesStateChange,
    ProcedureState State,
    string? Left)
{
    /// <summary>The in-chat verification the procedure made this turn, if any.</summary>
    public Identity.VerificationResult? Verification { get; init; }
}

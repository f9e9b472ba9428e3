using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tandem.Rules.Procedures;

public enum ProcedureStep
{
    Collecting,
    Verifying,
    Confirming,
    Done,
}

/// <summary>Where a conversation's procedure has got to; persisted between turns so a restart resumes it.</summary>
public sealed record ProcedureState
{
    public required string ProcedureId { get; init; }
    public ProcedureStep Step { get; init; } = ProcedureStep.Collecting;
    public IReadOnlyDictionary<string, string> Slots { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    /// <summary>The e-mail address given for in-chat verification (not a slot: only the gateway uses it).</summary>
    public string? Email { get; init; }
    /// <summary>The slot whose question was asked last, so a free-text answer goes to it.</summary>
    public string? Asking { get; init; }
    /// <summary>Messages in a row that gave nothing the procedure asked for.</summary>
    public int FailedAttempts { get; init; }
    public int VerificationFailures { get; init; }
    public int ConfirmationAsks { get; init; }
    /// <summary>The customer said yes; the action runs after a fresh lookup and eligibility check.</summary>
    public bool Confirmed { get; init; }
    /// <summary>How it ended (done, proposed, declined, refused, failed, handed_off, left), once it has.</summary>
    public string? Outcome { get; init; }

    public static ProcedureState Start(string procedureId) => new() { ProcedureId = procedureId };
}

/// <summary>One message's worth of what the customer gave: its text and the entities read from it.</summary>
public sealed record ProcedureMessage(string Text, IReadOnlyList<(string Kind, string Value)> Entities);

/// <summary>What the gateway said during this turn, fed back into the machine as it runs.</summary>
public sealed record ProcedureFacts
{
    /// <summary>The conversation is verified for the order in the order slot (signed in, or verified in this chat).</summary>
    public bool Verified { get; init; }
    /// <summary>The result of the verification asked for this turn: true matched, false didn't, null not asked.</summary>
    public bool? VerificationMatched { get; init; }
    /// <summary>The lookup's result (JSON), once it has run this turn.</summary>
    public JsonNode? Lookup { get; init; }
    public bool LookupRan { get; init; }
    /// <summary>Null when the lookup succeeded; else why not (e.g. not_found).</summary>
    public string? LookupError { get; init; }
    public ProcedureActed? Acted { get; init; }
}

public enum ActedStatus
{
    Done,
    /// <summary>Waiting for an agent to approve it (co-pilot, or over the firm's limits).</summary>
    Proposed,
    /// <summary>The gateway or the firm's system said no (not eligible, not allowed); nothing changed.</summary>
    Refused,
    Failed,
}

/// <summary>What became of the action: its status, what the tool returned, and the gateway's sentence for the customer when it said no.</summary>
public sealed record ProcedureActed(ActedStatus Status, JsonNode? Result, string? Message);

/// <summary>What the machine wants next: a gateway call, or a reply that ends the turn.</summary>
public abstract record ProcedureMove(ProcedureState State);

public sealed record VerifyMove(ProcedureState State, string Email, string OrderNumber) : ProcedureMove(State);

public sealed record LookupMove(ProcedureState State, ToolStep Step, JsonObject Arguments) : ProcedureMove(State);

public sealed record ActMove(ProcedureState State, ToolStep Step, JsonObject Arguments) : ProcedureMove(State);

/// <summary>What the reply is, for the turn record and the router.</summary>
public enum ReplyKind
{
    Question,
    Verification,
    Confirmation,
    Refusal,
    Report,
    Done,
    Proposed,
    Declined,
    Failed,
    /// <summary>The procedure gives up and a person should take over (too many failed attempts).</summary>
    OfferPerson,
}

public sealed record ReplyMove(ProcedureState State, ReplyKind Kind, string Text, IReadOnlyDictionary<string, JsonNode?> Facts) : ProcedureMove(State);

/// <summary>
/// The pure state machine of a procedure: given where it is, this message and what the gateway said
/// so far this turn, the next move. The server runs the gateway calls it asks for and calls it again
/// with the answers until it replies. No I/O, no clock of its own, so every path is unit-tested.
/// </summary>
public static class ProcedureMachine
{
    /// <summary>Messages in a row that give nothing asked for before a person is offered (issue 6: "after 3 failed slot attempts").</summary>
    public const int MaxFailedAttempts = 3;

    /// <summary>Support policy section 6: "If verification fails twice, the assistant offers a person."</summary>
    public const int MaxVerificationFailures = 2;

    /// <summary>An unclear answer to the confirmation is asked once more, then a person is offered.</summary>
    public const int MaxConfirmationAsks = 2;

    /// <summary>Fills the slots from the message. Call once per message, before <see cref="Next"/>; returns the state and whether it gave anything asked for.</summary>
    public static (ProcedureState State, bool Progress, string? Invalid) Absorb(ProcedureDefinition definition, ProcedureState state, ProcedureMessage message)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);
        if (state.Step is ProcedureStep.Done)
        {
            return (state, false, null);
        }
        if (state.Step is ProcedureStep.Confirming)
        {
            return Confirm(state, message);
        }

        var slots = new Dictionary<string, string>(state.Slots, StringComparer.Ordinal);
        var progress = false;
        string? invalid = null;
        foreach (var slot in definition.Slots)
        {
            string? value = SlotKinds.IsFreeText(slot.Kind)
                ? state.Asking == slot.Name && message.Text.Trim().Length > 0 ? message.Text.Trim() : null
                : message.Entities.FirstOrDefault(e => e.Kind == slot.Kind).Value;
            if (value is null)
            {
                continue;
            }
            if (slot.Kind == SlotKinds.Address && UkAddress.Read(value) is null)
            {
                invalid = slot.Invalid ?? slot.Question;
                continue;
            }
            if (slot.Pattern is { } pattern && !Regex.IsMatch(value, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))
            {
                if (state.Asking == slot.Name)
                {
                    invalid = slot.Invalid ?? slot.Question;
                }
                continue;
            }
            // A newer value replaces an older one: customers correct themselves ("sorry, it's ...").
            slots[slot.Name] = value;
            progress = true;
        }
        var email = state.Email;
        if (definition.RequiresVerification && message.Entities.FirstOrDefault(e => e.Kind == SlotKinds.Email).Value is { } given)
        {
            email = given;
            progress = true;
        }
        var next = state with
        {
            Slots = slots,
            Email = email,
            FailedAttempts = progress ? 0 : state.FailedAttempts + 1,
        };
        return (next, progress, invalid);
    }

    private static (ProcedureState, bool, string?) Confirm(ProcedureState state, ProcedureMessage message)
    {
        switch (Confirmation.Read(message.Text))
        {
            case ConfirmationAnswer.Yes:
                return (state with { Confirmed = true, FailedAttempts = 0 }, true, null);
            case ConfirmationAnswer.No:
                return (state with { Step = ProcedureStep.Done, Outcome = "declined" }, true, null);
            default:
                return (state with { ConfirmationAsks = state.ConfirmationAsks + 1 }, false, null);
        }
    }

    /// <summary>The next move after <see cref="Absorb"/>, given what the gateway has said this turn.</summary>
    public static ProcedureMove Next(ProcedureDefinition definition, ProcedureState state, ProcedureFacts facts, DateTimeOffset now, string? invalid = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(facts);
        var variables = Variables(definition, state, facts);

        if (state.Outcome == "declined")
        {
            return Reply(state, ReplyKind.Declined, definition.Messages.Declined ?? ProcedureMessages.DefaultDeclined, variables);
        }
        if (state.Step == ProcedureStep.Confirming && !state.Confirmed)
        {
            if (state.ConfirmationAsks >= MaxConfirmationAsks)
            {
                return OfferPerson(state, variables);
            }
            // Asked again, once, with the same words: the customer may have missed the question.
            return Reply(state, ReplyKind.Confirmation, definition.Confirm ?? "", variables);
        }
        if (state.FailedAttempts >= MaxFailedAttempts)
        {
            return OfferPerson(state, variables);
        }

        foreach (var slot in definition.Slots)
        {
            if (!state.Slots.ContainsKey(slot.Name))
            {
                var asking = state with { Step = ProcedureStep.Collecting, Asking = slot.Name };
                return Reply(asking, ReplyKind.Question, state.Asking == slot.Name && invalid is not null ? invalid : slot.Question, variables);
            }
        }

        if (definition.RequiresVerification && !facts.Verified)
        {
            var order = definition.OrderSlot is { } o ? state.Slots.GetValueOrDefault(o.Name) : null;
            if (facts.VerificationMatched is false)
            {
                var failures = state.VerificationFailures + 1;
                // Both details are asked for again: the customer is never told which one was wrong.
                var cleared = new Dictionary<string, string>(state.Slots, StringComparer.Ordinal);
                if (definition.OrderSlot is { } orderSlot)
                {
                    cleared.Remove(orderSlot.Name);
                }
                var retry = state with { Step = ProcedureStep.Verifying, VerificationFailures = failures, Email = null, Slots = cleared, Asking = null };
                return failures >= MaxVerificationFailures
                    ? OfferPerson(retry, variables)
                    : Reply(retry, ReplyKind.Verification, definition.Messages.NotVerified, variables);
            }
            if (state.Email is { } email && order is not null && facts.VerificationMatched is null)
            {
                return new VerifyMove(state with { Step = ProcedureStep.Verifying }, email, order);
            }
            return Reply(state with { Step = ProcedureStep.Verifying, Asking = null }, ReplyKind.Verification, definition.Messages.Verify, variables);
        }

        if (definition.Lookup is { } lookup)
        {
            if (!facts.LookupRan)
            {
                return new LookupMove(state, lookup, Arguments(lookup, variables));
            }
            if (facts.LookupError is not null)
            {
                return Reply(Finish(state, "failed"), ReplyKind.Failed, definition.Messages.Failed ?? ProcedureMessages.DefaultFailed, variables);
            }
        }

        foreach (var check in definition.Checks)
        {
            if (!check.Require.IsTrue(variables, now))
            {
                return Reply(Finish(state, "refused"), ReplyKind.Refusal, check.Refusal, variables);
            }
        }

        if (definition.Action is not { } action)
        {
            var report = definition.Messages.Report.FirstOrDefault(m => m.When is null || m.When.IsTrue(variables, now));
            return Reply(Finish(state, "done"), ReplyKind.Report, report?.Say ?? "", variables);
        }

        if (!state.Confirmed)
        {
            return Reply(state with { Step = ProcedureStep.Confirming, Asking = null, ConfirmationAsks = 0 }, ReplyKind.Confirmation, definition.Confirm ?? "", variables);
        }
        if (facts.Acted is null)
        {
            return new ActMove(state, action, Arguments(action, variables));
        }
        return facts.Acted.Status switch
        {
            ActedStatus.Done => Reply(Finish(state, "done"), ReplyKind.Done, definition.Messages.Done ?? "", variables),
            ActedStatus.Refused when facts.Acted.Message is { Length: > 0 } why => new ReplyMove(Finish(state, "refused"), ReplyKind.Refusal, why, variables),
            ActedStatus.Proposed => Reply(Finish(state, "proposed"), ReplyKind.Proposed, definition.Messages.Proposed ?? definition.Messages.Done ?? "", variables),
            _ => Reply(Finish(state, "failed"), ReplyKind.Failed, definition.Messages.Failed ?? ProcedureMessages.DefaultFailed, variables),
        };
    }

    /// <summary>The names a procedure's templates and expressions may use: its slots, its lookup, and the action's result.</summary>
    public static IReadOnlyDictionary<string, JsonNode?> Variables(ProcedureDefinition definition, ProcedureState state, ProcedureFacts facts)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(facts);
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in state.Slots)
        {
            var kind = definition.Slots.FirstOrDefault(s => s.Name == name)?.Kind;
            variables[name] = kind == SlotKinds.Address && UkAddress.Read(value) is { } address ? address.ToJson() : JsonValue.Create(value);
        }
        if (definition.Lookup is { } lookup && facts.LookupRan)
        {
            variables[lookup.As] = facts.Lookup;
        }
        if (definition.Action is { } action && facts.Acted is not null)
        {
            variables[action.As] = facts.Acted.Result;
        }
        return variables;
    }

    private static JsonObject Arguments(ToolStep step, IReadOnlyDictionary<string, JsonNode?> variables) =>
        ProcedureArguments.Render(step.Arguments, variables);

    private static ProcedureState Finish(ProcedureState state, string outcome) =>
        state with { Step = ProcedureStep.Done, Outcome = outcome, Asking = null };

    private static ReplyMove OfferPerson(ProcedureState state, IReadOnlyDictionary<string, JsonNode?> variables) =>
        new(Finish(state, "handed_off"), ReplyKind.OfferPerson, "", variables);

    private static ReplyMove Reply(ProcedureState state, ReplyKind kind, string template, IReadOnlyDictionary<string, JsonNode?> variables) =>
        new(state, kind, ProcedureTemplate.Render(template, variables), variables);
}

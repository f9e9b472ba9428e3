namespace Tandem.Rules.Procedures;

/// <summary>
/// A routine request as a declarative workflow (the pack's procedures.yaml, docs/firm-pack.md): the
/// slots to collect, whether the customer must be verified, the lookup, the eligibility checks, the
/// confirmation and the action, and what to say at each end.
/// </summary>
public sealed record ProcedureDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>Topics whose messages start this procedure.</summary>
    public required IReadOnlyList<string> Topics { get; init; }
    /// <summary>
    /// When not empty, a message on one of the topics starts the procedure only if it mentions one of
    /// these words or phrases: a topic can cover more than the procedure does ("change my order" is
    /// items or address; only the address has a procedure).
    /// </summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];
    public required IReadOnlyList<SlotDefinition> Slots { get; init; }
    /// <summary>True: nothing is looked up until the customer is verified for the order (signed in, or e-mail and order number that match).</summary>
    public required bool RequiresVerification { get; init; }
    public ToolStep? Lookup { get; init; }
    /// <summary>Checked in order after the lookup; the first that fails ends the procedure with its refusal.</summary>
    public IReadOnlyList<EligibilityCheck> Checks { get; init; } = [];
    /// <summary>Asked before the action; required whenever there is an action (the validator sees to it).</summary>
    public string? Confirm { get; init; }
    /// <summary>The state-changing step, or null for a procedure that only reports.</summary>
    public ToolStep? Action { get; init; }
    public required ProcedureMessages Messages { get; init; }

    public SlotDefinition? OrderSlot => Slots.FirstOrDefault(s => s.Kind == SlotKinds.OrderNumber);

    /// <summary>Does this message start the procedure (its topic is already one of <see cref="Topics"/>)?</summary>
    public bool StartsOn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Mentions.Count == 0)
        {
            return true;
        }
        var padded = " " + new string([.. text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ')]) + " ";
        return Mentions.Any(m => padded.Contains(" " + m.ToLowerInvariant() + " ", StringComparison.Ordinal)
            || padded.Contains(" " + m.ToLowerInvariant() + "s ", StringComparison.Ordinal));
    }
}

public static class SlotKinds
{
    public const string OrderNumber = "order_number";
    public const string Email = "email";
    public const string Postcode = "postcode";
    public const string Phone = "phone";
    public const string Date = "date";
    public const string Money = "money";
    /// <summary>The whole message, taken only when this slot's question was the one just asked.</summary>
    public const string Text = "text";
    /// <summary>A UK postal address typed as one line ("12 Quay Street, Bristol BS1 4AA"), taken like text, read into line1, line2, town and postcode.</summary>
    public const string Address = "address";

    public static readonly IReadOnlyList<string> All = [OrderNumber, Email, Postcode, Phone, Date, Money, Text, Address];

    /// <summary>Kinds filled by the whole answer to their own question rather than by an entity found in any message.</summary>
    public static bool IsFreeText(string kind) => kind is Text or Address;
}

/// <param name="Name">Used in templates and arguments as {name}.</param>
/// <param name="Kind">Which entity fills it (<see cref="SlotKinds"/>).</param>
/// <param name="Question">What to ask when it is missing.</param>
/// <param name="Pattern">A regular expression the value must match, or null.</param>
/// <param name="Invalid">Said when a value doesn't match the pattern; null: the question is asked again.</param>
public sealed record SlotDefinition(string Name, string Kind, string Question, string? Pattern = null, string? Invalid = null);

/// <summary>
/// A tool of the firm's connector, its arguments and the name its result is known by. The arguments
/// are a JSON template (<see cref="ProcedureArguments"/>): text with {placeholders}, a lone
/// {placeholder} that passes the value as it is, and {from, fields} to pick fields from a list.
/// </summary>
public sealed record ToolStep(string Tool, System.Text.Json.Nodes.JsonObject Arguments, string As);

public sealed record EligibilityCheck(ProcedureExpression Require, string Refusal);

/// <summary>One of several possible replies: the first whose condition holds (or that has none) is said.</summary>
public sealed record ConditionalMessage(ProcedureExpression? When, string Say);

public sealed record ProcedureMessages
{
    /// <summary>A report-only procedure's answer after a successful lookup (the first that applies).</summary>
    public IReadOnlyList<ConditionalMessage> Report { get; init; } = [];
    /// <summary>After the action succeeded.</summary>
    public string? Done { get; init; }
    /// <summary>After the action was passed to an agent to carry out (co-pilot, or over the firm's limits).</summary>
    public string? Proposed { get; init; }
    /// <summary>The customer said no at the confirmation.</summary>
    public string? Declined { get; init; }
    /// <summary>The lookup or the action failed.</summary>
    public string? Failed { get; init; }
    /// <summary>Asking for verification.</summary>
    public string Verify { get; init; } = DefaultVerify;
    /// <summary>The e-mail and order number given don't match an order (never says which).</summary>
    public string NotVerified { get; init; } = DefaultNotVerified;

    public const string DefaultVerify =
        "Before I can look at an order, I need to check it's yours. Please tell me the email address and the order number on the order.";

    public const string DefaultNotVerified =
        "I can't find an order with those details. Please check the email address and the order number and send them again.";

    public const string DefaultFailed =
        "Sorry, something went wrong on our side and I couldn't do that. I'll pass this to a member of our team.";

    public const string DefaultDeclined = "No problem, I haven't changed anything.";
}

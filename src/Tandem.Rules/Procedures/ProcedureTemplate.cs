using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tandem.Rules.Procedures;

/// <summary>
/// A message with placeholders, e.g. "Order {order_number} is {order.status}." Placeholders are paths
/// into the slots and tool results, like the expressions' paths; the validator checks each names a
/// slot or a lookup before a customer ever sees the message.
/// </summary>
public static partial class ProcedureTemplate
{
    /// <summary>Every placeholder path in the text, in order (e.g. "order_number", "order.status").</summary>
    public static IReadOnlyList<string> Placeholders(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return [.. Placeholder().Matches(template).Select(m => m.Groups[1].Value)];
    }

    /// <summary>The first name of each placeholder path: what the validator checks.</summary>
    public static IReadOnlyList<string> Names(string template) =>
        [.. Placeholders(template).Select(p => p.Split('.')[0]).Distinct(StringComparer.Ordinal)];

    public static string Render(string template, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        return Placeholder().Replace(template, m => Format(Resolve(m.Groups[1].Value, variables)));
    }

    private static JsonNode? Resolve(string path, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var parts = path.Split('.');
        if (!variables.TryGetValue(parts[0], out var current))
        {
            return null;
        }
        foreach (var part in parts.Skip(1))
        {
            current = Step(current, part);
        }
        return current;
    }

    // As in expressions, a path through a list reads every item: {order.items.name} is each item's name.
    private static JsonNode? Step(JsonNode? current, string name) => current switch
    {
        JsonObject obj => obj.TryGetPropertyValue(name, out var child) ? child : null,
        JsonArray array => new JsonArray([.. array.Select(item => Step(item, name)?.DeepClone()).Where(n => n is not null)]),
        _ => null,
    };

    private static string Format(JsonNode? node) => node switch
    {
        null => "",
        JsonArray array => string.Join(", ", array.Select(Format).Where(s => s.Length > 0)),
        JsonObject obj => string.Join(", ", obj.Select(p => Format(p.Value)).Where(s => s.Length > 0)),
        JsonValue value when value.TryGetValue<string>(out var text) => FormatText(text),
        JsonValue value when value.TryGetValue<double>(out var number) => number.ToString(number == Math.Floor(number) ? "0" : "0.00", CultureInfo.InvariantCulture),
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "yes" : "no",
        _ => node.ToJsonString(),
    };

    // Tool results carry machine forms (2026-11-24T10:37:12+00:00, snake_case statuses); the customer reads
    // "24 November 2026" and "partially returned".
    private static string FormatText(string text)
    {
        if (IsoDate().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
        }
        if (SnakeWord().IsMatch(text))
        {
            return text.Replace('_', ' ');
        }
        return text;
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex IsoDate();

    [GeneratedRegex("^[a-z]+(_[a-z]+)+$")]
    private static partial Regex SnakeWord();
}

/// <summary>The customer's answer to "shall I go ahead?".</summary>
public enum ConfirmationAnswer
{
    Unclear,
    Yes,
    No,
}

/// <summary>
/// Reads a yes or a no the way customers write them ("yes please", "go ahead", "nope", "no, leave
/// it"). Anything mixed or hesitant ("yes but no", "not sure", "maybe") is unclear: a state change
/// needs a plain yes, so doubt reads as not yet.
/// </summary>
public static partial class Confirmation
{
    private static readonly string[] YesPhrases =
    [
        "yes", "yeah", "yea", "yep", "yup", "y", "ya", "aye", "sure", "ok", "okay", "k", "please do", "go ahead", "go for it",
        "do it", "confirm", "confirmed", "i confirm", "correct", "thats right", "that is right", "right", "absolutely", "definitely",
        "of course", "please", "yes please", "proceed", "sounds good", "fine", "great", "perfect", "affirmative", "thats correct",
    ];

    private static readonly string[] NoPhrases =
    [
        "no", "nope", "nah", "n", "dont", "do not", "not", "never mind", "nevermind", "stop", "leave it", "hold on", "wait",
        "cancel that", "forget it", "no thanks", "no thank you", "changed my mind", "negative", "keep it",
    ];

    private static readonly string[] UnsurePhrases = ["not sure", "unsure", "maybe", "perhaps", "dunno", "dont know", "do not know", "hmm", "what"];

    public static ConfirmationAnswer Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = Normalise(text);
        if (words.Length == 0 || Contains(words, UnsurePhrases))
        {
            return ConfirmationAnswer.Unclear;
        }
        var yes = Contains(words, YesPhrases);
        var no = Contains(words, NoPhrases);
        // A long message that happens to contain "ok" is rarely an answer; a reply to a yes/no question is short.
        if (words.Split(' ').Length > 12)
        {
            return ConfirmationAnswer.Unclear;
        }
        return (yes, no) switch
        {
            (true, false) => ConfirmationAnswer.Yes,
            (false, true) => ConfirmationAnswer.No,
            _ => ConfirmationAnswer.Unclear,
        };
    }

    private static string Normalise(string text)
    {
        var letters = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || char.IsWhiteSpace(c))
            {
                letters.Append(c);
            }
            else if (c is not '\'' and not '’')
            {
                letters.Append(' ');
            }
        }
        return Spaces().Replace(letters.ToString(), " ").Trim();
    }

    private static bool Contains(string words, string[] phrases) =>
        phrases.Any(p => $" {words} ".Contains($" {p} ", StringComparison.Ordinal));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tandem.Rules.Procedures;

/// <summary>
/// Builds a tool's arguments from the procedure's template. Text is a template ("{order_number}");
/// text that is one placeholder and nothing else passes the value itself, so numbers stay numbers and
/// objects stay objects; a mapping with <c>from</c> and <c>fields</c> picks those fields from every
/// item of a list (e.g. each item's product_id and quantity). Tools check their arguments against
/// their schema, so a template that builds the wrong shape is refused by the gateway, not guessed at.
/// </summary>
public static partial class ProcedureArguments
{
    public static JsonObject Render(JsonObject template, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        return (JsonObject)RenderNode(template, variables)!;
    }

    /// <summary>Every placeholder path in the template, and every list named by <c>from</c>: the validator checks their first names.</summary>
    public static IReadOnlyList<string> Paths(JsonNode? template) => template switch
    {
        JsonObject obj when IsPick(obj) => [(string)obj["from"]!],
        JsonObject obj => [.. obj.SelectMany(p => Paths(p.Value))],
        JsonArray array => [.. array.SelectMany(Paths)],
        JsonValue value when value.TryGetValue<string>(out var text) => ProcedureTemplate.Placeholders(text),
        _ => [],
    };

    public static bool IsPick(JsonObject obj) =>
        obj.Count == 2 && obj["from"] is JsonValue from && from.TryGetValue<string>(out _) && obj["fields"] is JsonArray or JsonObject;

    private static JsonNode? RenderNode(JsonNode? node, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        switch (node)
        {
            case JsonObject obj when IsPick(obj):
                // fields: [a, b] keeps those names; fields: {target: source} renames (the tool's names may differ from the lookup's).
                var fields = obj["fields"] is JsonObject renames
                    ? [.. renames.Select(r => (Target: r.Key, Source: r.Value?.GetValue<string>() ?? ""))]
                    : obj["fields"]!.AsArray().Select(f => (Target: f?.GetValue<string>() ?? "", Source: f?.GetValue<string>() ?? "")).ToList();
                var items = Resolve((string)obj["from"]!, variables) as JsonArray ?? [];
                return new JsonArray([.. items.OfType<JsonObject>().Select(item =>
                    (JsonNode)new JsonObject(fields.Where(f => item.ContainsKey(f.Source)).Select(f => KeyValuePair.Create(f.Target, item[f.Source]?.DeepClone()))))]);
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var rendered = RenderNode(value, variables);
                    // An optional field with nothing in it is left out rather than sent empty.
                    if (rendered is not null && !(rendered is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0))
                    {
                        result[key] = rendered;
                    }
                }
                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => RenderNode(item, variables))]);
            case JsonValue value when value.TryGetValue<string>(out var text):
                var lone = Lone().Match(text);
                return lone.Success ? Resolve(lone.Groups[1].Value, variables)?.DeepClone() : JsonValue.Create(ProcedureTemplate.Render(text, variables));
            default:
                return node?.DeepClone();
        }
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
            current = current is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
        }
        return current;
    }

    [GeneratedRegex(@"^\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}$")]
    private static partial Regex Lone();
}

/// <summary>A UK address as customers type it on one line, read into the parts a courier needs.</summary>
public sealed partial record UkAddress(string Line1, string? Line2, string Town, string Postcode)
{
    /// <summary>
    /// "12 Quay Street, Bristol BS1 4AA" or "Flat 2, 7 Mill Lane, Leeds, LS6 2AB": comma-separated parts,
    /// a postcode at the end, a town before it. Null when there is no postcode, or nothing before the town.
    /// </summary>
    public static UkAddress? Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = PostcodeAtEnd().Match(text.TrimEnd('.', ' ', '!'));
        if (!match.Success)
        {
            return null;
        }
        var compact = string.Concat(match.Value.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        var postcode = $"{compact[..^3]} {compact[^3..]}";
        var before = text[..match.Index];
        var parts = before.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (parts.Count < 2)
        {
            return null;
        }
        var town = parts[^1];
        var line1 = parts[0];
        var line2 = parts.Count > 2 ? string.Join(", ", parts.Skip(1).Take(parts.Count - 2)) : null;
        return new UkAddress(line1, line2, town, postcode);
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["line1"] = Line1 };
        if (Line2 is not null)
        {
            json["line2"] = Line2;
        }
        json["town"] = Town;
        json["postcode"] = Postcode;
        return json;
    }

    [GeneratedRegex(@"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b\s*$")]
    private static partial Regex PostcodeAtEnd();
}

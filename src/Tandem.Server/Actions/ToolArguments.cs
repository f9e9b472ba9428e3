using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tandem.Server.Actions;

/// <summary>
/// Checks a call's arguments against its tool's JSON Schema. Only the subset tools need: type, properties,
/// required, additionalProperties (false), enum, minimum, maximum, minLength, maxLength, pattern,
/// items, minItems. Unknown keywords are ignored, as JSON Schema does.
/// </summary>
internal static class ToolArguments
{
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement value)
    {
        var problems = new List<string>();
        Check(schema, value, "arguments", problems);
        return problems;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> problems)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (schema.TryGetProperty("type", out var type) && type.GetString() is { } expected && !IsType(value, expected))
        {
            problems.Add($"{path} must be {Article(expected)} {expected}, not {Describe(value)}");
            return;
        }
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            problems.Add($"{path} must be one of {string.Join(", ", allowed.EnumerateArray().Select(a => a.GetRawText()))}");
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = schema.TryGetProperty("properties", out var p) ? p : default;
                if (schema.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                    {
                        problems.Add($"{path}.{name} is required");
                    }
                }
                foreach (var property in value.EnumerateObject())
                {
                    if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var sub))
                    {
                        Check(sub, property.Value, $"{path}.{property.Name}", problems);
                    }
                    else if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False)
                    {
                        problems.Add($"{path}.{property.Name} is not a parameter of this tool");
                    }
                }
                break;
            case JsonValueKind.Array:
                if (schema.TryGetProperty("minItems", out var minItems) && value.GetArrayLength() < minItems.GetInt32())
                {
                    problems.Add($"{path} needs at least {minItems.GetInt32()} item(s)");
                }
                if (schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(items, item, $"{path}[{i++}]", problems);
                    }
                }
                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (schema.TryGetProperty("minLength", out var minLength) && text.Length < minLength.GetInt32())
                {
                    problems.Add(minLength.GetInt32() == 1 ? $"{path} must not be empty" : $"{path} must be at least {minLength.GetInt32()} characters");
                }
                if (schema.TryGetProperty("maxLength", out var maxLength) && text.Length > maxLength.GetInt32())
                {
                    problems.Add($"{path} must be at most {maxLength.GetInt32()} characters");
                }
                if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
                {
                    problems.Add($"{path} is not in the expected form");
                }
                break;
            case JsonValueKind.Number:
                var number = value.GetDecimal();
                if (schema.TryGetProperty("minimum", out var minimum) && number < minimum.GetDecimal())
                {
                    problems.Add($"{path} must be at least {minimum.GetRawText()}");
                }
                if (schema.TryGetProperty("maximum", out var maximum) && number > maximum.GetDecimal())
                {
                    problems.Add($"{path} must be at most {maximum.GetRawText()}");
                }
                break;
        }
    }

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string Article(string type) => type is "object" or "array" or "integer" ? "an" : "a";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined => "missing",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}

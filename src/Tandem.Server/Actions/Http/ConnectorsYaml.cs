using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tandem.Server.Firms;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tandem.Server.Actions.Http;

/// <summary>
/// Reads connectors.yaml, the optional pack file that wires a firm's own systems over HTTP without code.
/// Like the other pack files it reports every problem with its line and keeps going.
/// </summary>
internal static partial class ConnectorsYaml
{
    public const string FileName = "connectors.yaml";

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private const double DefaultTimeoutSeconds = 10;
    private const double MaxTimeoutSeconds = 120;

    public static IReadOnlyList<HttpConnectorDefinition> Read(string text, PackProblems problems)
    {
        var file = new YamlFile(FileName, problems);
        var root = file.ParseRoot(text);
        if (root is null)
        {
            return [];
        }
        var list = root.List("connectors", required: true, "a list of HTTP connectors, each with name, baseUrl and operations");
        root.ReportUnknownKeys();
        if (list is null)
        {
            return [];
        }
        var connectors = new List<HttpConnectorDefinition>();
        var toolNames = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in list.Children)
        {
            index++;
            if (item is not YamlMappingNode mapping)
            {
                file.Report(item, $"Connector {index} must be a mapping with name, baseUrl and operations, but is {YamlFile.Describe(item)}.");
                continue;
            }
            if (ReadConnector(new YamlMap(file, mapping, $" in connector {index}"), toolNames) is { } connector)
            {
                connectors.Add(connector);
            }
        }
        return connectors;
    }

    private static HttpConnectorDefinition? ReadConnector(YamlMap map, HashSet<string> toolNames)
    {
        var name = map.Text("name", required: true, "the connector's name (e.g. orders-api)");
        if (name is { } n)
        {
            map = map.WithContext($" in connector '{n.Value}'");
        }
        var baseUrl = map.Text("baseUrl", required: true, "the system's base URL (https://...)");
        Uri? uri = null;
        if (baseUrl is { } b && (!Uri.TryCreate(b.Value, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https")))
        {
            map.File.Report(b.Line, $"'baseUrl'{map.Context} is '{b.Value}': expected an absolute http:// or https:// URL.");
            uri = null;
        }
        var auth = ReadAuth(map);
        var timeout = Seconds(map, "timeoutSeconds") ?? DefaultTimeoutSeconds;
        var operations = new List<HttpOperationDefinition>();
        var list = map.List("operations", required: true, "a list of operations, each with name, description, method, path and changesState");
        var index = 0;
        foreach (var item in list?.Children ?? [])
        {
            index++;
            if (item is not YamlMappingNode mapping)
            {
                map.File.Report(item, $"Operation {index}{map.Context} must be a mapping, but is {YamlFile.Describe(item)}.");
                continue;
            }
            if (ReadOperation(new YamlMap(map.File, mapping, $" in operation {index}{map.Context}"), map.Context, timeout, toolNames) is { } op)
            {
                operations.Add(op);
            }
        }
        if (list is not null && list.Children.Count == 0)
        {
            map.File.Report(list, $"'operations'{map.Context} is empty: a connector offers at least one operation.");
        }
        var owner = ReadOwnerLookup(map, operations);
        if (owner is null && operations.Any(o => o.OwnedRecord is not null))
        {
            map.File.Report(map.Line, $"An operation{map.Context} names an 'ownedRecord', but the connector has no 'ownerLookup': Tandem could not check whose record it is.");
        }
        map.ReportUnknownKeys();
        return name is null || uri is null ? null : new HttpConnectorDefinition
        {
            Name = name.Value.Value,
            BaseUrl = uri,
            Auth = auth,
            Timeout = TimeSpan.FromSeconds(timeout),
            Operations = operations,
            OwnerLookup = owner,
        };
    }

    private static HttpAuthDefinition? ReadAuth(YamlMap parent)
    {
        var map = parent.Map("auth", required: false, "a mapping with header and secret");
        if (map is null)
        {
            return null;
        }
        var header = map.Text("header", required: true, "the header's name (e.g. Authorization)");
        var secret = map.Text("secret", required: true, "the name of the environment variable that holds the secret (e.g. ORDERS_API_TOKEN)");
        var prefix = map.Value("prefix") is YamlScalarNode p ? p.Value ?? "" : "";
        if (secret is { } s && !SecretName().IsMatch(s.Value))
        {
            // A pack is committed and shared; a secret in it is a leaked secret.
            map.File.Report(s.Line, $"'secret'{map.Context} must name an environment variable (letters, digits and _, e.g. ORDERS_API_TOKEN), not hold the secret itself.");
            secret = null;
        }
        map.ReportUnknownKeys();
        return header is null || secret is null ? null : new HttpAuthDefinition(header.Value.Value, secret.Value.Value, prefix);
    }

    private static HttpOperationDefinition? ReadOperation(YamlMap map, string connectorContext, double connectorTimeout, HashSet<string> toolNames)
    {
        var name = map.Text("name", required: true, "the tool's name in snake_case (e.g. get_order)");
        if (name is { } n)
        {
            if (!ToolName().IsMatch(n.Value))
            {
                map.File.Report(n.Line, $"Operation name '{n.Value}' must be snake_case (lower-case letters, digits and _), as tool names are.");
            }
            else if (!toolNames.Add(n.Value))
            {
                map.File.Report(n.Line, $"Operation '{n.Value}' is declared twice in {FileName}: tool names are unique within a firm.");
            }
            map = map.WithContext($" in operation '{n.Value}'{connectorContext}");
        }
        var description = map.Text("description", required: true, "a sentence saying what the operation does, for the assistant and the audit log");
        var methodText = map.Text("method", required: true, $"one of {string.Join(", ", Methods)}");
        HttpMethod? method = null;
        if (methodText is { } m)
        {
            if (Methods.Contains(m.Value.ToUpperInvariant(), StringComparer.Ordinal))
            {
                method = HttpMethod.Parse(m.Value.ToUpperInvariant());
            }
            else
            {
                map.File.Report(m.Line, $"'method'{map.Context} is '{m.Value}': expected one of {string.Join(", ", Methods)}.");
            }
        }
        var path = map.Text("path", required: true, "the path after the base URL, with {argument} placeholders (e.g. /orders/{order_number})");
        if (path is { } pt && !pt.Value.StartsWith('/'))
        {
            map.File.Report(pt.Line, $"'path'{map.Context} is '{pt.Value}': it must start with '/'.");
        }
        var parameters = ReadParameters(map, out var parameterNames, out var parametersLine);
        var query = ReadTextMap(map, "query", "a mapping of query parameter → template");
        JsonNode? body = null;
        if (map.Value("body") is { } bodyNode)
        {
            body = ToJson(bodyNode);
            if (method == HttpMethod.Get)
            {
                map.File.Report(bodyNode, $"'body'{map.Context}: a GET request has no body; put the arguments in 'path' or 'query'.");
            }
        }
        foreach (var (template, line) in Templates(path, query, body, bodyNode: map.Value("body")))
        {
            foreach (Match placeholder in Placeholder().Matches(template))
            {
                var argument = placeholder.Groups[1].Value;
                if (!parameterNames.Contains(argument))
                {
                    map.File.Report(line, $"The placeholder '{{{argument}}}'{map.Context} is not a parameter: declare it under 'parameters' (line {parametersLine}).{Suggestion.For(argument, parameterNames)}");
                }
            }
        }
        var result = ReadTextMap(map, "result", "a mapping of result field → JSON pointer into the response (e.g. status: /status)");
        foreach (var (field, pointer) in result.Where(r => r.Value.Length > 0 && r.Value[0] != '/'))
        {
            map.File.Report(map.Line, $"'result.{field}'{map.Context} is '{pointer}': a JSON pointer starts with '/' (e.g. /order/status).");
        }
        var owned = map.Text("ownedRecord", required: false, "the parameter that names the customer's record (e.g. order_number)");
        if (owned is { } o && !parameterNames.Contains(o.Value))
        {
            map.File.Report(o.Line, $"'ownedRecord'{map.Context} names '{o.Value}', which is not a parameter.{Suggestion.For(o.Value, parameterNames)}");
        }
        var changesState = Bool(map, "changesState", "true when the operation changes anything in the firm's system (then it is never retried), false for a lookup");
        var timeout = Seconds(map, "timeoutSeconds") ?? connectorTimeout;
        map.ReportUnknownKeys();
        if (name is null || description is null || method is null || path is null || changesState is null || parameters is null)
        {
            return null;
        }
        return new HttpOperationDefinition
        {
            Name = name.Value.Value,
            Description = description.Value.Value,
            Method = method,
            Path = path.Value.Value,
            Query = query,
            Body = body,
            Parameters = parameters.Value,
            Result = result,
            OwnedRecord = owned?.Value,
            ChangesState = changesState.Value,
            Timeout = TimeSpan.FromSeconds(timeout),
        };
    }

    private static HttpOwnerLookup? ReadOwnerLookup(YamlMap parent, List<HttpOperationDefinition> operations)
    {
        var map = parent.Map("ownerLookup", required: false, "a mapping with operation, argument and customerId and/or email pointers");
        if (map is null)
        {
            return null;
        }
        var operation = map.Text("operation", required: true, "the read-only operation that fetches the record (e.g. get_order)");
        var argument = map.Text("argument", required: true, "the operation's parameter that takes the record id");
        var customer = map.Text("customerId", required: false, "a JSON pointer to the owner's customer id in the answer");
        var email = map.Text("email", required: false, "a JSON pointer to the owner's e-mail address in the answer");
        if (customer is null && email is null)
        {
            map.File.Report(map.Line, $"'ownerLookup'{parent.Context} needs 'customerId' or 'email' (a JSON pointer into the answer), or both.");
        }
        foreach (var pointer in new[] { customer, email }.Where(p => p is { } x && x.Value[0] != '/'))
        {
            map.File.Report(pointer!.Value.Line, $"'{pointer.Value.Value}' in 'ownerLookup'{parent.Context} is not a JSON pointer: it starts with '/' (e.g. /customer/id).");
        }
        var target = operation is { } op ? operations.FirstOrDefault(o => o.Name == op.Value) : null;
        if (operation is { } opName && target is null)
        {
            map.File.Report(opName.Line, $"'ownerLookup.operation'{parent.Context} names '{opName.Value}', which is not an operation of this connector.{Suggestion.For(opName.Value, operations.Select(o => o.Name))}");
        }
        else if (target is { ChangesState: true })
        {
            map.File.Report(operation!.Value.Line, $"'ownerLookup.operation'{parent.Context} names '{target.Name}', which changes state: the owner must be found with a lookup.");
        }
        if (target is not null && argument is { } arg && !target.Parameters.GetProperty("properties").TryGetProperty(arg.Value, out _))
        {
            map.File.Report(arg.Line, $"'ownerLookup.argument'{parent.Context} is '{arg.Value}', which is not a parameter of '{target.Name}'.");
        }
        map.ReportUnknownKeys();
        return operation is null || argument is null ? null : new HttpOwnerLookup(operation.Value.Value, argument.Value.Value, customer?.Value, email?.Value);
    }

    /// <summary>The JSON Schema of the arguments, written in YAML; an operation without arguments gets an empty object schema.</summary>
    private static JsonElement? ReadParameters(YamlMap map, out HashSet<string> names, out int line)
    {
        names = new HashSet<string>(StringComparer.Ordinal);
        line = map.Line;
        var node = map.Value("parameters");
        if (node is null)
        {
            return JsonSerializer.SerializeToElement(new { type = "object", properties = new { } });
        }
        line = YamlFile.Line(node);
        if (node is not YamlMappingNode || ToJson(node) is not JsonObject schema)
        {
            map.ReportWrongType("parameters", node, "a JSON Schema object (type: object, properties, required)");
            return null;
        }
        if (schema["type"]?.GetValueKind() != JsonValueKind.String || schema["type"]!.GetValue<string>() != "object" || schema["properties"] is not JsonObject properties)
        {
            map.File.Report(node, $"'parameters'{map.Context} must be an object schema: 'type: object' with 'properties'.");
            return null;
        }
        foreach (var (key, _) in properties)
        {
            names.Add(key);
        }
        foreach (var required in schema["required"] as JsonArray ?? [])
        {
            if (required?.GetValueKind() != JsonValueKind.String || !names.Contains(required.GetValue<string>()))
            {
                map.File.Report(node, $"'parameters.required'{map.Context} lists '{required?.ToJsonString()}', which is not under 'properties'.");
            }
        }
        return JsonSerializer.SerializeToElement(schema);
    }

    private static List<KeyValuePair<string, string>> ReadTextMap(YamlMap parent, string key, string expected)
    {
        var map = parent.Map(key, required: false, expected);
        var entries = new List<KeyValuePair<string, string>>();
        if (map is null)
        {
            return entries;
        }
        foreach (var (k, v) in map.Entries)
        {
            if (k is YamlScalarNode { Value: { } name } && v is YamlScalarNode { Value: { } value })
            {
                entries.Add(new(name, value));
            }
            else
            {
                parent.File.Report(v, $"'{key}'{parent.Context} must be {expected}; this entry is {YamlFile.Describe(v)}.");
            }
        }
        return entries;
    }

    private static IEnumerable<(string Template, int Line)> Templates(Located<string>? path, List<KeyValuePair<string, string>> query, JsonNode? body, YamlNode? bodyNode)
    {
        if (path is { } p)
        {
            yield return (p.Value, p.Line);
        }
        foreach (var (_, value) in query)
        {
            yield return (value, path?.Line ?? 0);
        }
        if (body is not null)
        {
            foreach (var s in Strings(body))
            {
                yield return (s, bodyNode is null ? 0 : YamlFile.Line(bodyNode));
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };

    /// <summary>YAML to JSON: plain scalars that read as numbers or booleans become them; quoted ones stay text.</summary>
    internal static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var o = new JsonObject();
                foreach (var (k, v) in mapping.Children)
                {
                    o[((YamlScalarNode)k).Value ?? ""] = ToJson(v);
                }
                return o;
            case YamlSequenceNode sequence:
                return new JsonArray([.. sequence.Children.Select(ToJson)]);
            case YamlScalarNode scalar when YamlFile.IsNull(scalar):
                return null;
            case YamlScalarNode { Style: ScalarStyle.Plain } plain:
                var text = plain.Value ?? "";
                if (text is "true" or "false")
                {
                    return JsonValue.Create(text == "true");
                }
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    return JsonValue.Create(number);
                }
                return JsonValue.Create(text);
            case YamlScalarNode scalar:
                return JsonValue.Create(scalar.Value ?? "");
            default:
                return null;
        }
    }

    private static bool? Bool(YamlMap map, string key, string expected)
    {
        var value = map.Value(key);
        if (value is null)
        {
            map.ReportMissing(key, expected);
            return null;
        }
        if (value is YamlScalarNode { Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }
        map.ReportWrongType(key, value, "true or false");
        return null;
    }

    private static double? Seconds(YamlMap map, string key) => map.Number(key, 0.1, MaxTimeoutSeconds);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^[a-z][a-z0-9_]*$")]
    private static partial Regex ToolName();

    [GeneratedRegex(@"\{([^{}]+)\}")]
    internal static partial Regex Placeholder();
}

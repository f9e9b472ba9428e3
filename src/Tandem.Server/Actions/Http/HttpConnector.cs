using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tandem.Data;

namespace Tandem.Server.Actions.Http;

/// <summary>
/// The firm's own systems over HTTP, as its pack's connectors.yaml declares them: each operation is a tool
/// whose request is built from the call's arguments and whose result is read from the answer by JSON
/// pointers. A failure of any kind — an error status, an answer that is not JSON, no answer in time, a
/// secret that is not configured — is thrown as <see cref="HttpConnectorException"/>, which the gateway
/// turns into a Failed outcome: nothing is recorded as done.
/// </summary>
internal sealed class HttpConnector(IHttpClientFactory clients, IConfiguration configuration, Func<string, IReadOnlyList<HttpConnectorDefinition>> definitionsFor) : IConnector
{
    /// <summary>Lookups may be retried on a transient failure; state changes never are (the system may have acted before failing).</summary>
    public const string ReadClient = "tandem-http-connector-read";

    public const string WriteClient = "tandem-http-connector-write";

    public string Name => "http";

    public IReadOnlyList<ToolDefinition> ToolsFor(string firmId) =>
        [.. definitionsFor(firmId).SelectMany(c => c.Operations).Select(o => new ToolDefinition
        {
            Name = o.Name,
            Description = o.Description,
            Parameters = o.Parameters,
            ChangesState = o.ChangesState,
            OwnedRecordArgument = o.OwnedRecord,
        })];

    public async Task<RecordOwner?> FindOwnerAsync(string firmId, string recordId, TandemDbContext db, CancellationToken ct)
    {
        foreach (var connector in definitionsFor(firmId).Where(c => c.OwnerLookup is not null))
        {
            var lookup = connector.OwnerLookup!;
            var operation = connector.Operations.First(o => o.Name == lookup.Operation);
            var arguments = JsonSerializer.SerializeToElement(new Dictionary<string, string> { [lookup.Argument] = recordId });
            // A record the system does not know has no owner: the gateway answers "not found" either way.
            if (await SendAsync(connector, operation, arguments, null, notFoundIsNull: true, ct) is not { } answer)
            {
                continue;
            }
            var customerId = lookup.CustomerId is null ? null : Scalar(JsonPointer.Find(answer, lookup.CustomerId));
            var email = lookup.Email is null ? null : Scalar(JsonPointer.Find(answer, lookup.Email));
            if (customerId is not null || email is not null)
            {
                return new RecordOwner(customerId, email);
            }
        }
        return null;
    }

    /// <summary>The firm's system decides eligibility when the call runs; a refusal comes back as an error status.</summary>
    public Task<ActionAssessment> AssessAsync(ConnectorCall call, CancellationToken ct) => Task.FromResult(ActionAssessment.Allowed);

    public async Task<ConnectorResult> ExecuteAsync(ConnectorCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        foreach (var connector in definitionsFor(call.Request.FirmId))
        {
            if (connector.Operations.FirstOrDefault(o => o.Name == call.Tool.Name) is { } operation)
            {
                var answer = await SendAsync(connector, operation, call.Request.Arguments, call.Request.IdempotencyKey, notFoundIsNull: false, ct);
                return new ConnectorResult(true, JsonSerializer.SerializeToElement(MapResult(operation, answer!)));
            }
        }
        throw new HttpConnectorException($"No HTTP connector of firm '{call.Request.FirmId}' offers '{call.Tool.Name}'.");
    }

    private async Task<JsonNode?> SendAsync(HttpConnectorDefinition connector, HttpOperationDefinition operation, JsonElement arguments, string? idempotencyKey, bool notFoundIsNull, CancellationToken ct)
    {
        using var request = BuildRequest(connector, operation, arguments, idempotencyKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(operation.Timeout);
        var client = clients.CreateClient(operation.ChangesState ? WriteClient : ReadClient);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpConnectorException($"{connector.Name} answered {(int)response.StatusCode} {response.ReasonPhrase} to {operation.Name}.");
            }
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (string.IsNullOrWhiteSpace(text))
            {
                return new JsonObject();
            }
            try
            {
                return JsonNode.Parse(text) ?? new JsonObject();
            }
            catch (JsonException e)
            {
                throw new HttpConnectorException($"{connector.Name} answered {operation.Name} with something that is not JSON ({e.Message}).", e);
            }
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // A TimeoutException, so the gateway records connector_timeout rather than a generic failure.
            throw new TimeoutException($"{connector.Name} did not answer {operation.Name} within {operation.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new HttpConnectorException($"{connector.Name} could not be reached for {operation.Name}: {e.Message}", e);
        }
    }

    private HttpRequestMessage BuildRequest(HttpConnectorDefinition connector, HttpOperationDefinition operation, JsonElement arguments, string? idempotencyKey)
    {
        var path = ConnectorsYaml.Placeholder().Replace(operation.Path, m => Uri.EscapeDataString(ArgumentText(arguments, m.Groups[1].Value)));
        var query = string.Join("&", operation.Query
            .Select(q => (q.Key, Value: ConnectorsYaml.Placeholder().Replace(q.Value, m => ArgumentText(arguments, m.Groups[1].Value))))
            .Where(q => q.Value.Length > 0)
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
        var baseUrl = connector.BaseUrl.ToString().TrimEnd('/');
        var request = new HttpRequestMessage(operation.Method, new Uri(baseUrl + path + (query.Length > 0 ? "?" + query : "")));
        if (operation.Body is not null)
        {
            request.Content = new StringContent(Fill(operation.Body, arguments)?.ToJsonString() ?? "null", Encoding.UTF8, "application/json");
        }
        if (connector.Auth is { } auth)
        {
            var secret = configuration[auth.Secret];
            if (string.IsNullOrEmpty(secret))
            {
                throw new HttpConnectorException($"{connector.Name}: the secret '{auth.Secret}' is not set (an environment variable of that name).");
            }
            request.Headers.TryAddWithoutValidation(auth.Header, auth.Prefix + secret);
        }
        if (operation.ChangesState && idempotencyKey is not null)
        {
            // The firm's system can then refuse to act twice when Tandem retries after a crash.
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    /// <summary>The body template with each "{argument}" string replaced by the argument's JSON value, and placeholders inside longer strings filled in as text.</summary>
    private static JsonNode? Fill(JsonNode? template, JsonElement arguments) => template switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Fill(p.Value, arguments)))),
        JsonArray a => new JsonArray([.. a.Select(x => Fill(x, arguments))]),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var s =>
            ConnectorsYaml.Placeholder().Match(s) is { Success: true } whole && whole.Length == s.Length
                ? arguments.TryGetProperty(whole.Groups[1].Value, out var value) ? JsonNode.Parse(value.GetRawText()) : null
                : JsonValue.Create(ConnectorsYaml.Placeholder().Replace(s, m => ArgumentText(arguments, m.Groups[1].Value))),
        null => null,
        _ => template.DeepClone(),
    };

    private static string ArgumentText(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "";

    private static JsonNode MapResult(HttpOperationDefinition operation, JsonNode answer)
    {
        if (operation.Result.Count == 0)
        {
            return answer;
        }
        var result = new JsonObject();
        foreach (var (field, pointer) in operation.Result)
        {
            result[field] = JsonPointer.Find(answer, pointer)?.DeepClone();
        }
        return result;
    }

    private static string? Scalar(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()
        : null;
}

/// <summary>The firm's system failed, refused or did not answer in time; the message is for the audit log and the agent.</summary>
internal sealed class HttpConnectorException : Exception
{
    public HttpConnectorException(string message) : base(message)
    {
    }

    public HttpConnectorException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>RFC 6901 JSON pointers (/a/0/b, with ~1 for '/' and ~0 for '~').</summary>
internal static class JsonPointer
{
    public static JsonNode? Find(JsonNode? root, string pointer)
    {
        if (pointer.Length == 0)
        {
            return root;
        }
        var node = root;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tandem.Server.Actions.Http;

/// <summary>One HTTP connector of a firm, as connectors.yaml declares it (docs/firm-pack.md, docs/connectors.md).</summary>
internal sealed record HttpConnectorDefinition
{
    public required string Name { get; init; }
    /// <summary>Absolute http(s) URL; operation paths are appended to it.</summary>
    public required Uri BaseUrl { get; init; }
    public HttpAuthDefinition? Auth { get; init; }
    public required TimeSpan Timeout { get; init; }
    public required IReadOnlyList<HttpOperationDefinition> Operations { get; init; }
    /// <summary>How to ask the firm's system who owns a record; null when no operation names an owned record.</summary>
    public HttpOwnerLookup? OwnerLookup { get; init; }
}

/// <summary>
/// The header that authenticates Tandem to the firm's system. The pack names the secret (an environment
/// variable or other configuration key), never holds it: packs are committed and shared, secrets are not.
/// </summary>
internal sealed record HttpAuthDefinition(string Header, string Secret, string Prefix);

/// <summary>One tool: an HTTP request built from the call's arguments, and the fields read from the answer.</summary>
internal sealed record HttpOperationDefinition
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required HttpMethod Method { get; init; }
    /// <summary>Relative to the base URL, with {argument} placeholders (each URL-escaped).</summary>
    public required string Path { get; init; }
    /// <summary>Query parameters, each value a template with {argument} placeholders.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Query { get; init; }
    /// <summary>A JSON body template: a string that is exactly "{argument}" becomes the argument's value (keeping its type); other strings are filled in as text.</summary>
    public JsonNode? Body { get; init; }
    public required JsonElement Parameters { get; init; }
    /// <summary>Result field → JSON pointer into the response; empty returns the whole response.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Result { get; init; }
    public string? OwnedRecord { get; init; }
    public required bool ChangesState { get; init; }
    public required TimeSpan Timeout { get; init; }
}

/// <summary>The read-only operation that answers "whose is this record": its argument takes the record id; the pointers find the owner in its answer.</summary>
internal sealed record HttpOwnerLookup(string Operation, string Argument, string? CustomerId, string? Email);

using YamlDotNet.RepresentationModel;

namespace Tandem.Server.Firms;

/// <summary>
/// firm.yaml's <c>llm:</c> section: the firm's overrides of the installation's language-model settings
/// (Tandem:Llm) and what the firm allows about where its customers' text may go. The three residency
/// keys are snake_case because the firm's data map reads them under these names (docs/firm-pack.md).
/// </summary>
internal sealed record FirmLlmSettings
{
    public static FirmLlmSettings None { get; } = new();

    /// <summary>none | openai | ollama | anthropic; null: the installation's provider.</summary>
    public string? Provider { get; init; }
    public string? Endpoint { get; init; }
    public string? Model { get; init; }
    /// <summary>Hosts the firm allows customer text to be sent to; empty: any host.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
    /// <summary>Where the provider processes the data, as the firm describes it (e.g. "EU (Ireland)").</summary>
    public string? Region { get; init; }
    /// <summary>Whether the provider may train on what it is sent; null when not stated.</summary>
    public bool? ProviderTrainsOnData { get; init; }
}

internal static class FirmLlmYaml
{
    public static readonly string[] Providers = ["none", "openai", "ollama", "anthropic"];

    public static FirmLlmSettings Read(YamlMap root)
    {
        var map = root.Map("llm", required: false, "a mapping with provider, endpoint, model, allowed_hosts, region and provider_trains_on_data");
        if (map is null)
        {
            return FirmLlmSettings.None;
        }
        var provider = map.Text("provider", required: false, "none, openai, ollama or anthropic");
        if (provider is { } p && !Providers.Contains(p.Value, StringComparer.Ordinal))
        {
            map.File.Report(p.Line, $"'provider' in 'llm' is '{p.Value}': expected one of {string.Join(", ", Providers)}.");
        }
        var endpoint = map.Text("endpoint", required: false, "the provider's base address, e.g. https://api.openai.com/v1");
        if (endpoint is { } e && (!Uri.TryCreate(e.Value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            map.File.Report(e.Line, $"'endpoint' in 'llm' is '{e.Value}': expected an absolute http or https address, e.g. https://api.openai.com/v1.");
        }
        var model = map.Text("model", required: false, "the provider's model name");
        var hosts = map.TextList("allowed_hosts", required: false, "host names (e.g. api.openai.com)") ?? [];
        foreach (var host in hosts.Where(h => Uri.CheckHostName(h.Value) == UriHostNameType.Unknown))
        {
            map.File.Report(host.Line, $"'{host.Value}' in 'allowed_hosts' is not a host name: write the host alone (api.openai.com), without https:// or a path.");
        }
        var region = map.Text("region", required: false, "where the provider processes data, e.g. EU (Ireland)");
        bool? trains = null;
        if (map.Value("provider_trains_on_data") is { } value)
        {
            if (value is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var b))
            {
                trains = b;
            }
            else
            {
                map.ReportWrongType("provider_trains_on_data", value, "true or false");
            }
        }
        // A firm that chooses a provider must say whether it trains on what it is sent: it is on the data map.
        if (provider is { Value: not "none" } && trains is null)
        {
            map.File.Report(map.Line, "'llm' names a provider but not 'provider_trains_on_data': say true or false, as the provider's terms state (it appears on the firm's data map).");
        }
        if (endpoint is { } ep && hosts.Count > 0 && Uri.TryCreate(ep.Value, UriKind.Absolute, out var endpointUri)
            && !hosts.Any(h => string.Equals(h.Value, endpointUri.Host, StringComparison.OrdinalIgnoreCase)))
        {
            map.File.Report(ep.Line, $"'endpoint' in 'llm' is on host '{endpointUri.Host}', which 'allowed_hosts' does not list: Tandem would refuse to start.");
        }
        map.ReportUnknownKeys();
        return new FirmLlmSettings
        {
            Provider = provider?.Value,
            Endpoint = endpoint?.Value,
            Model = model?.Value,
            AllowedHosts = [.. hosts.Select(h => h.Value.ToLowerInvariant())],
            Region = region?.Value,
            ProviderTrainsOnData = trains,
        };
    }
}

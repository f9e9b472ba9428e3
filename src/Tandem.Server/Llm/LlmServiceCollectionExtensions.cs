using Tandem.Server.Firms;

namespace Tandem.Server.Llm;

internal static class LlmServiceCollectionExtensions
{
    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LlmOptions>(configuration.GetSection(LlmOptions.Section));
        services.AddSingleton<LlmClients>();
        services.AddSingleton<LlmResponder>();
        // After StartupTasks (hosted services start in order): the firms are loaded by then.
        services.AddHostedService<LlmResidencyCheck>();
        return services;
    }
}

/// <summary>What /health says about the language model: the installation's provider and its breaker.</summary>
internal sealed record LlmHealth(string Provider, string? Model, string? Host, string? Breaker)
{
    public static LlmHealth Of(LlmClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return clients.Default() is { } p
            ? new LlmHealth(p.Settings.Provider, p.Settings.Model, p.Settings.EndpointHost, p.BreakerState)
            : new LlmHealth("none", null, null, null);
    }
}

/// <summary>
/// Data residency: a firm that lists <c>allowed_hosts</c> under <c>llm:</c> in firm.yaml never has its
/// customers' text sent anywhere else. Checked at start-up, so a misconfiguration stops Tandem
/// before the first message rather than leaking it.
/// </summary>
internal sealed class LlmResidencyCheck(FirmRegistry firms, LlmClients clients, ILogger<LlmResidencyCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var firm in firms.All)
        {
            var problem = Problem(clients.Options, firm.Pack.Id, firm.Pack.Profile.Llm);
            if (problem is not null)
            {
                throw new InvalidOperationException(problem);
            }
            var settings = clients.SettingsFor(firm);
            if (settings.Enabled && firm.Pack.Profile.Llm.ProviderTrainsOnData is null)
            {
                logger.LogWarning("Firm '{Firm}' sends customer text to {Provider} at {Host} but its firm.yaml does not say whether the provider trains on it (llm: provider_trains_on_data)",
                    firm.Pack.Id, settings.Provider, settings.EndpointHost);
            }
        }
        // Settings that can keep a customer waiting past 5 s are the installation's choice (a slow
        // model on a local machine), but never a silent one.
        if (clients.Options.WaitBoundProblem() is { } slow && firms.All.Any(f => clients.SettingsFor(f).Enabled))
        {
            logger.LogWarning("{Problem}", slow);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Why the firm's language-model settings may not be used, or null when they may.</summary>
    public static string? Problem(LlmOptions options, string firmId, FirmLlmSettings firm)
    {
        LlmSettings settings;
        try
        {
            settings = LlmSettings.For(options, firm);
        }
        catch (InvalidOperationException ex)
        {
            return $"Firm '{firmId}': {ex.Message}";
        }
        if (settings.Enabled && firm.AllowedHosts.Count > 0 && !firm.AllowedHosts.Contains(settings.EndpointHost, StringComparer.OrdinalIgnoreCase))
        {
            return $"Firm '{firmId}' allows its customers' text to go only to {string.Join(", ", firm.AllowedHosts)} (llm: allowed_hosts in firm.yaml), " +
                $"but the language-model endpoint is {settings.Endpoint} (host '{settings.EndpointHost}'). Tandem will not start: add the host to allowed_hosts if the firm agrees, or configure another endpoint.";
        }
        return null;
    }
}

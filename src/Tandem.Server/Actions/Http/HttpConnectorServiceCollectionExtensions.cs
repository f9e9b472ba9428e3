using Microsoft.Extensions.Http.Resilience;
using Polly;
using Tandem.Server.Firms;

namespace Tandem.Server.Actions.Http;

internal static class HttpConnectorServiceCollectionExtensions
{
    /// <summary>The declarative HTTP connector over every loaded firm's connectors.yaml, with its two HTTP clients.</summary>
    public static IServiceCollection AddHttpConnectors(this IServiceCollection services)
    {
        // Only lookups are retried, and only on transient failures (5xx, 408, 429, connection errors):
        // a state change that failed may still have happened, so running it again is the firm's call, not ours.
        services.AddHttpClient(HttpConnector.ReadClient)
            .AddResilienceHandler("http-connector-read", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            }));
        services.AddHttpClient(HttpConnector.WriteClient);
        services.AddSingleton<IConnector>(sp => new HttpConnector(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IConfiguration>(),
            firm => sp.GetRequiredService<FirmRegistry>().Find(firm)?.Pack.HttpConnectors ?? []));
        return services;
    }
}

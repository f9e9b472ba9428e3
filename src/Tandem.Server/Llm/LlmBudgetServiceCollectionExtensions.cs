using Tandem.Server.Insights;

namespace Tandem.Server.Llm;

internal static class LlmBudgetServiceCollectionExtensions
{
    /// <summary>Token counting and the monthly budget. A singleton: what it keeps per unit of work is keyed by the DbContext.</summary>
    public static IServiceCollection AddLlmBudget(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<LlmTokenMetrics>();
        services.AddSingleton<LlmBudget>();
        return services;
    }
}

using Tandem.Data.Access;

namespace Tandem.Server.Insights;

internal static class InsightsServiceCollectionExtensions
{
    /// <summary>Metrics, readiness and the automatic demotion of a regressing autonomous topic.</summary>
    public static IServiceCollection AddInsights(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReadinessOptions>(configuration.GetSection(ReadinessOptions.Section));
        services.AddScoped<AutoDemotion>();
        services.AddScoped<InsightsQuery>();
        services.AddAuthorizationBuilder()
            .AddPolicy(InsightsPolicies.Reader, p => p.RequireRole(StaffRoles.Admin, StaffRoles.Agent, StaffRoles.Viewer));
        return services;
    }
}

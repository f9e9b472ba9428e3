using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Server.Privacy;

namespace Tandem.Server.Hosting;

internal static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// One factory (singleton) for background work, and a scoped context per request made from it.
    /// The provider is read from options when first needed, so test hosts can override it.
    /// </summary>
    public static IServiceCollection AddTandemDatabase(this IServiceCollection services)
    {
        services.AddDbContextFactory<TandemDbContext>((sp, o) => Configure(o, sp.GetRequiredService<IOptions<TandemOptions>>().Value));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<TandemDbContext>>().CreateDbContext());
        return services;
    }

    public static DbContextOptions<TandemDbContext> CreateOptions(TandemOptions options)
    {
        var builder = new DbContextOptionsBuilder<TandemDbContext>();
        Configure(builder, options);
        return builder.Options;
    }

    public static bool IsPostgres(this TandemOptions options) =>
        string.Equals(options.Database.Provider, "postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(options.Database.Provider, "postgresql", StringComparison.OrdinalIgnoreCase);

    public static string SqlitePath(this TandemOptions options) =>
        Path.Combine(Path.GetFullPath(options.DataDir), "tandem.db");

    private static void Configure(DbContextOptionsBuilder builder, TandemOptions options)
    {
        if (options.IsPostgres())
        {
            var cs = options.Database.ConnectionString;
            if (string.IsNullOrWhiteSpace(cs))
            {
                throw new InvalidOperationException(
                    "Tandem:Database:Provider is postgres but Tandem:Database:ConnectionString is empty. " +
                    "Set it, e.g. Tandem__Database__ConnectionString='Host=127.0.0.1;Port=5432;Username=tandem;Password=...;Database=tandem'.");
            }
            builder.UseNpgsql(cs, o => o.MigrationsAssembly("Tandem.Migrations.Postgres"));
        }
        else if (string.Equals(options.Database.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var cs = new SqliteConnectionStringBuilder
            {
                DataSource = options.SqlitePath(),
                // Waits on a locked database instead of failing at once (seconds).
                DefaultTimeout = 30,
                Pooling = true,
            };
            builder.UseSqlite(cs.ToString(), o => o.MigrationsAssembly("Tandem.Migrations.Sqlite"))
                // Deleted rows are overwritten with zeros, not left in free pages (docs/privacy.md, "Secure deletion").
                .AddInterceptors(SecureDeleteInterceptor.Instance);
        }
        else
        {
            throw new InvalidOperationException($"Unknown Tandem:Database:Provider '{options.Database.Provider}'. Use sqlite or postgres.");
        }
    }
}

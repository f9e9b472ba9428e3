using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Tandem.Data;

namespace Tandem.Migrations.Postgres;

/// <summary>Used only by `dotnet ef` to generate this provider's migrations; no server is contacted.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TandemDbContext>
{
    public TandemDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TandemDbContext>()
            .UseNpgsql("Host=localhost;Database=tandem_design", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options);
}

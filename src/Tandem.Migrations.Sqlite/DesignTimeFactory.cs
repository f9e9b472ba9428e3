using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Tandem.Data;

namespace Tandem.Migrations.Sqlite;

/// <summary>Used only by `dotnet ef` to generate this provider's migrations.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TandemDbContext>
{
    public TandemDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TandemDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options);
}

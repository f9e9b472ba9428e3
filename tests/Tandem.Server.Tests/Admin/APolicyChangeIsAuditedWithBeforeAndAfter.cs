using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Admin;

/// <summary>
/// Policies live in the firm pack and change when an admin edits it; the next start records what the
/// AI was held to before and after, in the audit chain.
/// </summary>
public abstract class APolicyChangeIsAuditedWithBeforeAndAfter
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task EditingThePacksPoliciesRecordsWhatChanged()
    {
        var pack = TestPaths.CopyOfReferenceFirm();
        var dataDir = TestPaths.NewTempDir("tandem-policy");
        var connectionString = Store == Store.Postgres ? await Postgres.CreateDatabaseAsync() : null;
        var settings = new Dictionary<string, string?> { ["Tandem:Firms:0"] = pack };

        await using (var first = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString, settings: settings))
        {
            Assert.Empty(await PolicyChangesAsync(first));
        }

        var policies = Path.Combine(pack, "policies.yaml");
        var text = await File.ReadAllTextAsync(policies);
        Assert.Contains("autonomousThreshold: 0.6", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(policies, text
            .Replace("autonomousThreshold: 0.6", "autonomousThreshold: 0.7", StringComparison.Ordinal)
            .Replace("  - I'll waive\n", "", StringComparison.Ordinal));

        await using (var second = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString, settings: settings))
        {
            var change = Assert.Single(await PolicyChangesAsync(second));
            Assert.Equal("system", change.Actor);
            var payload = JsonDocument.Parse(change.Payload).RootElement;
            Assert.Equal(["forbiddenPhrases", "autonomousThreshold"], payload.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(0.6, payload.GetProperty("before").GetProperty("autonomousThreshold").GetDouble());
            Assert.Equal(0.7, payload.GetProperty("after").GetProperty("autonomousThreshold").GetDouble());
            Assert.Contains("I'll waive", payload.GetProperty("before").GetProperty("forbiddenPhrases").EnumerateArray().Select(p => p.GetString()));
            Assert.DoesNotContain("I'll waive", payload.GetProperty("after").GetProperty("forbiddenPhrases").EnumerateArray().Select(p => p.GetString()));
            // Unchanged parts are in both, so the event stands on its own.
            Assert.Equal(payload.GetProperty("before").GetProperty("neverAutonomousTopics").GetRawText(),
                payload.GetProperty("after").GetProperty("neverAutonomousTopics").GetRawText());
        }

        // Starting again on the same pack records nothing new.
        await using var third = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString, settings: settings);
        Assert.Single(await PolicyChangesAsync(third));
    }

    private static async Task<List<Tandem.Data.Audit.AuditEvent>> PolicyChangesAsync(TandemHost host)
    {
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Kind == "firm.policy_changed").ToListAsync();
    }
}

public sealed class APolicyChangeIsAuditedWithBeforeAndAfterOnSqlite : APolicyChangeIsAuditedWithBeforeAndAfter
{
    protected override Store Store => Store.Sqlite;
}

public sealed class APolicyChangeIsAuditedWithBeforeAndAfterOnPostgres : APolicyChangeIsAuditedWithBeforeAndAfter
{
    protected override Store Store => Store.Postgres;
}

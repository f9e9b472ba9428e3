using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Firms;

/// <summary>
/// Start-up runs the pipeline on made-up messages so a customer's first turn does not pay for its first run, and that
/// run leaves nothing behind: no conversation, message, turn or audit entry a customer or the readiness figures would
/// count.
/// </summary>
public sealed class TheFirmsPipelineIsWarmedUpBeforeItsFirstTurn
{
    [Fact]
    public void EachMadeUpMessageRunsThePipeline()
    {
        var loaded = FirmPackLoader.Load(Repository.SamplePack("harbour-home"));
        var firm = new LoadedFirm(loaded.Pack!, SharedEmbedder.Instance);

        var times = StartupTasks.WarmUp(firm, TimeProvider.System);

        Assert.Equal(2, times.Count);
        Assert.All(times, ms => Assert.True(ms > 0, $"a pipeline run took {ms} ms"));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task StartingTheServerStoresNoTurnForTheWarmUp(Store store)
    {
        await using var host = await TandemHost.StartAsync(store);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();

        Assert.Equal(0, await db.Conversations.CountAsync());
        Assert.Equal(0, await db.Messages.CountAsync());
        Assert.Equal(0, await db.Turns.CountAsync());
        Assert.Equal(0, await db.Drafts.CountAsync());
        Assert.Equal(0, await db.ActionCalls.CountAsync());
        var kinds = await db.AuditEvents.Select(e => e.Kind).Distinct().ToListAsync();
        Assert.DoesNotContain(kinds, k => k.StartsWith("turn.", StringComparison.Ordinal) || k.StartsWith("message.", StringComparison.Ordinal));
        // The start-up's own entries are there, so the query above read the right table.
        Assert.Contains(kinds, k => k.StartsWith("firm.", StringComparison.Ordinal));
    }
}

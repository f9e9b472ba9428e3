using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Server.Audit;
using Tandem.Server.Turns;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Api;

/// <summary>The audit chain, and durability of accepted messages across crashes, on each database.</summary>
public abstract class AuditAndRecoveryTests
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task EveryStageOfATurnIsInTheAuditChainAndTheChainVerifies()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        // A question the firm answers alone, so the turn runs every stage.
        var turn = await conversation.SayAsync("Do you deliver to Northern Ireland?");
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var kinds = await db.AuditEvents.Where(e => e.TurnId == turn.Id).OrderBy(e => e.Sequence).Select(e => e.Kind).ToListAsync();
        Assert.Equal(
            ["turn.intake", "turn.understand", "turn.retrieve", "turn.act", "turn.draft", "turn.check", "turn.decide", "turn.deliver", "turn.completed"],
            kinds);
        var check = await AuditLog.VerifyAsync(db, default);
        Assert.True(check.Intact, check.Problem);
        Assert.True(check.Checked >= kinds.Count);
    }

    [Fact]
    public async Task TheUnderstandStageNamesTheVersionOfTheTopicClassifier()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var first = await conversation.SayAsync("How much is delivery on a sofa?");
        var second = await conversation.SayAsync("Can I pay with PayPal?");
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var payloads = await db.AuditEvents.Where(e => e.Kind == "turn.understand" && (e.TurnId == first.Id || e.TurnId == second.Id))
            .Select(e => e.Payload).ToListAsync();

        var versions = payloads.Select(p =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(p!);
            return json.RootElement.GetProperty("output").GetProperty("classifierVersion").GetString();
        }).ToList();
        Assert.Equal(2, versions.Count);
        Assert.StartsWith("linear@", versions[0], StringComparison.Ordinal);
        // The same firm pack and model give the same version on every turn.
        Assert.Equal(versions[0], versions[1]);
    }

    [Fact]
    public async Task TamperingWithAnAuditRowIsCaughtAtThatEvent()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        await conversation.SayAsync("Do you deliver to Northern Ireland?");
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var victim = await db.AuditEvents.Where(e => e.Kind == "turn.draft").Select(e => e.Sequence).SingleAsync();
        await db.AuditEvents.Where(e => e.Sequence == victim)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Payload, "{\"input\":{},\"output\":{\"text\":\"We deliver free everywhere.\"}}"));
        var check = await AuditLog.VerifyAsync(db, default);
        Assert.False(check.Intact);
        Assert.Equal(victim, check.FirstBrokenSequence);
    }

    [Fact]
    public async Task AMessageAcceptedButNotProcessedIsAnsweredAfterARestartExactlyOnce()
    {
        var dataDir = TestPaths.NewTempDir("tandem-restart");
        var connectionString = Store == Store.Postgres ? await Postgres.CreateDatabaseAsync() : null;
        Guid conversationId;
        string token;
        Guid messageId;
        // An intake-only node stands in for a server killed between accepting and processing.
        await using (var first = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString,
            settings: new Dictionary<string, string?> { ["Tandem:Processing:Workers"] = "0" }))
        {
            var conversation = await first.StartConversationAsync();
            messageId = await conversation.SendAsync("How long do refunds take?");
            conversationId = conversation.Id;
            token = conversation.Token;
            await Task.Delay(300);
            Assert.Empty(await conversation.TurnsAsync().ContinueWith(t => t.Result.Where(x => x.Decision is not null).ToList()));
        }

        await using var second = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString);
        var again = new CustomerConversation(second, conversationId, token);
        var turn = await again.TurnForAsync(messageId);
        Assert.NotNull(turn.Decision);

        // Processing the same turn again (a duplicate delivery from the queue) changes nothing.
        using var scope = second.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var before = await db.Messages.CountAsync(m => m.ConversationId == conversationId) + await db.Drafts.CountAsync(d => d.ConversationId == conversationId);
        var processor = second.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<TurnProcessor>().Single();
        await processor.ProcessAsync(turn.Id, default);
        var after = await db.Messages.CountAsync(m => m.ConversationId == conversationId) + await db.Drafts.CountAsync(d => d.ConversationId == conversationId);
        Assert.Equal(before, after);
        Assert.True(await db.Messages.AnyAsync(m => m.TurnId == turn.Id && m.Author != Authors.Customer) || await db.Drafts.AnyAsync(d => d.TurnId == turn.Id));
        Assert.Single(await db.AuditEvents.Where(e => e.TurnId == turn.Id && e.Kind == "turn.completed").ToListAsync());
    }
}

public sealed class AuditAndRecoveryOnSqlite : AuditAndRecoveryTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class AuditAndRecoveryOnPostgres : AuditAndRecoveryTests
{
    protected override Store Store => Store.Postgres;
}

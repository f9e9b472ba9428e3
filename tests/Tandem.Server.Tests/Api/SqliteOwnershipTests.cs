using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Api;

/// <summary>On SQLite one process owns a data directory, so a dead process's leases are released at start.</summary>
public sealed class ATurnLeftMidProcessingByADeadProcessIsAnsweredOnRestart
{
    [Fact]
    public async Task EvenThoughItsLeaseHasNotLapsed()
    {
        var dataDir = TestPaths.NewTempDir("tandem-lease");
        Guid conversationId, messageId;
        string token;
        await using (var first = await TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir,
            settings: new Dictionary<string, string?> { ["Tandem:Processing:Workers"] = "0" }))
        {
            var conversation = await first.StartConversationAsync();
            messageId = await conversation.SendAsync("Do you deliver to the Isle of Man?");
            (conversationId, token) = (conversation.Id, conversation.Token);
            using var scope = first.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            // As if a worker had claimed the turn and then the process was killed.
            var until = first.Clock.GetUtcNow().AddHours(1);
            await db.Turns.Where(t => t.MessageId == messageId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseOwner, "dead-process").SetProperty(t => t.LeaseUntil, until));
        }
        await using var second = await TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir);
        var turn = await new CustomerConversation(second, conversationId, token).TurnForAsync(messageId, TimeSpan.FromSeconds(10));
        Assert.NotNull(turn.Decision);
    }
}

public sealed class ASecondProcessOnTheSameDataDirectoryIsRefused
{
    [Fact]
    public async Task WithAMessageNamingTheDirectory()
    {
        var dataDir = TestPaths.NewTempDir("tandem-lock");
        await using var first = await TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir));
        var messages = string.Join(" ", Flatten(error).Select(e => e.Message));
        Assert.Contains("Another Tandem process is using", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }
}

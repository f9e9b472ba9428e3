using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Rules.Routing;
using Tandem.Server.Actions;
using Tandem.Server.Actions.Retail;

namespace Tandem.Server.Tests.TauRetail;

public sealed class TheRetailConnectorAnswersAsTheBenchmarksTools
{
    private static readonly RetailData Data = RetailData.Load(EvalTauRetailReplaysTasksAgainstTheReference.Fixture);

    [Fact]
    public async Task AnOrdersOwnerIsItsUserWithTheirEmail()
    {
        var connector = new TauRetailConnector("tau-retail", Data);
        await using var db = Db();

        var owner = await connector.FindOwnerAsync("tau-retail", "#W2001", db, CancellationToken.None);

        Assert.Equal(new RecordOwner("bob_ray_2", "bob@example.com"), owner);
        Assert.Null(await connector.FindOwnerAsync("tau-retail", "#W9999", db, CancellationToken.None));
        Assert.Null(await connector.FindOwnerAsync("another-firm", "#W2001", db, CancellationToken.None));
    }

    [Fact]
    public async Task AToolsErrorIsARefusalCarryingItsSentenceAndChangesNothing()
    {
        var connector = new TauRetailConnector("tau-retail", Data);
        await using var db = Db();
        var conversation = Guid.NewGuid();

        var result = await Call(connector, db, conversation, "cancel_pending_order", new { order_id = "#W1002", reason = "no longer needed" });

        Assert.False(result.Ok);
        Assert.Equal(TauRetailConnector.ToolError, result.Reason);
        Assert.Equal("Error: non-pending order cannot be cancelled", result.CustomerMessage);
        Assert.Empty(connector.StoreFor(conversation).WrittenOrders);
    }

    [Fact]
    public async Task EachConversationStartsFromTheInitialDatabase()
    {
        var connector = new TauRetailConnector("tau-retail", Data);
        await using var db = Db();
        var first = Guid.NewGuid();

        var cancelled = await Call(connector, db, first, "cancel_pending_order", new { order_id = "#W1001", reason = "ordered by mistake" });
        var again = await Call(connector, db, first, "cancel_pending_order", new { order_id = "#W1001", reason = "ordered by mistake" });
        var elsewhere = await Call(connector, db, Guid.NewGuid(), "get_order_details", new { order_id = "#W1001" });

        Assert.True(cancelled.Ok);
        Assert.Equal("cancelled", cancelled.Result.GetProperty("status").GetString());
        Assert.Equal("Error: non-pending order cannot be cancelled", again.CustomerMessage);
        Assert.Equal("pending", elsewhere.Result.GetProperty("status").GetString());
    }

    [Fact]
    public void EveryStateChangingToolNamesTheRecordWhoseOwnerTheGatewayChecks()
    {
        var tools = new TauRetailConnector("tau-retail", Data).ToolsFor("tau-retail");

        Assert.Equal(RetailStore.WriteTools.Order(StringComparer.Ordinal), tools.Where(t => t.ChangesState).Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools.Where(t => t.ChangesState), t => Assert.NotNull(t.OwnedRecordArgument));
    }

    private static Task<ConnectorResult> Call(TauRetailConnector connector, TandemDbContext db, Guid conversation, string tool, object arguments)
    {
        var definition = connector.ToolsFor("tau-retail").Single(t => t.Name == tool);
        var request = new ActionRequest
        {
            FirmId = "tau-retail",
            ConversationId = conversation,
            Customer = new CustomerIdentity("alice_lee_1", null, IdentityMethods.Token, DateTimeOffset.UnixEpoch, []),
            Topic = "retail",
            Mode = TopicMode.Autonomous,
            Tool = tool,
            Arguments = JsonSerializer.SerializeToElement(arguments),
            IdempotencyKey = Guid.NewGuid().ToString(),
            Caller = ActionCaller.Procedure,
            Actor = "system",
        };
        return connector.ExecuteAsync(new ConnectorCall(request, definition, db, DateTimeOffset.UnixEpoch), CancellationToken.None);
    }

    /// <summary>The retail connector keeps its state outside Tandem's database; a context that is never opened stands in.</summary>
    private static TandemDbContext Db() => new(new DbContextOptionsBuilder<TandemDbContext>().UseSqlite("Data Source=:memory:").Options);
}

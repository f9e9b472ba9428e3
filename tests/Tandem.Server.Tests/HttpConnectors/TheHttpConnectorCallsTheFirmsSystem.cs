using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Rules.Routing;
using Tandem.Server.Actions;
using Tandem.Server.Actions.Http;

namespace Tandem.Server.Tests.HttpConnectors;

public sealed class TheHttpConnectorCallsTheFirmsSystem
{
    [Fact]
    public async Task ALookupSendsTheSecretHeaderAndReturnsTheMappedFields()
    {
        await using var system = await FirmSystem.StartAsync();
        var (connector, services) = system.Connector();
        await using var _ = services;

        var result = await Call(connector, "get_order", new { order_number = "A-1" });

        Assert.True(result.Ok);
        Assert.Equal("processing", result.Result.GetProperty("status").GetString());
        Assert.Equal(12.5m, result.Result.GetProperty("total").GetDecimal());
        var request = Assert.Single(system.Received);
        Assert.Equal("/api/orders/A-1?include=items", request.Path);
        Assert.Equal("k-123", request.ApiKey);
    }

    [Fact]
    public async Task AStateChangeSendsItsBodyAndIdempotencyKey()
    {
        await using var system = await FirmSystem.StartAsync();
        var (connector, services) = system.Connector();
        await using var _ = services;

        var result = await Call(connector, "cancel_order", new { order_number = "A-1", reason = "changed my mind" }, key: "turn:abc");

        Assert.True(result.Ok);
        Assert.Equal(12.5m, result.Result.GetProperty("refunded").GetDecimal());
        var request = Assert.Single(system.Received);
        Assert.Equal("turn:abc", request.IdempotencyKey);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("changed my mind", body.RootElement.GetProperty("reason").GetString());
        Assert.Equal("Cancelled by Tandem for A-1", body.RootElement.GetProperty("note").GetString());
    }

    [Fact]
    public void EachOperationIsAToolWithItsSchemaAndOwnedRecord()
    {
        var problems = new Tandem.Server.Firms.PackProblems();
        var definitions = ConnectorsYaml.Read(FirmSystem.ConnectorsYamlFor("http://127.0.0.1:9"), problems);
        var connector = new HttpConnector(new NoClients(), new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), _ => definitions);

        var tools = connector.ToolsFor("any");

        Assert.Equal(["get_order", "cancel_order"], tools.Select(t => t.Name));
        Assert.Equal([false, true], tools.Select(t => t.ChangesState));
        Assert.All(tools, t => Assert.Equal("order_number", t.OwnedRecordArgument));
        Assert.Equal(["order_number", "reason"], tools[1].Parameters.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task TheOwnerComesFromTheLookupOperationAndAnUnknownRecordHasNone()
    {
        await using var system = await FirmSystem.StartAsync();
        var (connector, services) = system.Connector();
        await using var _ = services;
        await using var db = Db();

        Assert.Equal(new RecordOwner("C-1", "ann@example.com"), await connector.FindOwnerAsync("shop", "A-1", db, CancellationToken.None));
        Assert.Null(await connector.FindOwnerAsync("shop", "A-404", db, CancellationToken.None));
        Assert.Null(await connector.FindOwnerAsync("another-firm", "A-1", db, CancellationToken.None));
    }

    internal static Task<ConnectorResult> Call(HttpConnector connector, string tool, object arguments, string? key = null)
    {
        var definition = connector.ToolsFor("shop").Single(t => t.Name == tool);
        var request = new ActionRequest
        {
            FirmId = "shop",
            ConversationId = Guid.NewGuid(),
            Customer = new CustomerIdentity("C-1", "ann@example.com", IdentityMethods.Token, DateTimeOffset.UnixEpoch, []),
            Topic = "orders",
            Mode = TopicMode.Autonomous,
            Tool = tool,
            Arguments = JsonSerializer.SerializeToElement(arguments),
            IdempotencyKey = key,
            Caller = ActionCaller.Procedure,
            Actor = "system",
        };
        return connector.ExecuteAsync(new ConnectorCall(request, definition, Db(), DateTimeOffset.UnixEpoch), CancellationToken.None);
    }

    /// <summary>The HTTP connector never touches Tandem's database; a context that is never opened stands in.</summary>
    internal static TandemDbContext Db() => new(new DbContextOptionsBuilder<TandemDbContext>().UseSqlite("Data Source=:memory:").Options);

    private sealed class NoClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("no calls expected");
    }
}

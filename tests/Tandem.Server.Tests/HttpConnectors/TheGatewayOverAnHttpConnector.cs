using Microsoft.Extensions.DependencyInjection;
using Tandem.Server.Actions;
using Tandem.Server.Tests.Infrastructure;
using static Tandem.Server.Tests.Actions.ActionTestKit;

namespace Tandem.Server.Tests.HttpConnectors;

/// <summary>
/// The reference firm with its order tools wired to a system of its own over HTTP (connectors.yaml), through
/// the whole server: the gateway's checks and records around the real socket. A failure of the system is a
/// Failed outcome with the holding message, and nothing is recorded as done.
/// </summary>
public abstract class TheGatewayOverAnHttpConnector
{
    protected abstract Store Store { get; }

    /// <summary>The timeout is generous unless a test means to meet it: a lookup's retries, with their backoff, must not time out on a loaded machine.</summary>
    private static async Task<(TandemHost Host, FirmSystem System, Guid Conversation)> StartAsync(Store store, double timeoutSeconds = 15)
    {
        var system = await FirmSystem.StartAsync();
        // Registered after the server's own: the firm's system answers get_order and cancel_order instead of the built-in connector.
        var host = await Tandem.Server.Tests.Actions.ActionTestKit.StartAsync(store, services => services.AddSingleton<IConnector>(sp =>
            system.ConnectorFor(Firm, sp.GetRequiredService<IHttpClientFactory>(), timeoutSeconds: timeoutSeconds)));
        var conversation = await SignedInAsync(host, "C-1");
        return (host, system, conversation.Id);
    }

    [Fact]
    public async Task TheCustomersOwnOrderIsLookedUpInTheFirmsSystem()
    {
        var (host, system, conversation) = await StartAsync(Store);
        await using var _ = host;
        await using var __ = system;

        var outcome = await CallAsync(host, conversation, "get_order", new { order_number = "A-1" });

        Assert.Equal("executed", outcome.Status);
        Assert.Equal("processing", outcome.Result!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnOrderTheSystemDoesNotKnowIsNotFound()
    {
        var (host, system, conversation) = await StartAsync(Store);
        await using var _ = host;
        await using var __ = system;

        var outcome = await CallAsync(host, conversation, "get_order", new { order_number = "A-404" });

        Assert.Equal("refused", outcome.Status);
        Assert.Equal("record_not_found", outcome.Reason);
    }

    [Theory]
    [InlineData("get_order", "A-BAD", "connector_unavailable")]
    [InlineData("get_order", "A-500", "connector_unavailable")]
    [InlineData("get_order", "A-SLOW", "connector_timeout")]
    [InlineData("cancel_order", "A-2", "connector_unavailable")]
    public async Task AFailingSystemFailsTheCallAndNothingIsRecordedAsDone(string tool, string order, string reason)
    {
        var (host, system, conversation) = await StartAsync(Store, timeoutSeconds: order == "A-SLOW" ? 1 : 15);
        await using var _ = host;
        await using var __ = system;

        object arguments = tool == "cancel_order" ? new { order_number = order, reason = "changed my mind" } : new { order_number = order };

        var outcome = await CallAsync(host, conversation, tool, arguments, key: "k-" + order);

        Assert.Equal("failed", outcome.Status);
        Assert.Equal(reason, outcome.Reason);
        Assert.Equal(Tandem.Server.Actions.ActionGateway.HoldingMessage, outcome.CustomerMessage);
        Assert.Equal(0, await ActionRowsAsync(host, conversation));
        Assert.Contains("action.failed", await AuditKindsAsync(host, conversation));
    }
}

public sealed class TheGatewayOverAnHttpConnectorOnSqlite : TheGatewayOverAnHttpConnector
{
    protected override Store Store => Store.Sqlite;
}

public sealed class TheGatewayOverAnHttpConnectorOnPostgres : TheGatewayOverAnHttpConnector
{
    protected override Store Store => Store.Postgres;
}

using Tandem.Server.Actions.Http;

namespace Tandem.Server.Tests.HttpConnectors;

/// <summary>
/// Every way the firm's system can let a call down ends in an exception (<see cref="HttpConnectorException"/>,
/// or <see cref="TimeoutException"/>), which the gateway turns into a Failed outcome: nothing is reported as done.
/// </summary>
public sealed class FailuresOfTheFirmsSystemFailTheCall
{
    [Theory]
    [InlineData("A-404", "orders-api answered 404 Not Found to get_order.")]
    [InlineData("A-BAD", "orders-api answered get_order with something that is not JSON")]
    public async Task AnErrorStatusOrAnAnswerThatIsNotJsonFailsNamingTheSystem(string order, string expected)
    {
        await using var system = await FirmSystem.StartAsync();
        var (connector, services) = system.Connector();
        await using var _ = services;

        var failure = await Assert.ThrowsAsync<HttpConnectorException>(() => TheHttpConnectorCallsTheFirmsSystem.Call(connector, "get_order", new { order_number = order }));

        Assert.StartsWith(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALookupIsRetriedOnAServerErrorBeforeFailing()
    {
        await using var system = await FirmSystem.StartAsync();
        var (connector, services) = system.Connector();
        await using var _ = services;

        var failure = await Assert.ThrowsAsync<HttpConnectorException>(() => TheHttpConnectorCallsTheFirmsSystem.Call(connector, "get_order", new { order_number = "A-500" }));

        Assert.Equal("orders-api answered 500 Internal Server Error to get_order.", failure.Message);
        Assert.Equal(3, system.Attempts["GET A-500"]);
    }

    [Fact]
    public async Task AStateChangeIsNeverRetriedBecauseItMayHaveHappened()
    {
        await using var system = await FirmSystem.StartAsync();
        var (connector, services) = system.Connector();
        await using var _ = services;

        await Assert.ThrowsAsync<HttpConnectorException>(() => TheHttpConnectorCallsTheFirmsSystem.Call(connector, "cancel_order", new { order_number = "A-500", reason = "x" }, key: "k1"));

        Assert.Equal(1, system.Attempts["POST A-500"]);
    }

    [Fact]
    public async Task AnAnswerPastTheTimeoutFailsTheCall()
    {
        await using var system = await FirmSystem.StartAsync();
        var (connector, services) = system.Connector(timeoutSeconds: 0.5);
        await using var _ = services;

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => TheHttpConnectorCallsTheFirmsSystem.Call(connector, "get_order", new { order_number = "A-SLOW" }));

        Assert.Equal("orders-api did not answer get_order within 0.5 s.", failure.Message);
    }

    [Fact]
    public async Task AMissingSecretFailsTheCallNamingTheVariableAndSendsNothing()
    {
        await using var system = await FirmSystem.StartAsync();
        var (connector, services) = system.Connector(secret: null);
        await using var _ = services;

        var failure = await Assert.ThrowsAsync<HttpConnectorException>(() => TheHttpConnectorCallsTheFirmsSystem.Call(connector, "get_order", new { order_number = "A-1" }));

        Assert.Contains("'ORDERS_API_KEY' is not set", failure.Message, StringComparison.Ordinal);
        Assert.Empty(system.Received);
    }
}

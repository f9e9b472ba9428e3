using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;
using static Tandem.Server.Tests.Actions.ActionTestKit;

namespace Tandem.Server.Tests.Actions;

/// <summary>A signed token from the firm's website verifies the customer when the conversation starts.</summary>
public abstract class CustomerTokenTests
{
    protected abstract Store Store { get; }

    private const string Order = "HH-2026-003071";

    private static async Task<HttpResponseMessage> StartWithTokenAsync(TandemHost host, string token)
    {
        using var anonymous = host.Client();
        return await anonymous.PostAsJsonAsync("/api/v1/conversations", new { firm = Firm, customer = new { token } });
    }

    [Fact]
    public async Task AValidTokenVerifiesTheCustomerForTheirOwnOrders()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Order);
        var conversation = await SignedInAsync(host, customer);

        var outcome = await CallAsync(host, conversation.Id, "get_order", new { order_number = Order });

        Assert.Equal("executed", outcome.Status);
        Assert.Equal(Order, outcome.Result!.Value.GetProperty("orderNumber").GetString());
        Assert.Contains("customer.verified", await AuditKindsAsync(host, conversation.Id));
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedWithAProblemSayingSo()
    {
        await using var host = await StartAsync(Store);
        var response = await StartWithTokenAsync(host, TokenFor(host, "C-10001", validFor: TimeSpan.FromMinutes(-10)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("expired", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenExpiredWithinTheClockSkewIsStillAccepted()
    {
        await using var host = await StartAsync(Store);
        var response = await StartWithTokenAsync(host, TokenFor(host, "C-10001", validFor: TimeSpan.FromSeconds(-30)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherSecretIsRefused()
    {
        await using var host = await StartAsync(Store);
        var response = await StartWithTokenAsync(host, TokenFor(host, "C-10001", secret: "not-the-firms-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("signature", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenForAnotherFirmIsRefused()
    {
        await using var host = await StartAsync(Store);
        var response = await StartWithTokenAsync(host, TokenFor(host, "C-10001", firm: "another-firm"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("another firm", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedTokenIsABadRequest()
    {
        await using var host = await StartAsync(Store);
        var response = await StartWithTokenAsync(host, "not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

public sealed class CustomerTokenOnSqlite : CustomerTokenTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class CustomerTokenOnPostgres : CustomerTokenTests
{
    protected override Store Store => Store.Postgres;
}

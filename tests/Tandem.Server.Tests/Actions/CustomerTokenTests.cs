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

/// <summary>The worked example in docs/identity.md is a token Tandem accepts, byte for byte.</summary>
public sealed class CustomerTokenFormat
{
    private const string DocumentedToken = "eyJzdWIiOiJDLTEwMTAxIiwiZXhwIjoxODMwMDAwMDAwLCJmaXJtIjoiaGFyYm91ci1ob21lIn0.3hQFWPyi0D_NPFLym3rCGtUFgjbYMNIJYAnY4wD7drQ";

    [Fact]
    public void TheDocumentedExampleVerifies()
    {
        var check = Tandem.Server.Identity.CustomerTokens.Check(DocumentedToken, "hh-demo-secret-change-me", "harbour-home", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.True(check.Valid);
        Assert.Equal("C-10101", check.CustomerId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1830000000), check.Expires);
    }

    [Fact]
    public void CreatingTheDocumentedPayloadGivesTheDocumentedToken() =>
        Assert.Equal(DocumentedToken, Tandem.Server.Identity.CustomerTokens.Create("hh-demo-secret-change-me", "C-10101", "harbour-home", DateTimeOffset.FromUnixTimeSeconds(1830000000)));

    [Fact]
    public void AChangedPayloadNoLongerVerifies()
    {
        var forged = DocumentedToken.Replace("MTAxIiwi", "MTAyIiwi", StringComparison.Ordinal);
        var check = Tandem.Server.Identity.CustomerTokens.Check(forged, "hh-demo-secret-change-me", "harbour-home", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(Tandem.Server.Identity.TokenProblem.BadSignature, check.Problem);
    }
}

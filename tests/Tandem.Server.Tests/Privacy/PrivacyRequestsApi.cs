using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;
using static Tandem.Server.Tests.Privacy.PrivacyTestKit;

namespace Tandem.Server.Tests.Privacy;

/// <summary>The request clock as the API shows it, and the ProblemDetails for bad input.</summary>
public abstract class PrivacyRequestsApi
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task ARequestReceivedOnThe31stOfJanuaryIsDueOnTheLastDayOfFebruaryAndThenOverdue()
    {
        await using var host = await TandemHost.StartAsync(Store, now: new DateTimeOffset(2027, 1, 31, 11, 30, 0, TimeSpan.Zero));
        var request = await CreateRequestAsync(host, "nadia.gilbert85@example.co.uk", "access");

        Assert.Equal("2027-02-28", request.GetProperty("due").GetString());
        Assert.False(request.GetProperty("overdue").GetBoolean());

        host.Clock.Advance(TimeSpan.FromDays(29));
        using var admin = host.Admin();
        var list = await admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/privacy/requests?firm=harbour-home");
        var listed = Assert.Single(list!);
        Assert.True(listed.GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task AnExtensionIsRecordedWithItsReasonAndMovesTheDeadline()
    {
        await using var host = await TandemHost.StartAsync(Store, now: new DateTimeOffset(2027, 1, 31, 11, 30, 0, TimeSpan.Zero));
        var request = await CreateRequestAsync(host, "C-10003", "access");
        using var admin = host.Admin();

        var extended = await admin.PostAsJsonAsync($"/api/v1/privacy/requests/{request.GetProperty("id").GetGuid()}/extend",
            new { months = 2, reason = "Seven years of orders across two accounts and a phone log to gather" });

        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        var body = await extended.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2027-04-30", body.GetProperty("deadline").GetString());
        Assert.Equal("Seven years of orders across two accounts and a phone log to gather", body.GetProperty("extensionReason").GetString());
        var again = await admin.PostAsJsonAsync($"/api/v1/privacy/requests/{request.GetProperty("id").GetGuid()}/extend", new { months = 1, reason = "more" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("""{"firm":"harbour-home","kind":"access"}""", 400, "customer is required")]
    [InlineData("""{"firm":"harbour-home","customer":"C-10001","kind":"forget"}""", 400, "kind must be access or erasure")]
    [InlineData("""{"firm":"no-such-firm","customer":"C-10001","kind":"access"}""", 404, "firm not found")]
    [InlineData("""{"customer":"C-10001","kind":"access"}""", 400, "firm is required")]
    public async Task BadRequestsAreNamedProblems(string body, int status, string title)
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();

        var response = await admin.PostAsync("/api/v1/privacy/requests", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ExtendingByThreeMonthsOrWithoutAReasonIsRefusedAndAnErasureRequestHasNoExport()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var request = await CreateRequestAsync(host, "C-10001", "erasure");
        var id = request.GetProperty("id").GetGuid();
        using var admin = host.Admin();

        var tooLong = await admin.PostAsJsonAsync($"/api/v1/privacy/requests/{id}/extend", new { months = 3, reason = "lots" });
        var noReason = await admin.PostAsJsonAsync($"/api/v1/privacy/requests/{id}/extend", new { months = 1 });
        var export = await admin.GetAsync($"/api/v1/privacy/requests/{id}/export");
        var missing = await admin.GetAsync($"/api/v1/privacy/requests/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, export.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/privacy/requests?firm=harbour-home")).StatusCode);
    }
}

public sealed class PrivacyRequestsApiOnSqlite : PrivacyRequestsApi
{
    protected override Store Store => Store.Sqlite;
}

public sealed class PrivacyRequestsApiOnPostgres : PrivacyRequestsApi
{
    protected override Store Store => Store.Postgres;
}

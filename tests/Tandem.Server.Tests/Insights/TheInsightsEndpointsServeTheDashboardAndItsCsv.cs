using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Data.Access;
using Tandem.Server.Access;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Insights;

/// <summary>
/// Conversations driven through the real API on two days, then the dashboard, its CSV exports and the
/// customer's CSAT rating read back over HTTP.
/// </summary>
public abstract class TheInsightsEndpointsServeTheDashboardAndItsCsv
{
    protected abstract Store Store { get; }

    private static async Task<(TandemHost Host, CustomerConversation Answered)> SeedAsync(Store store)
    {
        var host = await TandemHost.StartAsync(store);
        var answered = await host.StartConversationAsync();
        Assert.Equal("send", (await answered.SayAsync("How much is delivery on a sofa?")).Decision);

        var drafted = await host.StartConversationAsync();
        Assert.Equal("review", (await drafted.SayAsync(CopilotHistory.Question)).Decision);
        using (var admin = host.Admin())
        {
            var draftId = await CopilotHistory.DraftIdAsync(admin, drafted.Id);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/drafts/{draftId}/approve", null)).StatusCode);
        }

        var vulnerable = await host.StartConversationAsync();
        Assert.Equal("handoff", (await vulnerable.SayAsync("My husband died in March and your emails to him keep coming")).Decision);

        // Two days later, one more.
        host.Clock.Advance(TimeSpan.FromDays(2));
        var later = await host.StartConversationAsync();
        Assert.Equal("send", (await later.SayAsync("Do you deliver on Saturdays?")).Decision);
        return (host, answered);
    }

    [Fact]
    public async Task TheDashboardCountsWhatHappenedAndTheRangeChangesTheFigures()
    {
        var (host, answered) = await SeedAsync(Store);
        await using var _ = host;
        using var customer = answered.Client();
        Assert.Equal(HttpStatusCode.NoContent, (await customer.PostAsJsonAsync($"/api/v1/conversations/{answered.Id}/csat", new { score = 5 })).StatusCode);
        // A second thought replaces the first.
        Assert.Equal(HttpStatusCode.NoContent, (await customer.PostAsJsonAsync($"/api/v1/conversations/{answered.Id}/csat", new { score = 4 })).StatusCode);

        using var admin = host.Admin();
        var week = await CopilotHistory.GetJsonAsync(admin, "/api/v1/insights?firm=harbour-home&days=7");
        Assert.Equal(4, week.GetProperty("conversations").GetInt32());
        Assert.Equal(1, week.GetProperty("csatResponses").GetInt32());
        Assert.Equal(4, week.GetProperty("csatMean").GetDouble());
        Assert.Equal(["cancellation"], week.GetProperty("reviewedTopics").EnumerateArray().Select(t => t.GetString()));
        var channels = week.GetProperty("byChannel").EnumerateArray().ToList();
        Assert.Equal(("web", 4), (channels.Single().GetProperty("name").GetString(), channels.Single().GetProperty("conversations").GetInt32()));
        var ledger = week.GetProperty("ledger").EnumerateArray().ToList();
        Assert.Equal(4, ledger.Sum(l => l.GetProperty("conversations").GetInt32()));
        var assistant = week.GetProperty("handling").EnumerateArray().Single(h => h.GetProperty("handledBy").GetString() == "assistant");
        Assert.Equal(3, assistant.GetProperty("conversations").GetInt32());
        var cohortConversations = week.GetProperty("cohorts").EnumerateArray().Single(c => c.GetProperty("measure").GetString() == "conversations");
        Assert.Equal((1, 3), (cohortConversations.GetProperty("vulnerable").GetInt32(), cohortConversations.GetProperty("others").GetInt32()));
        Assert.Equal(7, week.GetProperty("byDay").GetArrayLength());

        var today = await CopilotHistory.GetJsonAsync(admin, "/api/v1/insights?firm=harbour-home&days=1");
        Assert.Equal(1, today.GetProperty("conversations").GetInt32());
        Assert.Equal(0, today.GetProperty("csatResponses").GetInt32());
        var first = DateOnly.FromDateTime(TestClock.OpeningHours.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var firstDay = await CopilotHistory.GetJsonAsync(admin, $"/api/v1/insights?firm=harbour-home&from={first}&to={first}");
        Assert.Equal(3, firstDay.GetProperty("conversations").GetInt32());
    }

    [Fact]
    public async Task EveryTableDownloadsAsCsvWithItsHeaderRow()
    {
        var (host, _) = await SeedAsync(Store);
        await using var _host = host;
        using var admin = host.Admin();

        var response = await admin.GetAsync("/api/v1/insights/handling.csv?firm=harbour-home&days=7");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("harbour-home-handling-", response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("handled_by,conversations,escalated,escalation_rate,complaints,complaint_rate", lines[0]);
        // Three answered or drafted by the assistant, none handed over; the bereavement went straight to a person.
        Assert.Equal("assistant,3,0,0,0,0", lines[1]);
        Assert.Equal("person,1,,,0,0", lines[2]);

        foreach (var table in new[] { "override-rate-by-day", "resolution-ledger", "response-times", "csat", "volume-by-topic", "volume-by-channel", "volume-by-day", "vulnerable-cohort" })
        {
            var csv = await admin.GetAsync($"/api/v1/insights/{table}.csv?firm=harbour-home&days=30");
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            var header = (await csv.Content.ReadAsStringAsync()).Split("\r\n")[0];
            Assert.False(string.IsNullOrWhiteSpace(header), table);
        }
        var byDay = (await admin.GetStringAsync("/api/v1/insights/volume-by-day.csv?firm=harbour-home&days=3")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["date,conversations", "2026-11-24,3", "2026-11-25,0", "2026-11-26,1"], byDay);
    }

    [Fact]
    public async Task BadRangesAndUnknownTablesAreNamedProblems()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();

        var backwards = await admin.GetAsync("/api/v1/insights?firm=harbour-home&from=2026-11-20&to=2026-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("invalid date range", (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/insights?firm=harbour-home&days=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/insights?firm=harbour-home&from=2024-01-01&to=2026-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/insights?firm=harbour-home&from=yesterday")).StatusCode);
        var unknown = await admin.GetAsync("/api/v1/insights/salaries.csv?firm=harbour-home");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown table", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/insights")).StatusCode);
    }

    [Fact]
    public async Task AViewerMayReadTheFiguresOfTheirOwnFirmOnly()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), FirmId = "harbour-home", Name = "Priya (owner)", Role = StaffRoles.Viewer, KeyHash = ApiKeys.Hash("viewer-key-harbour"), Prefix = "viewer", CreatedAt = host.Clock.GetUtcNow() });
            db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), FirmId = "another-firm", Name = "Someone else", Role = StaffRoles.Viewer, KeyHash = ApiKeys.Hash("viewer-key-other"), Prefix = "viewer", CreatedAt = host.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        using var viewer = host.Client("viewer-key-harbour");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/insights?firm=harbour-home")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/insights/csat.csv?firm=harbour-home")).StatusCode);
        using var outsider = host.Client("viewer-key-other");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync("/api/v1/insights?firm=harbour-home")).StatusCode);
        using var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/insights?firm=harbour-home")).StatusCode);
    }

    [Fact]
    public async Task OnlyTheCustomerRatesTheirConversationFromOneToFive()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        await conversation.SayAsync("How much is delivery on a sofa?");
        using var customer = conversation.Client();

        var tooHigh = await customer.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/csat", new { score = 10 });
        Assert.Equal(HttpStatusCode.BadRequest, tooHigh.StatusCode);
        Assert.Equal("score must be 1 to 5", (await tooHigh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/csat", new { })).StatusCode);

        var someoneElse = await host.StartConversationAsync();
        using var other = someoneElse.Client();
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/csat", new { score = 1 })).StatusCode);
        using var admin = host.Admin();
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/csat", new { score = 5 })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await customer.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/csat", new { score = 2 })).StatusCode);
        var metrics = await CopilotHistory.GetJsonAsync(admin, "/api/v1/metrics?firm=harbour-home");
        Assert.Equal(2, metrics.GetProperty("all").GetProperty("csat").GetDouble());
        Assert.Equal(1, metrics.GetProperty("all").GetProperty("csatResponses").GetInt32());
    }
}

public sealed class TheInsightsEndpointsServeTheDashboardAndItsCsvOnSqlite : TheInsightsEndpointsServeTheDashboardAndItsCsv
{
    protected override Store Store => Store.Sqlite;
}

public sealed class TheInsightsEndpointsServeTheDashboardAndItsCsvOnPostgres : TheInsightsEndpointsServeTheDashboardAndItsCsv
{
    protected override Store Store => Store.Postgres;
}

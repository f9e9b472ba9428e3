using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Knowledge;

/// <summary>`GET /api/v1/admin/knowledge/health`: the gaps are the questions customers actually sent, clustered, with counts.</summary>
public abstract class CoverageGapsComeFromTurnsSentThroughTheApi
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task QuestionsWithNoGoodPassageAreClusteredAndAnsweredOnesAreNot()
    {
        await using var host = await TandemHost.StartAsync(Store);
        foreach (var question in new[] { "Do you sell garden sheds?", "Have you got garden sheds for sale?", "What is the capital of Peru?", "How much is standard delivery?" })
        {
            var conversation = await host.StartConversationAsync();
            Assert.NotNull((await conversation.SayAsync(question)).Decision);
        }

        using var admin = host.Admin();
        var report = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/knowledge/health?firm=harbour-home&threshold=0.45");

        Assert.Equal(4, report.GetProperty("questionsChecked").GetInt32());
        var gaps = report.GetProperty("gaps").EnumerateArray().ToList();
        Assert.Equal(2, gaps.Count);
        Assert.Equal(2, gaps[0].GetProperty("count").GetInt32());
        Assert.Equal(["Do you sell garden sheds?", "Have you got garden sheds for sale?"],
            gaps[0].GetProperty("examples").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("What is the capital of Peru?", gaps[1].GetProperty("representative").GetString());
        Assert.DoesNotContain(gaps, g => g.GetProperty("examples").EnumerateArray().Any(e => e.GetString() == "How much is standard delivery?"));
        Assert.Contains("2 coverage gaps", report.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.False(report.GetProperty("ready").GetBoolean());
        Assert.Contains(report.GetProperty("supersededConflicts").EnumerateArray(), c => c.GetProperty("supersededSource").GetString() == "returns-policy-2022.md");
    }

    [Fact]
    public async Task AThresholdOutsideZeroToOneIsABadRequestAndTheReportIsForAdminsOnlyAndDescribed()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var bad = await admin.GetAsync("/api/v1/admin/knowledge/health?firm=harbour-home&threshold=2");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("threshold", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/admin/knowledge/health?firm=nobody")).StatusCode);
        using var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/admin/knowledge/health?firm=harbour-home")).StatusCode);
        var openApi = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.False(string.IsNullOrWhiteSpace(openApi.GetProperty("paths").GetProperty("/api/v1/admin/knowledge/health").GetProperty("get").GetProperty("summary").GetString()));
    }
}

public sealed class CoverageGapsComeFromTurnsSentThroughTheApiOnSqlite : CoverageGapsComeFromTurnsSentThroughTheApi
{
    protected override Store Store => Store.Sqlite;
}

public sealed class CoverageGapsComeFromTurnsSentThroughTheApiOnPostgres : CoverageGapsComeFromTurnsSentThroughTheApi
{
    protected override Store Store => Store.Postgres;
}

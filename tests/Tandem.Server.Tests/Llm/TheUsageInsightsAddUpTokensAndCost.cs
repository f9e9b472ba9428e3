using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Tandem.Server.Insights;
using Tandem.Server.Tests.Infrastructure;
using Tandem.Server.Tests.Insights;

namespace Tandem.Server.Tests.Llm;

/// <summary>GET /api/v1/insights/llm-usage: tokens and cost by topic and by day, per turn, with the month's budget.</summary>
public abstract class TheUsageInsightsAddUpTokensAndCost
{
    protected abstract Store Store { get; }

    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset MondayMidnight = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TokensAndCostAreGroupedByTopicAndByUtcDay()
    {
        await using var host = await LlmUsageHost.StartAsync(Store, Monday);
        var tuesday = Monday.AddDays(1);
        await LlmUsageHost.RecordTurnAsync(host, "delivery", 3_000, 300, Monday);
        await LlmUsageHost.RecordTurnAsync(host, "delivery", 2_000, 200, Monday.AddHours(2));
        await LlmUsageHost.RecordTurnAsync(host, "returns", 4_000, 500, tuesday);
        await LlmUsageHost.RecordTurnAsync(host, null, 1_000, 100, tuesday);
        // Outside the window: last month, and the following Monday.
        await LlmUsageHost.RecordTurnAsync(host, "delivery", 9_000, 900, Monday.AddDays(-30));
        await LlmUsageHost.RecordTurnAsync(host, "delivery", 9_000, 900, Monday.AddDays(7));

        using var admin = host.Admin();
        var report = await CopilotHistory.GetJsonAsync(admin,
            $"/api/v1/insights/llm-usage?firm=harbour-home&from={CopilotHistory.Iso(MondayMidnight)}&to={CopilotHistory.Iso(MondayMidnight.AddDays(7))}");

        Assert.Equal("GBP", report.GetProperty("currency").GetString());
        var total = report.GetProperty("total");
        Assert.Equal(4, total.GetProperty("calls").GetInt32());
        Assert.Equal(4, total.GetProperty("turns").GetInt32());
        Assert.Equal(10_000, total.GetProperty("inputTokens").GetInt64());
        Assert.Equal(1_100, total.GetProperty("outputTokens").GetInt64());
        // 10,000 × £2.40/M + 1,100 × £9.60/M = £0.024 + £0.01056.
        Assert.Equal(0.03456m, total.GetProperty("cost").GetDecimal());
        Assert.Equal(2_500, total.GetProperty("inputTokensPerTurn").GetDouble());
        Assert.Equal(275, total.GetProperty("outputTokensPerTurn").GetDouble());

        var topics = report.GetProperty("byTopic").EnumerateArray()
            .Select(t => (t.GetProperty("topic").GetString(), t.GetProperty("usage").GetProperty("inputTokens").GetInt64(), t.GetProperty("usage").GetProperty("turns").GetInt32()))
            .ToList();
        Assert.Equal([("delivery", 5_000L, 2), ("returns", 4_000L, 1), (null, 1_000L, 1)], topics);

        var days = report.GetProperty("byDay").EnumerateArray()
            .Select(d => (d.GetProperty("day").GetString(), d.GetProperty("usage").GetProperty("cost").GetDecimal()))
            .ToList();
        Assert.Equal([("2026-11-23", 0.0168m), ("2026-11-24", 0.01776m)], days);
    }

    [Fact]
    public async Task WithoutAWindowItIsThisMonthSoFarWithTheBudgetState()
    {
        await using var host = await LlmUsageHost.StartAsync(Store, Monday);
        for (var turn = 0; turn < 4; turn++)
        {
            await LlmUsageHost.RecordTurnAsync(host);
        }

        using var admin = host.Admin();
        var report = await CopilotHistory.GetJsonAsync(admin, "/api/v1/insights/llm-usage?firm=harbour-home");

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), report.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(4, report.GetProperty("total").GetProperty("calls").GetInt32());
        var budget = report.GetProperty("budget");
        Assert.Equal("warning", budget.GetProperty("state").GetString());
        Assert.Equal("2026-11", budget.GetProperty("month").GetString());
        Assert.Equal(0.04032m, budget.GetProperty("spent").GetDecimal());
        Assert.Equal(0.05m, budget.GetProperty("limit").GetDecimal());
        Assert.Equal(0.8m, budget.GetProperty("warnAt").GetDecimal());
    }

    [Theory]
    [InlineData("/api/v1/insights/llm-usage", HttpStatusCode.BadRequest, "firm is required")]
    [InlineData("/api/v1/insights/llm-usage?firm=nobody-ltd", HttpStatusCode.NotFound, "firm not found")]
    [InlineData("/api/v1/insights/llm-usage?firm=harbour-home&from=2026-11-20T00:00:00Z&to=2026-11-01T00:00:00Z", HttpStatusCode.BadRequest, "empty window")]
    [InlineData("/api/v1/insights/llm-usage?firm=harbour-home&from=2024-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", HttpStatusCode.BadRequest, "window too long")]
    [InlineData("/api/v1/insights/llm-usage?firm=harbour-home&from=last-tuesday", HttpStatusCode.BadRequest, "from")]
    public async Task BadQuestionsGetAProblemNamingIt(string url, HttpStatusCode status, string words)
    {
        await using var host = await LlmUsageHost.StartAsync(Store, Monday);
        using var admin = host.Admin();

        var response = await admin.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomersAndAnonymousCallersCannotSeeIt()
    {
        await using var host = await LlmUsageHost.StartAsync(Store, Monday);
        var conversation = await host.StartConversationAsync();
        using var anonymous = host.Client();
        using var customer = conversation.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/v1/insights/llm-usage?firm=harbour-home", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(new Uri("/api/v1/insights/llm-usage?firm=harbour-home", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TheTokenCounterCountsEachDirection()
    {
        await using var host = await LlmUsageHost.StartAsync(Store, Monday);
        // Other tests record too, in parallel: count only this test's model.
        var model = "test-model-" + Guid.NewGuid().ToString("N");
        var counted = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LlmTokenMetrics.MeterName && instrument.Name == LlmTokenMetrics.TokensCounter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var ours = false;
            string? direction = null;
            foreach (var tag in tags)
            {
                ours |= tag.Key == "model" && Equals(tag.Value, model);
                direction = tag.Key == "direction" ? tag.Value as string : direction;
            }
            if (ours && direction is not null)
            {
                lock (counted)
                {
                    counted[direction] = counted.GetValueOrDefault(direction) + value;
                }
            }
        });
        listener.Start();

        await LlmUsageHost.RecordTurnAsync(host, input: 3_000, output: 300, model: model);
        await LlmUsageHost.RecordTurnAsync(host, input: 1_200, output: 80, model: model);

        lock (counted)
        {
            Assert.Equal(4_200, counted["input"]);
            Assert.Equal(380, counted["output"]);
        }
    }
}

public sealed class TheUsageInsightsAddUpTokensAndCostOnSqlite : TheUsageInsightsAddUpTokensAndCost
{
    protected override Store Store => Store.Sqlite;
}

public sealed class TheUsageInsightsAddUpTokensAndCostOnPostgres : TheUsageInsightsAddUpTokensAndCost
{
    protected override Store Store => Store.Postgres;
}

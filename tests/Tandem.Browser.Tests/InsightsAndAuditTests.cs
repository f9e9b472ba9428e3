using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>Customers write through the public API, as a firm's own website would.</summary>
internal static class Customers
{
    public static async Task<Guid> SayAsync(BrowserHost host, string text)
    {
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var started = await (await http.PostAsJsonAsync("/api/v1/conversations", new { firm = "harbour-home" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetGuid();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", started.GetProperty("accessToken").GetString());
        (await http.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text, clientMessageId = Guid.NewGuid().ToString() })).EnsureSuccessStatusCode();
        return id;
    }

    public static async Task WaitForRepliesAsync(BrowserHost host, IEnumerable<Guid> conversations)
    {
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BrowserHost.AdminKey);
        foreach (var id in conversations)
        {
            for (var i = 0; i < 200; i++)
            {
                var turns = await http.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{id}/turns");
                if (turns.EnumerateArray().Any(t => t.GetProperty("decision").ValueKind == JsonValueKind.String))
                {
                    break;
                }
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The topic the pipeline gave the conversation's first turn, as the staff API reports it.</summary>
    public static async Task<string> TopicAsync(BrowserHost host, Guid id)
    {
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BrowserHost.AdminKey);
        var turns = await http.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{id}/turns");
        return turns[0].GetProperty("topic").GetString() ?? "none";
    }

    public static string? Screenshots => Environment.GetEnvironmentVariable("TANDEM_SCREENSHOTS") is { Length: > 0 } s ? Path.GetFullPath(s) : null;
}

public sealed class TheInsightsDashboardShowsTheFirmsFigures(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task ChartsTablesTheDateRangeAndTheCsvDownloadWork()
    {
        var ids = new List<Guid>
        {
            await Customers.SayAsync(host, "How much is delivery on a sofa?"),
            await Customers.SayAsync(host, "Can I cancel just the mirror and keep the rest of my order?"),
            await Customers.SayAsync(host, "My husband died in March and your emails to him keep coming"),
            await Customers.SayAsync(host, "Do you deliver on Saturdays?"),
        };
        await Customers.WaitForRepliesAsync(host, ids);

        var (page, errors) = await host.SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Insights" }).ClickAsync();
        await BrowserHost.ArrivedAsync(page, "**/insights");
        await Assertions.Expect(page.GetByTestId("total-conversations")).ToHaveTextAsync("4", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=chart-handling-chart] svg[role=img]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=chart-day-chart] svg path")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("table-volume-by-channel")).ToContainTextAsync("Web");
        await Assertions.Expect(page.GetByTestId("table-vulnerable-cohort")).ToBeVisibleAsync();
        await BrowserHost.AssertAccessibleAsync(page);
        if (Customers.Screenshots is { } dir)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "insights.png"), FullPage = true });
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("csv-handling").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("handled_by,conversations,escalated,escalation_rate,complaints,complaint_rate", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);

        // A month long before any of this: nothing to count.
        await page.GetByTestId("range-from").FillAsync("2025-01-01");
        await page.GetByTestId("range-to").FillAsync("2025-01-31");
        await page.GetByTestId("range-apply").ClickAsync();
        await Assertions.Expect(page.GetByTestId("total-conversations")).ToHaveTextAsync("0");
        await page.GetByTestId("preset-7").ClickAsync();
        await Assertions.Expect(page.GetByTestId("total-conversations")).ToHaveTextAsync("4");

        Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));
    }
}

public sealed class TheAuditViewerTracesAnApprovedReply(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task TheTurnTheApprovalAndAnIntactChainAreShown()
    {
        const string question = "Can I cancel my order? It still says processing.";
        var id = await Customers.SayAsync(host, question);

        var (page, errors) = await host.SignedInPageAsync();
        var item = page.Locator("[data-testid=queue-item][data-kind=review]");
        await Assertions.Expect(item).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await item.ClickAsync();
        await Assertions.Expect(page.GetByTestId("draft-text")).Not.ToBeEmptyAsync();
        await page.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=queue-item]")).ToHaveCountAsync(0);

        await page.GotoAsync($"/audit/{id}");
        await Assertions.Expect(page.GetByTestId("chain-status")).ToHaveAttributeAsync("data-intact", "true", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("chain-status")).ToContainTextAsync("Intact");
        var turn = page.GetByTestId("trail-turn");
        await Assertions.Expect(turn).ToHaveCountAsync(1);
        await Assertions.Expect(turn.GetByTestId("customer-text")).ToHaveTextAsync(question);
        await Assertions.Expect(turn.GetByTestId("trail-topic")).ToContainTextAsync(await Customers.TopicAsync(host, id));
        await Assertions.Expect(turn.GetByTestId("trail-decision")).ToHaveTextAsync("review");
        await Assertions.Expect(turn.Locator("[data-testid=audit-event][data-kind='draft.approved']")).ToContainTextAsync("Sam");
        await BrowserHost.AssertAccessibleAsync(page);
        if (Customers.Screenshots is { } dir)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "audit.png"), FullPage = true });
        }

        // Searching by id from the empty page finds the same trail.
        // A part of an id is refused with what to paste instead, and stays in the box to be corrected.
        await page.GotoAsync("/audit");
        var search = page.GetByTestId("audit-search-input");
        var partial = id.ToString()[..8];
        await search.FillAsync(partial);
        await page.GetByTestId("audit-search").ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-problem")).ToContainTextAsync("not a conversation id");
        await Assertions.Expect(search).ToHaveValueAsync(partial);
        await search.FillAsync(id.ToString());
        await Assertions.Expect(search).ToHaveValueAsync(id.ToString());
        await page.GetByTestId("audit-search").ClickAsync();
        await BrowserHost.ArrivedAsync(page, $"**/audit/{id}");
        await Assertions.Expect(page.GetByTestId("audit-conversation")).ToHaveTextAsync(id.ToString());

        Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));
    }
}

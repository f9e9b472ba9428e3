using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>
/// Promote a topic after readiness: enough co-pilot drafts on one topic were reviewed and approved unchanged
/// (through the API, as agents would), the topics page shows the evidence, and the admin promotes the topic
/// after confirming it.
/// </summary>
public sealed class AnAdminPromotesATopicAfterReadiness(BrowserHost host) : IClassFixture<BrowserHost>
{
    private const string Topic = "cancellation";
    private const string Question = "Can I cancel just the mirror and keep the rest of my order?";

    [Fact]
    public async Task TheTopicBecomesAutonomousWithItsEvidenceRecorded()
    {
        using var staff = (await Customer.StartAsync(host)).Staff();
        var readiness = await Journeys.GetJsonAsync(staff, "/api/v1/readiness?firm=harbour-home&days=60");
        var rule = readiness.GetProperty("rule");
        // Enough unchanged approvals that even the 95% upper bound of the override rate is under the target (0 of n: 3.84 / (n + 3.84)).
        var target = rule.GetProperty("targetOverrideRate").GetDouble();
        var needed = Math.Max(rule.GetProperty("minimumReviewed").GetInt32(), (int)Math.Ceiling(3.84 / target - 3.84) + 1);
        for (var i = 0; i < needed; i++)
        {
            using var customer = await Customer.StartAsync(host);
            var turn = await customer.SayAsync(Question);
            Assert.Equal(Topic, turn.GetProperty("topic").GetString());
            var inbox = await Journeys.GetJsonAsync(staff, "/api/v1/inbox");
            var draft = inbox.EnumerateArray().Single(x => x.GetProperty("conversationId").GetGuid() == customer.Id).GetProperty("draftId").GetGuid();
            (await staff.PostAsync(new Uri($"/api/v1/drafts/{draft}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();
        }

        var (page, errors) = await host.SignedInPageAsync("Alex");
        await page.GotoAsync("/admin/topics");
        var row = page.Locator($"[data-testid=topic-row][data-topic={Topic}]");
        await Assertions.Expect(row.GetByTestId("topic-reviewed")).ToContainTextAsync($"{needed} /");
        await Assertions.Expect(row.GetByTestId("topic-readiness")).ToContainTextAsync("Ready");
        await BrowserHost.AssertAccessibleAsync(page);
        await Journeys.ScreenshotAsync(page, "admin-topics.png");

        await row.GetByTestId("promote").ClickAsync();
        var confirm = page.GetByTestId("confirm-mode");
        await Assertions.Expect(confirm).ToContainTextAsync($"{needed} drafts reviewed");
        await page.GetByTestId("mode-note").FillAsync("Read every reviewed draft this quarter; none needed changing.");
        await BrowserHost.AssertAccessibleAsync(page);
        await confirm.GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("mode-result")).ToContainTextAsync("is now autonomous");
        await Assertions.Expect(row.GetByTestId("topic-mode")).ToHaveTextAsync("autonomous");

        var controls = await Journeys.GetJsonAsync(staff, "/api/v1/firms/harbour-home/controls");
        Assert.Contains(controls.GetProperty("topics").EnumerateArray(), t => t.GetProperty("topic").GetString() == Topic && t.GetProperty("mode").GetString() == "autonomous");
        Journeys.NoConsoleErrors(errors);
    }
}

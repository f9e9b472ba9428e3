using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

public sealed class TheWidgetLinksThePrivacyNoticeBeforeTheFirstMessage(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task TheDisclosureAndThePrivacyLinkShowBeforeAnythingIsWritten()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByTestId("tandem-launcher").ClickAsync();

        var disclosure = page.GetByTestId("tandem-disclosure");
        await Assertions.Expect(disclosure).ToContainTextAsync("I'm a computer program, not a person");
        var link = disclosure.GetByRole(AriaRole.Link, new() { Name = "How we use your information" });
        await Assertions.Expect(link).ToHaveAttributeAsync("href", "https://harbour-home.example/privacy");
        await Assertions.Expect(page.Locator("[data-testid=tandem-message]")).ToHaveCountAsync(0);
        await BrowserHost.AssertAccessibleAsync(page);
        Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));
    }
}

public sealed class StaffSeeComplaintsWithTheirClocks(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task AComplaintFromTheChatIsListedWithItsDeadlinesAndChecklist()
    {
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var started = await (await http.PostAsJsonAsync("/api/v1/conversations", new { firm = "harbour-home" })).Content.ReadFromJsonAsync<JsonElement>();
        using var customer = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        customer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started.GetProperty("accessToken").GetString());
        var id = started.GetProperty("id").GetGuid();
        (await customer.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new
        {
            text = "Nobody has rung me back about the broken wardrobe door and it's been two weeks. I want to make a formal complaint.",
            clientMessageId = Guid.NewGuid().ToString(),
        })).EnsureSuccessStatusCode();

        var (page, errors) = await host.SignedInPageAsync();
        var row = page.Locator("[data-testid=complaint-row]");
        for (var attempt = 0; attempt < 40 && await row.CountAsync() == 0; attempt++)
        {
            // The record opens with the turn, which the server processes in the background.
            await Task.Delay(500);
            await page.GotoAsync("/admin/complaints");
        }

        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("broken wardrobe door");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-overdue", "false");
        await Assertions.Expect(row.Locator("[data-testid=checklist-item]")).ToHaveCountAsync(3);
        await Assertions.Expect(row).ToContainTextAsync("Financial Ombudsman Service");
        await BrowserHost.AssertAccessibleAsync(page);

        await page.GotoAsync("/admin/privacy/datamap");
        await Assertions.Expect(page.GetByTestId("datamap-categories")).ToContainTextAsync("Support needs and vulnerability");
        await BrowserHost.AssertAccessibleAsync(page);
        Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));
    }
}

using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>The knowledge page (upload, versions, delete with confirmation, health report) and the read-only pack page.</summary>
public sealed class AnAdminManagesKnowledgeAndReadsThePack(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task AnUploadedDocumentIsListedWithItsVersionAndDeletedAfterConfirmation()
    {
        var (page, errors) = await host.SignedInPageAsync("Alex");
        await page.GotoAsync("/admin/knowledge");
        await Assertions.Expect(page.Locator("[data-testid=knowledge-source][data-file='returns-policy.md']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        // The health report runs on request (it embeds every sentence the first time; tests/Tandem.Server.Tests/Knowledge check its findings).
        await Assertions.Expect(page.GetByTestId("run-health")).ToBeEnabledAsync();
        await BrowserHost.AssertAccessibleAsync(page);
        await Journeys.ScreenshotAsync(page, "admin-knowledge.png");

        await page.GetByTestId("upload").SetInputFilesAsync(new FilePayload
        {
            Name = "christmas-delivery.md",
            MimeType = "text/markdown",
            Buffer = System.Text.Encoding.UTF8.GetBytes("# Christmas delivery\n\nOrder by 16 December for standard delivery before Christmas. Next-day orders placed by 1pm on 22 December arrive on 23 December.\n"),
        });
        await Assertions.Expect(page.GetByTestId("knowledge-result")).ToContainTextAsync("Added christmas-delivery.md", new() { Timeout = 60_000 });
        var row = page.Locator("[data-testid=knowledge-source][data-file='christmas-delivery.md']");
        await Assertions.Expect(row).ToContainTextAsync("upload");

        await row.GetByTestId("delete").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-delete")).ToContainTextAsync("christmas-delivery.md");
        await page.GetByTestId("confirm-delete").GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        Journeys.NoConsoleErrors(errors);
    }

    [Fact]
    public async Task ThePackPageShowsTheFilesAndTheValidatorsVerdict()
    {
        var (page, errors) = await host.SignedInPageAsync("Alex");
        await page.GotoAsync("/admin/pack");
        await Assertions.Expect(page.GetByTestId("validation-result")).ToContainTextAsync("No problems");
        await Assertions.Expect(page.Locator("[data-testid=pack-file][data-file='procedures.yaml'] pre")).ToContainTextAsync("cancel_order");
        await Assertions.Expect(page.Locator("[data-testid=pack-file][data-file='topics.yaml'] pre")).ToContainTextAsync("topics:");
        await Assertions.Expect(page.Locator("[data-testid=pack-file][data-file='connectors.yaml']")).ToContainTextAsync("built-in commerce connector");
        await BrowserHost.AssertAccessibleAsync(page);
        Journeys.NoConsoleErrors(errors);
    }
}

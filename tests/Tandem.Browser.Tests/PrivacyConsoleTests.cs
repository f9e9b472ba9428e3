using System.Text.Json;
using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>The data-protection lead answers an access request and then an erasure request from /admin/privacy.</summary>
public sealed class TheConsoleAnswersAccessAndErasureRequests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task AnExportShowsTheCustomersChatAndAnErasureLeavesACertificate()
    {
        // A customer of the reference firm, read from its data rather than written here.
        using var customers = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(BrowserHost.RepoRoot(), "samples", "firms", "harbour-home", "data", "customers.json")));
        var email = customers.RootElement[0].GetProperty("email").GetString()!;

        var (customer, customerErrors) = await host.NewPageAsync();
        await customer.GotoAsync("/");
        await customer.GetByTestId("tandem-launcher").ClickAsync();
        await customer.GetByTestId("tandem-input").FillAsync($"Hi, do you deliver on Saturdays? You can email me at {email}");
        await customer.GetByTestId("tandem-send").ClickAsync();
        await Assertions.Expect(customer.Locator("[data-testid=tandem-message][data-author=customer]")).ToHaveCountAsync(1);
        // A reply means the message was stored and processed.
        await Assertions.Expect(customer.Locator("[data-testid=tandem-message]:not([data-author=customer])").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.True(customerErrors.Count == 0, "customer page console errors: " + string.Join(" | ", customerErrors));
        // The chat is closed before its erasure: an open widget would rightly find its conversation gone.
        await customer.CloseAsync();

        var (page, errors) = await host.SignedInPageAsync();
        await page.GotoAsync("/admin/privacy");
        await page.GetByTestId("privacy-customer").FillAsync(email);
        await page.GetByTestId("privacy-kind").SelectOptionAsync("access");
        await page.GetByTestId("privacy-create").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=privacy-request][data-kind=access]")).ToHaveCountAsync(1);
        await BrowserHost.AssertAccessibleAsync(page);

        var export = await page.RunAndWaitForPopupAsync(() => page.GetByTestId("privacy-export-html").ClickAsync());
        await Assertions.Expect(export.Locator("body")).ToContainTextAsync("do you deliver on Saturdays?");
        await Assertions.Expect(export.Locator("body")).ToContainTextAsync("their e-mail address appears in a message");
        await export.CloseAsync();

        await page.GetByTestId("privacy-customer").FillAsync(email);
        await page.GetByTestId("privacy-kind").SelectOptionAsync("erasure");
        await page.GetByTestId("privacy-create").ClickAsync();
        await page.GetByTestId("privacy-erase").ClickAsync();
        await page.GetByTestId("privacy-erase-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("privacy-notice")).ToContainTextAsync("Erased (ER-");
        var certificate = page.GetByTestId("privacy-certificate");
        await Assertions.Expect(certificate).ToHaveCountAsync(1);
        await BrowserHost.AssertAccessibleAsync(page);

        var html = await page.RunAndWaitForPopupAsync(() => certificate.ClickAsync());
        await Assertions.Expect(html.Locator("h1")).ToContainTextAsync("Erasure certificate ER-");
        await Assertions.Expect(html.Locator("body")).Not.ToContainTextAsync(email);

        Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));
    }
}

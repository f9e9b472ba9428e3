using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>Kill switch: after the admin confirms it, the next customer message goes to a person.</summary>
public sealed class AnAdminTurnsTheKillSwitchOn(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task TheNextCustomerMessageIsHandedOff()
    {
        var (page, errors) = await host.SignedInPageAsync("Alex");
        await page.GotoAsync("/admin/policies");
        var firm = page.Locator("[data-testid=kill-switch-row][data-scope=firm]");
        await Assertions.Expect(firm.GetByTestId("kill-switch-state")).ToHaveTextAsync("off");
        await Assertions.Expect(page.GetByTestId("policies")).ToContainTextAsync("15 minutes");
        await BrowserHost.AssertAccessibleAsync(page);

        await firm.GetByTestId("kill-switch-toggle").ClickAsync();
        // Nothing changes until the admin confirms.
        await Assertions.Expect(page.GetByTestId("confirm-kill")).ToBeVisibleAsync();
        await page.GetByTestId("confirm-kill").GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(firm.GetByTestId("kill-switch-state")).ToContainTextAsync("ON");

        using var customer = await Customer.StartAsync(host);
        var turn = await customer.SayAsync("How much is delivery on a sofa?");
        Assert.Equal("handoff", turn.GetProperty("decision").GetString());
        Assert.Contains("kill_switch", turn.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        await page.GotoAsync("/inbox");
        var item = await Journeys.QueueItemAsync(page, customer.Id);
        await Assertions.Expect(item).ToHaveAttributeAsync("data-kind", "handoff");
        Journeys.NoConsoleErrors(errors);
    }
}

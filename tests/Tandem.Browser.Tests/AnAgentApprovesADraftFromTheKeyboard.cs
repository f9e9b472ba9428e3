using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>Review and approve: the agent checks the draft against its source and approves it with the keyboard.</summary>
public sealed class AnAgentApprovesADraftFromTheKeyboard(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task TheCustomerGetsTheDraftTheAgentCheckedAgainstItsSource()
    {
        using var customer = await Customer.StartAsync(host);
        Assert.Equal("review", (await customer.SayAsync(Journeys.CushionSwap)).GetProperty("decision").GetString());

        var (page, errors) = await host.SignedInPageAsync("Priya");
        await Assertions.Expect(page.GetByTestId("review-target")).ToContainTextAsync("15 minutes");
        await Journeys.QueueItemAsync(page, customer.Id);
        // j selects the first item of the queue: the only one here.
        await page.Keyboard.PressAsync("j");
        var draft = page.GetByTestId("draft-text");
        await Assertions.Expect(draft).Not.ToBeEmptyAsync();
        var text = await draft.InputValueAsync();
        await Assertions.Expect(page.GetByTestId("evidence")).ToContainTextAsync("Why it is waiting");

        // The source passage opens beside the draft.
        await page.GetByTestId("citation").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("passage")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("passage").Locator("blockquote")).Not.ToBeEmptyAsync();

        // "?" opens the shortcut help; a shortcut typed into a box is just a letter.
        await page.Keyboard.PressAsync("?");
        await Assertions.Expect(page.GetByTestId("shortcut-help")).ToHaveAttributeAsync("open", "");
        await BrowserHost.AssertAccessibleAsync(page);
        await Journeys.ScreenshotAsync(page, "inbox.png");
        await page.GetByTestId("reject-reason").FillAsync("a");
        await page.GetByTestId("reject-reason").PressAsync("a");
        await Assertions.Expect(page.GetByTestId("reject-reason")).ToHaveValueAsync("aa");
        await page.GetByTestId("reject-reason").FillAsync("");
        Assert.DoesNotContain(await customer.MessagesAsync(), m => m.Author == "ai");

        await page.EvaluateAsync("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()");
        await page.Keyboard.PressAsync("a");
        await Assertions.Expect(page.Locator($"[data-testid=queue-item][data-conversation='{customer.Id}']")).ToHaveCountAsync(0);
        var sent = Assert.Single(await customer.MessagesAsync(), m => m.Author == "ai");
        Assert.Equal(text, sent.Text);
        Journeys.NoConsoleErrors(errors);
    }
}

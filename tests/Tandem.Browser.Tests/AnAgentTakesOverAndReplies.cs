using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>Take over and reply: the customer is told a person has joined, gets the agent's reply, and the conversation is resolved.</summary>
public sealed class AnAgentTakesOverAndReplies(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task TheCustomerHearsFromThePersonWhoTookOver()
    {
        using var customer = await Customer.StartAsync(host);
        await customer.SayAsync(Journeys.CushionSwap);
        var (page, errors) = await host.SignedInPageAsync("Sam");
        await Journeys.OpenAsync(page, customer.Id);

        await page.Keyboard.PressAsync("t");
        await Assertions.Expect(page.GetByTestId("claimed-by")).ToContainTextAsync("You have this conversation");
        await page.GetByTestId("reply-text").FillAsync("Hi, it's Sam. I've swapped them — the blue cushions will come with the rest of your order.");
        await page.GetByTestId("reply").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=transcript-message][data-author=agent]")).ToHaveCountAsync(1);

        var messages = await customer.MessagesAsync();
        Assert.Contains(messages, m => m.Author == "system" && m.Text.Contains("Sam", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Author == "agent" && m.Text.StartsWith("Hi, it's Sam.", StringComparison.Ordinal));

        await page.GetByTestId("resolve").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=queue-item][data-conversation='{customer.Id}']")).ToHaveCountAsync(0);
        Journeys.NoConsoleErrors(errors);
    }
}

using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>Reject with a reason: nothing is sent, and the conversation becomes the agent's to answer.</summary>
public sealed class AnAgentRejectsADraftWithAReason(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task NothingIsSentAndTheConversationIsTheAgents()
    {
        using var customer = await Customer.StartAsync(host);
        await customer.SayAsync(Journeys.CushionSwap);
        var (page, errors) = await host.SignedInPageAsync("Priya");
        await Journeys.OpenAsync(page, customer.Id);

        // Without a reason the button stays off.
        await Assertions.Expect(page.GetByTestId("reject")).ToBeDisabledAsync();
        await page.Keyboard.PressAsync("r");
        await Assertions.Expect(page.GetByTestId("reject-reason")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("blue cushions are out of stock until January");
        await page.GetByTestId("reject").ClickAsync();

        await Assertions.Expect(page.GetByTestId("claimed-by")).ToContainTextAsync("You have this conversation");
        await Assertions.Expect(page.GetByTestId("draft")).ToHaveCountAsync(0);
        var item = await Journeys.QueueItemAsync(page, customer.Id);
        await Assertions.Expect(item).ToHaveAttributeAsync("data-kind", "handoff");
        Assert.DoesNotContain(await customer.MessagesAsync(), m => m.Author is "ai" or "agent");

        using var staff = customer.Staff();
        var audit = await Journeys.GetJsonAsync(staff, $"/api/v1/conversations/{customer.Id}/turns");
        Assert.NotEmpty(audit.EnumerateArray());
        Journeys.NoConsoleErrors(errors);
    }
}

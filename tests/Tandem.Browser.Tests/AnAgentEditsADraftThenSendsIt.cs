using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>Edit then send: what the customer receives is the agent's words, shown as the agent's.</summary>
public sealed class AnAgentEditsADraftThenSendsIt(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task TheCustomerGetsTheEditedReplyFromTheAgent()
    {
        using var customer = await Customer.StartAsync(host);
        await customer.SayAsync(Journeys.CushionSwap);
        var (page, errors) = await host.SignedInPageAsync("Tom");
        await Journeys.OpenAsync(page, customer.Id);

        var draft = page.GetByTestId("draft-text");
        await Assertions.Expect(draft).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByTestId("approve")).ToBeEnabledAsync();
        var edited = "Hi, yes — I've asked the warehouse to swap the grey cushions for the blue ones before your order leaves us. " + await draft.InputValueAsync();
        await draft.FillAsync(edited);
        // An edited draft can only go as the agent's words.
        await Assertions.Expect(page.GetByTestId("approve")).ToBeDisabledAsync();
        await page.GetByTestId("send-edited").ClickAsync();

        await Assertions.Expect(page.Locator($"[data-testid=queue-item][data-conversation='{customer.Id}']")).ToHaveCountAsync(0);
        var sent = Assert.Single(await customer.MessagesAsync(), m => m.Author == "agent");
        Assert.Equal(edited.Trim(), sent.Text);
        Journeys.NoConsoleErrors(errors);
    }
}

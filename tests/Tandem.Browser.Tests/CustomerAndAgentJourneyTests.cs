using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

public sealed class ACustomerWritesAndAnAgentApprovesTheDraft(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task TheCustomerSeesTheApprovedReplyInTheWidget()
    {
        var (customer, customerErrors) = await host.NewPageAsync();
        await customer.GotoAsync("/");
        await customer.GetByTestId("tandem-launcher").ClickAsync();
        // The customer is told it is an AI before anything else.
        await Assertions.Expect(customer.GetByTestId("tandem-disclosure")).ToContainTextAsync("AI");
        await customer.GetByTestId("tandem-input").FillAsync("Can I cancel my order? It still says processing.");
        await customer.GetByTestId("tandem-send").ClickAsync();
        await Assertions.Expect(customer.Locator("[data-testid=tandem-message][data-author=customer]")).ToHaveCountAsync(1);

        var (agent, agentErrors) = await host.SignedInPageAsync();
        var item = agent.Locator("[data-testid=queue-item][data-kind=review]");
        await Assertions.Expect(item).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await item.ClickAsync();
        var draft = agent.GetByTestId("draft-text");
        await Assertions.Expect(draft).Not.ToBeEmptyAsync();
        var draftText = await draft.InputValueAsync();
        await agent.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(agent.Locator("[data-testid=queue-item]")).ToHaveCountAsync(0);

        var reply = customer.Locator("[data-testid=tandem-message][data-author=ai]");
        await Assertions.Expect(reply).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Assertions.Expect(reply).ToContainTextAsync(draftText[..Math.Min(40, draftText.Length)]);

        Assert.True(customerErrors.Count == 0, "customer page console errors: " + string.Join(" | ", customerErrors));
        Assert.True(agentErrors.Count == 0, "agent page console errors: " + string.Join(" | ", agentErrors));
        // For the README's tour: TANDEM_SCREENSHOTS=$PWD/docs/screenshots ./test.sh refreshes them (inbox.png: AnAgentApprovesADraftFromTheKeyboard).
        if (Environment.GetEnvironmentVariable("TANDEM_SCREENSHOTS") is { Length: > 0 } screenshots)
        {
            await customer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetFullPath(screenshots), "widget.png") });
        }
    }
}

using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>
/// With a language model (a replayed recording) on a co-pilot topic, the agent watches the draft being
/// written in the inbox, sentence by sentence and with nothing to approve, until the checked draft
/// replaces it; the customer's widget shows none of it.
/// </summary>
public sealed class AnAgentWatchesACopilotDraftBeingWritten(ReplayedCopilotDraftBrowserHost host) : IClassFixture<ReplayedCopilotDraftBrowserHost>
{
    [Fact]
    public async Task TheFirstSentenceShowsAsALiveDraftThenTheCheckedDraftArrivesWithItsButtons()
    {
        var (agent, agentErrors) = await host.SignedInPageAsync("Priya");
        var (customer, customerErrors) = await host.NewPageAsync();
        await customer.GotoAsync("/");
        await customer.GetByTestId("tandem-launcher").ClickAsync();
        await customer.GetByTestId("tandem-input").FillAsync("Why would my card be declined at checkout? I've checked the details and they're all correct");
        await customer.GetByTestId("tandem-send").ClickAsync();

        // The conversation is not in the queue yet (nothing waits for review until the turn commits), but
        // the draft being written is listed, and the agent opens it.
        var drafting = agent.GetByTestId("drafting-item");
        await Assertions.Expect(drafting).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await drafting.ClickAsync();

        // The first sentence on its own, labelled as a draft still being written, with nothing to act on.
        var live = agent.GetByTestId("live-draft");
        await Assertions.Expect(live.GetByTestId("live-draft-sentence").First)
            .ToContainTextAsync("Common reasons are a payment your bank asked you to approve in its app", new() { Timeout = 10_000 });
        await Assertions.Expect(live).ToContainTextAsync("Draft being written");
        await Assertions.Expect(live).ToContainTextAsync("cannot be approved or edited yet");
        await Assertions.Expect(live).Not.ToContainTextAsync("best place to ask");
        Assert.Equal(0, await live.GetByRole(AriaRole.Button).CountAsync());
        await Assertions.Expect(agent.GetByTestId("approve")).ToHaveCountAsync(0);
        await Assertions.Expect(agent.GetByTestId("live-draft-region")).ToHaveAttributeAsync("aria-live", "polite");
        await BrowserHost.AssertAccessibleAsync(agent);
        await Journeys.ScreenshotAsync(agent, "inbox-live-draft.png");

        // The turn commits: the checked draft replaces the live text, with its buttons.
        var draft = agent.GetByTestId("draft-text");
        await Assertions.Expect(draft).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("best place to ask"), new() { Timeout = 20_000 });
        await Assertions.Expect(draft).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Common reasons are"));
        await Assertions.Expect(agent.GetByTestId("approve")).ToBeEnabledAsync();
        await Assertions.Expect(live).ToHaveCountAsync(0);
        await Assertions.Expect(agent.GetByTestId("drafting-item")).ToHaveCountAsync(0);
        await BrowserHost.AssertAccessibleAsync(agent);

        // The customer saw no part of the draft: no streamed bubble, no reply from the assistant with its words.
        await Assertions.Expect(customer.Locator("[data-testid=tandem-message][data-streaming=true]")).ToHaveCountAsync(0);
        await Assertions.Expect(customer.GetByTestId("tandem-message").Filter(new() { HasText = "Common reasons are" })).ToHaveCountAsync(0);
        Journeys.NoConsoleErrors(agentErrors);
        Journeys.NoConsoleErrors(customerErrors, "customer");
    }
}

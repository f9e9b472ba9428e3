using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>
/// With a language model (a replayed recording), an autonomous answer appears in the widget a
/// sentence at a time, then settles as the committed message with its source.
/// </summary>
public sealed class AStreamedReplyAppearsInTheWidget(ReplayedLlmBrowserHost host) : IClassFixture<ReplayedLlmBrowserHost>
{
    [Fact]
    public async Task TheFirstSentenceShowsBeforeTheReplyIsCompleteThenTheWholeReplyWithItsSource()
    {
        var (customer, errors) = await host.NewPageAsync();
        await customer.GotoAsync("/");
        await customer.GetByTestId("tandem-launcher").ClickAsync();
        await customer.GetByTestId("tandem-input").FillAsync("How much is standard delivery?");
        await customer.GetByTestId("tandem-send").ClickAsync();

        // The first sentence, released on its own while the second is still being written.
        var streaming = customer.Locator("[data-testid=tandem-message][data-streaming=true]");
        await Assertions.Expect(streaming).ToContainTextAsync("Standard delivery costs £4.95, and is free when your goods total is over £50.", new() { Timeout = 15000 });
        await Assertions.Expect(streaming).Not.ToContainTextAsync("Next-day");

        // Then the committed reply replaces it, markers removed, with its source.
        var reply = customer.Locator("[data-testid=tandem-message][data-author=ai]:not([data-streaming])");
        await Assertions.Expect(reply).ToContainTextAsync("Next-day delivery costs £7.95 whatever your order value.", new() { Timeout = 15000 });
        await Assertions.Expect(reply).ToContainTextAsync("Sources:");
        await Assertions.Expect(streaming).ToHaveCountAsync(0);
        await Assertions.Expect(reply).Not.ToContainTextAsync("[1]");
        Assert.Empty(errors);
    }
}

using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>
/// Approve a proposed refund: a verified customer whose return has arrived asks for their money; the refund is
/// proposed through the action gateway as the assistant's procedures call it (topic refunds, in co-pilot), and
/// waits beside the conversation until an agent approves it.
/// </summary>
public sealed class AnAgentApprovesAProposedRefund(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task TheRefundRunsOnceWhenTheAgentApprovesIt()
    {
        var (order, email, returnId, amount) = Journeys.ReturnAwaitingRefund();
        using var customer = await Customer.StartAsync(host);
        await customer.VerifyAsync(email, order);
        await customer.SayAsync($"Hi, you got my return back on {order} a couple of days ago. Please can you refund me?");
        using var staff = customer.Staff();
        var proposed = await staff.PostAsJsonAsync($"/api/v1/conversations/{customer.Id}/actions", new
        {
            tool = "issue_refund",
            topic = "refunds",
            caller = "procedure",
            idempotencyKey = Guid.NewGuid().ToString(),
            arguments = new { order_number = order, return_id = returnId, amount_gbp = amount },
        });
        proposed.EnsureSuccessStatusCode();
        Assert.Equal("proposed", (await proposed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("status").GetString());

        var (page, errors) = await host.SignedInPageAsync("Priya");
        await Journeys.OpenAsync(page, customer.Id);
        var action = page.Locator("[data-testid=proposed-action][data-tool=issue_refund]");
        await Assertions.Expect(action).ToContainTextAsync(order);
        await Assertions.Expect(action).ToContainTextAsync(returnId);
        await Assertions.Expect(page.GetByTestId("customer")).ToContainTextAsync(email);
        await BrowserHost.AssertAccessibleAsync(page);
        await action.GetByTestId("approve-action").ClickAsync();
        await Assertions.Expect(page.GetByTestId("proposed-actions")).ToHaveCountAsync(0);

        var actions = await Journeys.GetJsonAsync(staff, $"/api/v1/conversations/{customer.Id}/actions");
        var refund = Assert.Single(actions.EnumerateArray(), a => a.GetProperty("tool").GetString() == "issue_refund");
        Assert.Equal("executed", refund.GetProperty("status").GetString());
        Assert.Equal("Priya", refund.GetProperty("decidedBy").GetString());
        Journeys.NoConsoleErrors(errors);
    }
}

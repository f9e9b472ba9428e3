using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>Steps the console journeys share.</summary>
internal static class Journeys
{
    /// <summary>Not a cancellation (that starts a procedure): an ordinary question the assistant drafts an answer to for review.</summary>
    public const string CushionSwap = "Can I swap the grey cushions for the blue ones on my order please?";

    /// <summary>The queue item of a conversation, once it has arrived (the queue is live).</summary>
    public static async Task<ILocator> QueueItemAsync(IPage page, Guid conversation)
    {
        var item = page.Locator($"[data-testid=queue-item][data-conversation='{conversation}']");
        await Assertions.Expect(item).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        return item;
    }

    public static async Task OpenAsync(IPage page, Guid conversation)
    {
        await (await QueueItemAsync(page, conversation)).ClickAsync();
        await Assertions.Expect(page.GetByTestId("transcript")).ToBeVisibleAsync();
    }

    public static void NoConsoleErrors(List<string> errors, string who = "agent") =>
        Assert.True(errors.Count == 0, $"{who} page console errors: " + string.Join(" | ", errors));

    /// <summary>Saves a screenshot for the README's tour when TANDEM_SCREENSHOTS names a folder.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("TANDEM_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetFullPath(folder), name), FullPage = true });
        }
    }

    /// <summary>An order of the reference firm whose return has arrived and waits for its refund, read from the pack's data.</summary>
    public static (string OrderNumber, string Email, string ReturnId, decimal Amount) ReturnAwaitingRefund()
    {
        var orders = JsonNode.Parse(File.ReadAllText(Path.Combine(BrowserHost.RepoRoot(), "samples", "firms", "harbour-home", "data", "orders.json")))!.AsArray();
        foreach (var order in orders.OfType<JsonObject>())
        {
            var ret = (order["returns"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r =>
                r["outcome"]?.GetValue<string>() == "refund" && r["refund_status"]?.GetValue<string>() == "pending" && r["received_at"] is not null);
            if (ret is not null)
            {
                return (order["order_number"]!.GetValue<string>(), order["customer_email"]!.GetValue<string>(),
                    ret["return_id"]!.GetValue<string>(), ret["refund_amount_gbp"]!.GetValue<decimal>());
            }
        }
        throw new InvalidOperationException("The reference firm has no return waiting for a refund.");
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string url) =>
        JsonDocument.Parse(await client.GetStringAsync(new Uri(url, UriKind.Relative))).RootElement.Clone();
}

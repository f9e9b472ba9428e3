using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tandem.Server.Tests.Actions;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Inbox;

/// <summary>
/// Beside a queue item the agent sees who the customer is (verified), their recent orders and support needs,
/// and the passages the draft cites; the queue carries the firm's review-time target and filters by topic and signal.
/// </summary>
public abstract class TheInboxShowsWhatAnAgentNeedsToDecide
{
    protected abstract Store Store { get; }

    private static string DataFile(string name) => Path.Combine(TestPaths.ReferenceFirm, "data", name);

    /// <summary>A customer of the reference firm who has told it about a support need and has placed orders: read from the pack's data.</summary>
    private static (string Id, string Name, string Needs, List<string> Orders) CustomerWithSupportNeeds()
    {
        var customers = JsonNode.Parse(File.ReadAllText(DataFile("customers.json")))!.AsArray().OfType<JsonObject>();
        var orders = JsonNode.Parse(File.ReadAllText(DataFile("orders.json")))!.AsArray().OfType<JsonObject>().ToList();
        return customers
            .Where(c => c["support_needs"]!.GetValue<string>().Length > 0)
            .Select(c => (Id: c["id"]!.GetValue<string>(), Name: c["name"]!.GetValue<string>(), Needs: c["support_needs"]!.GetValue<string>(),
                Orders: orders.Where(o => o["customer_id"]?.GetValue<string>() == c["id"]!.GetValue<string>()).Select(o => o["order_number"]!.GetValue<string>()).ToList()))
            .First(c => c.Orders.Count >= 2);
    }

    [Fact]
    public async Task TheConversationViewNamesTheVerifiedCustomerTheirOrdersNeedsAndTheCitedPassages()
    {
        await using var host = await ActionTestKit.StartAsync(Store);
        var customer = CustomerWithSupportNeeds();
        var conversation = await ActionTestKit.SignedInAsync(host, customer.Id);
        Assert.Equal("review", (await conversation.SayAsync("Can I swap the grey cushions for the blue ones on my order please?")).Decision);

        using var admin = host.Admin();
        var view = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{conversation.Id}/inbox-view");
        var who = view.GetProperty("customer");
        Assert.Equal("token", who.GetProperty("method").GetString());
        Assert.Equal(customer.Id, who.GetProperty("customerId").GetString());
        Assert.Equal(customer.Name, who.GetProperty("name").GetString());
        Assert.Equal(customer.Needs, who.GetProperty("supportNeeds").GetString());
        var orders = view.GetProperty("recentOrders").EnumerateArray().ToList();
        Assert.Equal(Math.Min(5, customer.Orders.Count), orders.Count);
        Assert.All(orders, o => Assert.Contains(o.GetProperty("orderNumber").GetString(), customer.Orders));
        var placed = orders.Select(o => o.GetProperty("placedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(placed.OrderByDescending(p => p), placed);
        Assert.All(orders, o => Assert.True(o.GetProperty("totalGbp").GetDecimal() > 0));

        var passages = view.GetProperty("citedPassages").EnumerateArray().ToList();
        Assert.NotEmpty(passages);
        Assert.All(passages, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("text").GetString()));
            Assert.StartsWith("/kb/harbour-home/", p.GetProperty("url").GetString(), StringComparison.Ordinal);
        });
        Assert.Contains(view.GetProperty("messages").EnumerateArray(), m => m.GetProperty("author").GetString() == "customer");
    }

    [Fact]
    public async Task AnUnverifiedCustomerIsShownAsUnverifiedAndTheirViewIsForStaffOnly()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        await conversation.SayAsync("Do you deliver to the Isle of Wight?");
        using var admin = host.Admin();
        var view = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{conversation.Id}/inbox-view");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("customer").ValueKind);
        Assert.Empty(view.GetProperty("recentOrders").EnumerateArray());
        using var self = conversation.Client();
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await self.GetAsync($"/api/v1/conversations/{conversation.Id}/inbox-view")).StatusCode);
    }

    [Fact]
    public async Task TheQueueCarriesTheFirmsReviewTargetAndMarksWhatIsPastIt()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        Assert.Equal("review", (await conversation.SayAsync("Can I swap the grey cushions for the blue ones on my order please?")).Decision);
        using var admin = host.Admin();

        var fresh = await ItemAsync(admin, conversation.Id);
        // firm.yaml: reviewTargetMinutes: 15.
        Assert.Equal(15, fresh.GetProperty("reviewTargetMinutes").GetInt32());
        Assert.False(fresh.GetProperty("pastTarget").GetBoolean());
        host.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.True((await ItemAsync(admin, conversation.Id)).GetProperty("pastTarget").GetBoolean());
    }

    [Fact]
    public async Task TheQueueFiltersByTopicAndBySignal()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var swap = await host.StartConversationAsync();
        await swap.SayAsync("Can I swap the grey cushions for the blue ones on my order please?");
        var complaint = await host.StartConversationAsync();
        var complained = await complaint.SayAsync("This is the second time my table has arrived damaged and nobody has answered my emails. I want to make a formal complaint.");
        Assert.Contains(complained.Signals, s => s.Kind == "complaint");
        using var admin = host.Admin();

        var bySignal = await admin.GetFromJsonAsync<JsonElement>("/api/v1/inbox?signal=complaint");
        Assert.Equal([complaint.Id], bySignal.EnumerateArray().Select(i => i.GetProperty("conversationId").GetGuid()));

        var swapTopic = (await ItemAsync(admin, swap.Id)).GetProperty("topic").GetString();
        var byTopic = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/inbox?topic={swapTopic}");
        Assert.Contains(byTopic.EnumerateArray(), i => i.GetProperty("conversationId").GetGuid() == swap.Id);
        Assert.All(byTopic.EnumerateArray(), i => Assert.Equal(swapTopic, i.GetProperty("topic").GetString()));
    }

    private static async Task<JsonElement> ItemAsync(HttpClient admin, Guid conversation) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/inbox")).EnumerateArray().Single(i => i.GetProperty("conversationId").GetGuid() == conversation);
}

public sealed class TheInboxShowsWhatAnAgentNeedsToDecideOnSqlite : TheInboxShowsWhatAnAgentNeedsToDecide
{
    protected override Store Store => Store.Sqlite;
}

public sealed class TheInboxShowsWhatAnAgentNeedsToDecideOnPostgres : TheInboxShowsWhatAnAgentNeedsToDecide
{
    protected override Store Store => Store.Postgres;
}

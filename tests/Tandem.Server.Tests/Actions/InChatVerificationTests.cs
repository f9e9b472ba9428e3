using System.Net.Http.Json;
using Tandem.Server.Tests.Infrastructure;
using static Tandem.Server.Tests.Actions.ActionTestKit;

namespace Tandem.Server.Tests.Actions;

public sealed record VerifyView(bool Verified, string Message, int AttemptsLeft, bool HandedOff);

/// <summary>E-mail address and order number that match verify the customer for that order only.</summary>
public abstract class InChatVerificationTests
{
    protected abstract Store Store { get; }

    private const string Order = "HH-2026-003071";
    private const string OtherOrder = "HH-2026-003053";

    private static async Task<VerifyView> VerifyAsync(CustomerConversation conversation, string email, string orderNumber)
    {
        using var client = conversation.Client();
        var response = await client.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/verify", new { email, orderNumber });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<VerifyView>() ?? throw new InvalidOperationException("empty body");
    }

    [Fact]
    public async Task MatchingDetailsVerifyTheCustomerForThatOrderOnly()
    {
        await using var host = await StartAsync(Store);
        var (_, email) = await OwnerOfAsync(host, Order);
        var conversation = await host.StartConversationAsync();

        var result = await VerifyAsync(conversation, email.ToUpperInvariant(), Order.ToLowerInvariant());

        Assert.True(result.Verified);
        Assert.Equal("executed", (await CallAsync(host, conversation.Id, "get_order", new { order_number = Order })).Status);
        // In-chat verification covers the order whose details matched, not every order there is.
        var other = await CallAsync(host, conversation.Id, "get_order", new { order_number = OtherOrder });
        Assert.Equal("refused", other.Status);
        Assert.Equal("record_not_found", other.Reason);
    }

    [Fact]
    public async Task AMismatchNeverSaysWhichHalfWasWrong()
    {
        await using var host = await StartAsync(Store);
        var (_, email) = await OwnerOfAsync(host, Order);
        var (_, otherEmail) = await OwnerOfAsync(host, OtherOrder);
        var conversation = await host.StartConversationAsync();

        var wrongEmail = await VerifyAsync(conversation, otherEmail, Order);
        var wrongOrder = await VerifyAsync(conversation, email, "HH-2026-999999");

        Assert.False(wrongEmail.Verified);
        Assert.False(wrongOrder.Verified);
        Assert.Equal(wrongEmail.Message, wrongOrder.Message);
        Assert.Equal(wrongEmail.AttemptsLeft - 1, wrongOrder.AttemptsLeft);
        Assert.Equal("refused", (await CallAsync(host, conversation.Id, "get_order", new { order_number = Order })).Status);
    }

    [Fact]
    public async Task WhenTheAttemptsRunOutAPersonTakesOver()
    {
        await using var host = await StartAsync(Store);
        var (_, email) = await OwnerOfAsync(host, Order);
        var conversation = await host.StartConversationAsync();

        VerifyView last;
        do
        {
            last = await VerifyAsync(conversation, "someone@example.com", Order);
        }
        while (last.AttemptsLeft > 0);

        Assert.True(last.HandedOff);
        // The right details after that change nothing: a person checks from here on.
        var late = await VerifyAsync(conversation, email, Order);
        Assert.False(late.Verified);
        using var admin = host.Admin();
        var status = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/conversations/{conversation.Id}");
        Assert.Equal("handed_off", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task DetailsTypedInTheChatVerifyTheCustomer()
    {
        await using var host = await StartAsync(Store);
        var (_, email) = await OwnerOfAsync(host, Order);
        var conversation = await host.StartConversationAsync();

        await conversation.SayAsync($"Has the refund for {Order} gone through? My email is {email}");

        var messages = await conversation.MessagesAsync();
        Assert.Contains(messages, m => m.Author == "system" && m.Text.Contains("those details match", StringComparison.Ordinal));
        Assert.Equal("executed", (await CallAsync(host, conversation.Id, "get_refund_status", new { order_number = Order })).Status);
    }
}

public sealed class InChatVerificationOnSqlite : InChatVerificationTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class InChatVerificationOnPostgres : InChatVerificationTests
{
    protected override Store Store => Store.Postgres;
}

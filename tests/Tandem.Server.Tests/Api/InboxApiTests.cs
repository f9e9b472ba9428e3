using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Api;

/// <summary>The agent side of API v1: reviewing drafts and taking conversations over, on each database.</summary>
public abstract class InboxApiTests
{
    protected abstract Store Store { get; }

    private static async Task<(CustomerConversation Conversation, InboxItemView Item)> DraftWaitingAsync(TandemHost host)
    {
        var conversation = await host.StartConversationAsync();
        // Not a cancellation: that starts the cancel_order procedure, whose first draft is a question with no citations.
        var turn = await conversation.SayAsync("Can I swap the grey cushions for the blue ones on my order please?");
        Assert.Equal("review", turn.Decision);
        using var admin = host.Admin();
        var queue = await admin.GetFromJsonAsync<List<InboxItemView>>("/api/v1/inbox") ?? [];
        var item = Assert.Single(queue, i => i.ConversationId == conversation.Id);
        Assert.Equal("review", item.Kind);
        Assert.NotNull(item.DraftId);
        return (conversation, item);
    }

    [Fact]
    public async Task ApprovingADraftSendsItToTheCustomerAsTheAssistant()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var (conversation, item) = await DraftWaitingAsync(host);
        using var admin = host.Admin();
        var response = await admin.PostAsync($"/api/v1/drafts/{item.DraftId}/approve", null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var reply = Assert.Single(await conversation.MessagesAsync(), m => m.Author == "ai");
        Assert.Equal(item.Draft, reply.Text);
        Assert.NotEmpty(reply.Citations);

        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        var review = await db.Reviews.SingleAsync(r => r.DraftId == item.DraftId);
        Assert.Equal("approved", review.Outcome);
        Assert.Equal(0, review.EditDistance);
        Assert.DoesNotContain(await admin.GetFromJsonAsync<List<InboxItemView>>("/api/v1/inbox") ?? [], i => i.ConversationId == conversation.Id);
    }

    [Fact]
    public async Task AnEditedDraftIsSentAsTheAgentsWordsWithItsEditDistance()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var (conversation, item) = await DraftWaitingAsync(host);
        using var admin = host.Admin();
        var edited = item.Draft + " I've passed this to the warehouse.";
        var response = await admin.PostAsJsonAsync($"/api/v1/drafts/{item.DraftId}/edit", new { text = edited });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var reply = Assert.Single(await conversation.MessagesAsync(), m => m.Author == "agent");
        Assert.Equal(edited, reply.Text);
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        var review = await db.Reviews.SingleAsync(r => r.DraftId == item.DraftId);
        Assert.Equal("edited", review.Outcome);
        Assert.InRange(review.EditDistance!.Value, 0.01, 0.5);
    }

    [Fact]
    public async Task RejectingADraftNeedsAReasonAndSendsNothing()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var (conversation, item) = await DraftWaitingAsync(host);
        using var admin = host.Admin();
        var noReason = await admin.PostAsJsonAsync($"/api/v1/drafts/{item.DraftId}/reject", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var rejected = await admin.PostAsJsonAsync($"/api/v1/drafts/{item.DraftId}/reject", new { reason = "order already dispatched" });
        Assert.Equal(HttpStatusCode.NoContent, rejected.StatusCode);
        Assert.DoesNotContain(await conversation.MessagesAsync(), m => m.Author == "ai");
        var again = await admin.PostAsync($"/api/v1/drafts/{item.DraftId}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task TakingOverTellsTheCustomerAPersonHasJoinedAndTheAgentCanReply()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var (conversation, _) = await DraftWaitingAsync(host);
        using var admin = host.Admin();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/conversations/{conversation.Id}/takeover", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/reply", new { text = "Hi, I've cancelled it for you." })).StatusCode);
        var messages = await conversation.MessagesAsync();
        Assert.Contains(messages, m => m.Author == "system" && m.Text.Contains("joined", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Author == "agent" && m.Text == "Hi, I've cancelled it for you.");

        // Once with a person, it stays with a person: the next customer message is not answered by the AI.
        var next = await conversation.SayAsync("How much is standard delivery?");
        Assert.Equal("handoff", next.Decision);
        Assert.Contains("conversation_with_human", next.Reasons);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/conversations/{conversation.Id}/resolve", null)).StatusCode);
    }

    [Fact]
    public async Task TwoAgentsApprovingAtOnceSendOneReply()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var (conversation, item) = await DraftWaitingAsync(host);
        using var first = host.Admin();
        using var second = host.Admin();
        var results = await Task.WhenAll(
            first.PostAsync($"/api/v1/drafts/{item.DraftId}/approve", null),
            second.PostAsync($"/api/v1/drafts/{item.DraftId}/approve", null));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Single(await conversation.MessagesAsync(), m => m.Author == "ai");
    }

    [Fact]
    public async Task TheInboxNeedsAStaffKey()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        using var customer = conversation.Client();
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/inbox")).StatusCode);
        using var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/inbox")).StatusCode);
    }
}

public sealed class InboxApiOnSqlite : InboxApiTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class InboxApiOnPostgres : InboxApiTests
{
    protected override Store Store => Store.Postgres;
}

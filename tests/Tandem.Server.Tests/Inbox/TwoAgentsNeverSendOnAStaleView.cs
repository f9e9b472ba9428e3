using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Data.Access;
using Tandem.Server.Access;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Inbox;

/// <summary>
/// The inbox's concurrency rule through HTTP: an action carries the conversation version the agent saw, and
/// when another agent acted since, it is refused with 409 naming who did what, so nothing is sent twice or
/// on a view of the conversation that is no longer true.
/// </summary>
public abstract class TwoAgentsNeverSendOnAStaleView
{
    protected abstract Store Store { get; }

    private const string Question = "Can I swap the grey cushions for the blue ones on my order please?";

    /// <summary>A member of staff with their own key, as a small team has: the name is what the other agent sees.</summary>
    internal static async Task<HttpClient> AgentAsync(TandemHost host, string name)
    {
        var secret = $"agent-{name.ToLowerInvariant()}-{Guid.NewGuid():N}";
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), Name = name, Role = StaffRoles.Agent, KeyHash = ApiKeys.Hash(secret), Prefix = secret[..6], CreatedAt = host.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return host.Client(secret);
    }

    private static async Task<(CustomerConversation Conversation, JsonElement Item)> WaitingAsync(TandemHost host, HttpClient agent)
    {
        var conversation = await host.StartConversationAsync();
        Assert.Equal("review", (await conversation.SayAsync(Question)).Decision);
        var queue = await agent.GetFromJsonAsync<JsonElement>("/api/v1/inbox");
        return (conversation, queue.EnumerateArray().Single(i => i.GetProperty("conversationId").GetGuid() == conversation.Id));
    }

    private static async Task<string> ConflictDetailAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task TheSecondAgentToSendTheSameDraftIsToldWhoSentItFirst()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var priya = await AgentAsync(host, "Priya");
        using var tom = await AgentAsync(host, "Tom");
        var (conversation, item) = await WaitingAsync(host, priya);
        var draftId = item.GetProperty("draftId").GetGuid();
        var version = item.GetProperty("version").GetInt32();

        Assert.Equal(HttpStatusCode.NoContent, (await priya.PostAsync($"/api/v1/drafts/{draftId}/approve?version={version}", null)).StatusCode);
        var detail = await ConflictDetailAsync(await tom.PostAsJsonAsync($"/api/v1/drafts/{draftId}/edit", new { text = "Hi! Yes, we can swap them.", version }));

        Assert.Contains("Priya", detail, StringComparison.Ordinal);
        Assert.Contains("approved", detail, StringComparison.Ordinal);
        Assert.Single(await conversation.MessagesAsync(), m => m.Author is "ai" or "agent");
    }

    [Fact]
    public async Task ResolvingAConversationSomeoneTookOverSinceIsRefusedUntilTheAgentLooksAgain()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var priya = await AgentAsync(host, "Priya");
        using var tom = await AgentAsync(host, "Tom");
        var (conversation, item) = await WaitingAsync(host, tom);
        var seen = item.GetProperty("version").GetInt32();

        Assert.Equal(HttpStatusCode.NoContent, (await priya.PostAsync($"/api/v1/conversations/{conversation.Id}/takeover?version={seen}", null)).StatusCode);
        var detail = await ConflictDetailAsync(await tom.PostAsync($"/api/v1/conversations/{conversation.Id}/resolve?version={seen}", null));
        Assert.Contains("Priya took the conversation over", detail, StringComparison.Ordinal);

        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        var now = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversation.Id);
        Assert.Equal("handed_off", now.Status);
        Assert.Equal("Priya", now.AssignedTo);

        // Looking again (the current version) the same action goes through.
        Assert.Equal(HttpStatusCode.NoContent, (await tom.PostAsync($"/api/v1/conversations/{conversation.Id}/resolve?version={now.Version}", null)).StatusCode);
    }

    [Fact]
    public async Task TwoAgentsApprovingTheSameViewAtOnceSendOneReplyAndTheOtherIsRefused()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var priya = await AgentAsync(host, "Priya");
        using var tom = await AgentAsync(host, "Tom");
        var (conversation, item) = await WaitingAsync(host, priya);
        var url = $"/api/v1/drafts/{item.GetProperty("draftId").GetGuid()}/approve?version={item.GetProperty("version").GetInt32()}";

        var results = await Task.WhenAll(priya.PostAsync(url, null), tom.PostAsync(url, null));

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Single(await conversation.MessagesAsync(), m => m.Author == "ai");
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.Equal(1, await db.Reviews.CountAsync(r => r.ConversationId == conversation.Id));
    }

    [Fact]
    public async Task TheSecondAgentCannotReplyToAConversationTheFirstHas()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var priya = await AgentAsync(host, "Priya");
        using var tom = await AgentAsync(host, "Tom");
        var (conversation, _) = await WaitingAsync(host, priya);

        Assert.Equal(HttpStatusCode.NoContent, (await priya.PostAsync($"/api/v1/conversations/{conversation.Id}/takeover", null)).StatusCode);
        var detail = await ConflictDetailAsync(await tom.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/reply", new { text = "Hello, Tom here — I can help with that." }));

        Assert.Contains("Priya", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await conversation.MessagesAsync(), m => m.Author == "agent");
        // Both see who has it: the queue names the owner.
        var queue = await tom.GetFromJsonAsync<JsonElement>("/api/v1/inbox");
        Assert.Equal("Priya", queue.EnumerateArray().Single(i => i.GetProperty("conversationId").GetGuid() == conversation.Id).GetProperty("assignedTo").GetString());
    }
}

public sealed class TwoAgentsNeverSendOnAStaleViewOnSqlite : TwoAgentsNeverSendOnAStaleView
{
    protected override Store Store => Store.Sqlite;
}

public sealed class TwoAgentsNeverSendOnAStaleViewOnPostgres : TwoAgentsNeverSendOnAStaleView
{
    protected override Store Store => Store.Postgres;
}

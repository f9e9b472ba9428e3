using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;
using Tandem.Server.Tests.Insights;

namespace Tandem.Server.Tests.Audit;

public abstract class TheAuditTrailShowsEachTurnAndItsChain
{
    protected abstract Store Store { get; }

    private static async Task<(TandemHost Host, CustomerConversation Conversation)> ApprovedDraftAsync(Store store)
    {
        var host = await TandemHost.StartAsync(store);
        var conversation = await host.StartConversationAsync();
        Assert.Equal("review", (await conversation.SayAsync(CopilotHistory.Question)).Decision);
        using var admin = host.Admin();
        var draftId = await CopilotHistory.DraftIdAsync(admin, conversation.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/drafts/{draftId}/approve", null)).StatusCode);
        return (host, conversation);
    }

    [Fact]
    public async Task ATurnIsTracedFromWhatTheCustomerWroteToWhoApprovedTheReply()
    {
        var (host, conversation) = await ApprovedDraftAsync(Store);
        await using var _ = host;
        using var admin = host.Admin();

        var trail = await CopilotHistory.GetJsonAsync(admin, $"/api/v1/audit/conversations/{conversation.Id}");

        Assert.Equal(conversation.Id, trail.GetProperty("conversationId").GetGuid());
        var turn = trail.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("turnId").ValueKind != JsonValueKind.Null);
        var events = turn.GetProperty("events").EnumerateArray().ToList();
        // The turn's stages in order (a procedure's own events sit among them), then the person's approval.
        JsonElement Of(string kind) => events.Single(e => e.GetProperty("kind").GetString() == kind);
        Assert.Equal(
            ["turn.intake", "turn.understand", "turn.retrieve", "turn.act", "turn.draft", "turn.check", "turn.decide", "turn.deliver", "turn.completed", "draft.approved"],
            events.Select(e => e.GetProperty("kind").GetString()).Where(k => k!.StartsWith("turn.", StringComparison.Ordinal) || k.StartsWith("draft.", StringComparison.Ordinal)));
        Assert.Equal("draft.approved", events[^1].GetProperty("kind").GetString());
        Assert.Equal(CopilotHistory.Question, Of("turn.intake").GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal("cancellation", Of("turn.understand").GetProperty("payload").GetProperty("output").GetProperty("topic").GetString());
        Assert.True(Of("turn.retrieve").GetProperty("payload").GetProperty("output").EnumerateArray().All(s => s.GetProperty("sourceVersion").GetString()!.Length == 64));
        Assert.Equal("review", Of("turn.decide").GetProperty("payload").GetProperty("output").GetProperty("decision").GetString());
        Assert.Equal("bootstrap admin", Of("draft.approved").GetProperty("actor").GetString());
        Assert.Contains(trail.GetProperty("steps").EnumerateArray(), s => s.GetProperty("events")[0].GetProperty("kind").GetString() == "conversation.started");

        var chain = trail.GetProperty("chain");
        Assert.True(chain.GetProperty("intact").GetBoolean());
        Assert.Equal(JsonValueKind.Null, chain.GetProperty("firstBrokenSequence").ValueKind);
        Assert.True(chain.GetProperty("checked").GetInt64() >= events.Count);
    }

    [Fact]
    public async Task AnErasedPayloadIsShownAsRedactedAndTheChainStillVerifies()
    {
        var (host, conversation) = await ApprovedDraftAsync(Store);
        await using var _ = host;
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            // What an erasure does (issue 9): the payload goes, the stored payload hash stands in for it.
            await db.AuditEvents.Where(e => e.ConversationId == conversation.Id && e.Kind == "turn.intake")
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Payload, "{\"redacted\":true,\"erasure\":\"ER-2026-0042\"}").SetProperty(e => e.RedactedBy, "ER-2026-0042"));
        }
        using var admin = host.Admin();

        var trail = await CopilotHistory.GetJsonAsync(admin, $"/api/v1/audit/conversations/{conversation.Id}");

        var intake = trail.GetProperty("steps").EnumerateArray().SelectMany(s => s.GetProperty("events").EnumerateArray()).Single(e => e.GetProperty("kind").GetString() == "turn.intake");
        Assert.Equal("ER-2026-0042", intake.GetProperty("redaction").GetString());
        Assert.Equal(JsonValueKind.Null, intake.GetProperty("payload").ValueKind);
        Assert.True(trail.GetProperty("chain").GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task AChangedPayloadBreaksTheChainAtThatEvent()
    {
        var (host, conversation) = await ApprovedDraftAsync(Store);
        await using var _ = host;
        long victim;
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            victim = await db.AuditEvents.Where(e => e.ConversationId == conversation.Id && e.Kind == "draft.approved").Select(e => e.Sequence).SingleAsync();
            await db.AuditEvents.Where(e => e.Sequence == victim)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Actor, "someone else"));
        }
        using var admin = host.Admin();

        var chain = (await CopilotHistory.GetJsonAsync(admin, $"/api/v1/audit/conversations/{conversation.Id}")).GetProperty("chain");

        Assert.False(chain.GetProperty("intact").GetBoolean());
        Assert.Equal(victim, chain.GetProperty("firstBrokenSequence").GetInt64());
        Assert.True(chain.GetProperty("conversationAffected").GetBoolean());
        Assert.Contains("hash", chain.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownConversationIsNotFound()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var response = await admin.GetAsync($"/api/v1/audit/conversations/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("conversation not found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        using var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/audit/conversations/{Guid.NewGuid()}")).StatusCode);
    }
}

public sealed class TheAuditTrailShowsEachTurnAndItsChainOnSqlite : TheAuditTrailShowsEachTurnAndItsChain
{
    protected override Store Store => Store.Sqlite;
}

public sealed class TheAuditTrailShowsEachTurnAndItsChainOnPostgres : TheAuditTrailShowsEachTurnAndItsChain
{
    protected override Store Store => Store.Postgres;
}

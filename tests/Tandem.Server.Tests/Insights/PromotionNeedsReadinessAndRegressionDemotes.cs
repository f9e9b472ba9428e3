using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Insights;

/// <summary>
/// Under the firm's own wording of the rule (point estimate), 2 overrides in 60 qualifies: the admin
/// promotes the topic, the evidence is in the audit log, and a regression sends it back on its own.
/// </summary>
public abstract class PromotionNeedsReadinessAndRegressionDemotes
{
    protected abstract Store Store { get; }

    private static readonly Dictionary<string, string?> PolicyWording = new() { ["Tandem:Readiness:Basis"] = "PointEstimate" };

    [Fact]
    public async Task AnEligibleTopicIsPromotedWithItsEvidenceAndDemotedWhenOverridesReturn()
    {
        await using var host = await TandemHost.StartAsync(Store, settings: PolicyWording);
        await CopilotHistory.DriveAsync(host);
        using var admin = host.Admin();

        // Three drafts still waiting when the owner signs off.
        var waiting = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var conversation = await host.StartConversationAsync();
            Assert.Equal("review", (await conversation.SayAsync(CopilotHistory.Question)).Decision);
            waiting.Add(await CopilotHistory.DraftIdAsync(admin, conversation.Id));
        }

        var readiness = CopilotHistory.TopicOf(await CopilotHistory.GetJsonAsync(admin, "/api/v1/readiness?firm=harbour-home&days=60"), CopilotHistory.Topic);
        Assert.True(readiness.GetProperty("eligible").GetBoolean());
        Assert.Equal(["ready"], readiness.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));

        var promoted = await admin.PutAsJsonAsync($"/api/v1/firms/harbour-home/topics/{CopilotHistory.Topic}/mode",
            new { mode = "autonomous", evidence = new { days = 60, signedOffBy = "owner", note = "read every override" } });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        var changed = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Kind == "topic.mode_changed");
        var payload = JsonDocument.Parse(changed.Payload).RootElement;
        Assert.Equal("copilot", payload.GetProperty("before").GetString());
        Assert.Equal("autonomous", payload.GetProperty("after").GetString());
        Assert.Equal("owner", payload.GetProperty("signedOffBy").GetString());
        Assert.Equal(60, payload.GetProperty("readiness").GetProperty("reviewed").GetInt32());
        Assert.Equal(2, payload.GetProperty("readiness").GetProperty("overrides").GetInt32());
        Assert.NotEqual("system", changed.Actor);

        // Two overrides are already in the latest fifty; a third (5 % or more) sends the topic back.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/drafts/{waiting[0]}/approve", null)).StatusCode);
        Assert.Equal("autonomous", await ModeAsync(host));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/drafts/{waiting[1]}/reject", new { reason = "quoted the wrong fee" })).StatusCode);
        Assert.Equal("copilot", await ModeAsync(host));
        var demoted = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Kind == "topic.auto_demoted");
        var why = JsonDocument.Parse(demoted.Payload).RootElement;
        Assert.Equal("override_rate_too_high", why.GetProperty("reason").GetString());
        Assert.Equal(3, why.GetProperty("overrides").GetInt32());
        Assert.Equal(50, why.GetProperty("reviews").GetInt32());

        // Autonomy must be earned again on drafts reviewed from now on.
        var after = CopilotHistory.TopicOf(await CopilotHistory.GetJsonAsync(admin, "/api/v1/readiness?firm=harbour-home&days=60"), CopilotHistory.Topic);
        Assert.False(after.GetProperty("eligible").GetBoolean());
        Assert.Equal(0, after.GetProperty("reviewed").GetInt32());
    }

    [Fact]
    public async Task ASeriousErrorDemotesAnAutonomousTopicAtOnce()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var conversation = await host.StartConversationAsync();
        Assert.Equal("review", (await conversation.SayAsync(CopilotHistory.Question)).Decision);
        var draft = await CopilotHistory.DraftIdAsync(admin, conversation.Id);
        // Promotion is refused without evidence; the setting is changed directly to stand for a topic promoted earlier.
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        await db.TopicSettings.Where(t => t.FirmId == "harbour-home" && t.TopicId == CopilotHistory.Topic)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Mode, "autonomous"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/drafts/{draft}/reject",
            new { reason = "promised a refund outside policy", critical = true })).StatusCode);
        Assert.Equal("copilot", await ModeAsync(host));
        var review = await db.Reviews.AsNoTracking().SingleAsync(r => r.DraftId == draft);
        Assert.True(review.Critical);
        var demoted = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Kind == "topic.auto_demoted");
        Assert.Equal("critical_override", JsonDocument.Parse(demoted.Payload).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ANeverAutonomousTopicIsRefusedAndMovingBackIsAlwaysAllowed()
    {
        await using var host = await TandemHost.StartAsync(Store, settings: PolicyWording);
        using var admin = host.Admin();
        var never = await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/topics/complaint/mode", new { mode = "autonomous" });
        Assert.Equal(HttpStatusCode.Conflict, never.StatusCode);
        Assert.Contains("never", await never.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noEvidence = await admin.PutAsJsonAsync($"/api/v1/firms/harbour-home/topics/{CopilotHistory.Topic}/mode", new { mode = "autonomous" });
        Assert.Equal(HttpStatusCode.Conflict, noEvidence.StatusCode);
        Assert.Contains("too_few_reviews", await noEvidence.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var back = await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/topics/delivery/mode", new { mode = "human" });
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal("human", await ModeAsync(host, "delivery"));
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        var changed = JsonDocument.Parse((await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Kind == "topic.mode_changed")).Payload).RootElement;
        Assert.Equal("autonomous", changed.GetProperty("before").GetString());
        Assert.Equal("human", changed.GetProperty("after").GetString());

        // A topic set to human is the per-topic kill switch: the next question on it goes to a person.
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("How much is delivery on a sofa?");
        Assert.Equal("handoff", turn.Decision);
        Assert.Contains("human_only_topic", turn.Reasons);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/topics/delivery/mode", new { mode = "sometimes" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/topics/nope/mode", new { mode = "human" })).StatusCode);
        using var customer = conversation.Client();
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PutAsJsonAsync("/api/v1/firms/harbour-home/topics/delivery/mode", new { mode = "autonomous" })).StatusCode);
    }

    private static async Task<string> ModeAsync(TandemHost host, string topic = CopilotHistory.Topic)
    {
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        return (await db.TopicSettings.AsNoTracking().SingleAsync(t => t.FirmId == "harbour-home" && t.TopicId == topic)).Mode;
    }
}

public sealed class PromotionNeedsReadinessAndRegressionDemotesOnSqlite : PromotionNeedsReadinessAndRegressionDemotes
{
    protected override Store Store => Store.Sqlite;
}

public sealed class PromotionNeedsReadinessAndRegressionDemotesOnPostgres : PromotionNeedsReadinessAndRegressionDemotes
{
    protected override Store Store => Store.Postgres;
}

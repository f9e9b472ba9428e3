using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Insights;

/// <summary>
/// Sixty days of co-pilot history, then every figure of /metrics and /readiness checked. Under Tandem's
/// default rule (Wilson upper bound) 2 overrides in 60 is not enough, and promotion is refused.
/// </summary>
public abstract class SixtyDaysOfCopilotHistoryAreCountedExactly
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task MetricsAndReadinessMatchTheHistory()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var start = await CopilotHistory.DriveAsync(host);
        using var admin = host.Admin();

        var metrics = await CopilotHistory.GetJsonAsync(admin,
            $"/api/v1/metrics?firm=harbour-home&from={CopilotHistory.Iso(start - TimeSpan.FromHours(1))}&to={CopilotHistory.Iso(start + TimeSpan.FromDays(61))}");
        var all = metrics.GetProperty("all");
        Assert.Equal(60, all.GetProperty("conversations").GetInt32());
        Assert.Equal(60, all.GetProperty("reviewedDrafts").GetInt32());
        Assert.Equal(2, all.GetProperty("overrides").GetInt32());
        Assert.Equal(0.033333, all.GetProperty("overrideRate").GetDouble());
        Assert.Equal(0.113638, all.GetProperty("overrideUpper95").GetDouble());
        Assert.Equal(0, all.GetProperty("criticalOverrides").GetInt32());
        Assert.Equal(60, all.GetProperty("aiFirstConversations").GetInt32());
        Assert.Equal(1, all.GetProperty("escalated").GetInt32());
        Assert.Equal(0.016667, all.GetProperty("escalationRate").GetDouble());
        Assert.Equal(60, all.GetProperty("aiHandledConversations").GetInt32());
        Assert.Equal(0, all.GetProperty("aiHandledComplaints").GetInt32());
        Assert.Equal(0, all.GetProperty("aiComplaintRate").GetDouble());
        Assert.Equal(0, all.GetProperty("humanHandledConversations").GetInt32());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("humanComplaintRate").ValueKind);
        Assert.Equal(6, all.GetProperty("resolvedConfirmed").GetInt32());
        Assert.Equal(53, all.GetProperty("resolvedAssumed").GetInt32());
        Assert.Equal(1, all.GetProperty("unresolved").GetInt32());
        Assert.Equal(0, all.GetProperty("knownCustomerConversations").GetInt32());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("repeatContactRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, all.GetProperty("csat").ValueKind);
        // The clock runs at real speed between jumps, so times are the jump plus a little processing.
        var firstResponse = all.GetProperty("firstResponse");
        Assert.Equal(59, firstResponse.GetProperty("count").GetInt32());
        Assert.InRange(firstResponse.GetProperty("meanSeconds").GetDouble(), 600, 630);
        Assert.InRange(firstResponse.GetProperty("medianSeconds").GetDouble(), 600, 630);
        var resolution = all.GetProperty("resolution");
        Assert.Equal(6, resolution.GetProperty("count").GetInt32());
        Assert.InRange(resolution.GetProperty("meanSeconds").GetDouble(), 600, 630);
        Assert.Equal(0, metrics.GetProperty("vulnerable").GetProperty("conversations").GetInt32());
        Assert.Equal(0, metrics.GetProperty("vulnerable").GetProperty("reviewedDrafts").GetInt32());
        Assert.Equal(60, metrics.GetProperty("others").GetProperty("reviewedDrafts").GetInt32());

        // Slices: the topic and channel filters, and a window that holds only the first ten days.
        var email = await CopilotHistory.GetJsonAsync(admin, $"/api/v1/metrics?firm=harbour-home&from={CopilotHistory.Iso(start - TimeSpan.FromHours(1))}&to={CopilotHistory.Iso(start + TimeSpan.FromDays(61))}&channel=email");
        Assert.Equal(0, email.GetProperty("all").GetProperty("reviewedDrafts").GetInt32());
        var delivery = await CopilotHistory.GetJsonAsync(admin, $"/api/v1/metrics?firm=harbour-home&from={CopilotHistory.Iso(start - TimeSpan.FromHours(1))}&to={CopilotHistory.Iso(start + TimeSpan.FromDays(61))}&topic=delivery");
        Assert.Equal(0, delivery.GetProperty("all").GetProperty("conversations").GetInt32());
        var firstTen = await CopilotHistory.GetJsonAsync(admin, $"/api/v1/metrics?firm=harbour-home&from={CopilotHistory.Iso(start - TimeSpan.FromHours(1))}&to={CopilotHistory.Iso(start + TimeSpan.FromDays(10) - TimeSpan.FromHours(1))}&topic=cancellation&channel=web");
        Assert.Equal(10, firstTen.GetProperty("all").GetProperty("reviewedDrafts").GetInt32());
        Assert.Equal(0, firstTen.GetProperty("all").GetProperty("overrides").GetInt32());
        Assert.Equal(10, firstTen.GetProperty("all").GetProperty("conversations").GetInt32());

        var readiness = await CopilotHistory.GetJsonAsync(admin, "/api/v1/readiness?firm=harbour-home&days=60");
        Assert.Equal("wilson_upper", readiness.GetProperty("rule").GetProperty("basis").GetString());
        var topic = CopilotHistory.TopicOf(readiness, CopilotHistory.Topic);
        Assert.False(topic.GetProperty("eligible").GetBoolean());
        Assert.Equal(60, topic.GetProperty("reviewed").GetInt32());
        Assert.Equal(2, topic.GetProperty("overrides").GetInt32());
        Assert.Equal(0.033333, topic.GetProperty("overrideRate").GetDouble());
        Assert.Equal(0.113638, topic.GetProperty("overrideUpper95").GetDouble());
        Assert.Equal(60, topic.GetProperty("aiHandledConversations").GetInt32());
        Assert.Equal(["override_rate_too_high"], topic.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        var complaint = CopilotHistory.TopicOf(readiness, "complaint");
        Assert.Contains("never_autonomous", complaint.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));

        // Over the last 30 days only days 30-59 count: one override (day 40) in 30.
        var thirty = CopilotHistory.TopicOf(await CopilotHistory.GetJsonAsync(admin, "/api/v1/readiness?firm=harbour-home&days=30"), CopilotHistory.Topic);
        Assert.Equal(30, thirty.GetProperty("reviewed").GetInt32());
        Assert.Equal(1, thirty.GetProperty("overrides").GetInt32());
        Assert.Equal(["too_few_reviews", "override_rate_too_high"], thirty.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));

        // Promotion without eligibility is refused, with the reasons, and nothing changes.
        var refused = await admin.PutAsJsonAsync($"/api/v1/firms/harbour-home/topics/{CopilotHistory.Topic}/mode", new { mode = "autonomous" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("override", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.Equal("copilot", (await db.TopicSettings.SingleAsync(t => t.FirmId == "harbour-home" && t.TopicId == CopilotHistory.Topic)).Mode);
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind == "topic.mode_changed"));
    }
}

public sealed class SixtyDaysOfCopilotHistoryAreCountedExactlyOnSqlite : SixtyDaysOfCopilotHistoryAreCountedExactly
{
    protected override Store Store => Store.Sqlite;
}

public sealed class SixtyDaysOfCopilotHistoryAreCountedExactlyOnPostgres : SixtyDaysOfCopilotHistoryAreCountedExactly
{
    protected override Store Store => Store.Postgres;
}

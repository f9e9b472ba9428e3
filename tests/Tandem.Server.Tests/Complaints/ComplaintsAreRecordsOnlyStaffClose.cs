using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Complaints;

public sealed record ChecklistItemView(string Item, bool Required, bool Done);

public sealed record ComplaintView(
    Guid Id, string Firm, Guid ConversationId, List<Guid> LinkedConversations, DateTimeOffset ReceivedAt, string Channel, string Summary,
    string Status, string OpenedBy, DateTimeOffset SummaryResolutionDue, DateTimeOffset FinalResponseDue,
    DateTimeOffset? SummaryResolutionSentAt, DateTimeOffset? FinalResponseAt, bool OmbudsmanRightsRequired, bool OmbudsmanRightsGiven,
    DateTimeOffset? OmbudsmanReferralUntil, string? Resolution, DateTimeOffset? ClosedAt, string? ClosedBy, bool Overdue, string Clock,
    List<ChecklistItemView> Checklist, int Version);

/// <summary>A complaint the assistant hears becomes a record with FCA DISP clocks that only staff can close.</summary>
public abstract class ComplaintsAreRecordsOnlyStaffClose
{
    protected abstract Store Store { get; }

    private const string Complaint = "This is the third time I've chased this. The sofa arrived with a ripped arm and nobody has called me back. I want to make a formal complaint.";

    internal static async Task<List<ComplaintView>> ComplaintsAsync(TandemHost host, string query = "")
    {
        using var admin = host.Admin();
        return await admin.GetFromJsonAsync<List<ComplaintView>>($"/api/v1/complaints?firm=harbour-home{query}") ?? [];
    }

    [Fact]
    public async Task TheComplaintSignalOpensOneRecordWithItsClocks()
    {
        // Tuesday 24 November 2026, 10:00 UTC (10:00 in London).
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();

        var turn = await conversation.SayAsync(Complaint);
        await conversation.SayAsync("I'm still waiting and I'm really not happy about how this has been handled, this is a complaint.");

        Assert.Contains(turn.Signals, s => s.Kind == "complaint");
        var record = Assert.Single(await ComplaintsAsync(host));
        Assert.Equal(conversation.Id, record.ConversationId);
        Assert.Equal([conversation.Id], record.LinkedConversations);
        Assert.Equal("open", record.Status);
        Assert.Equal("signal", record.OpenedBy);
        Assert.Equal("web", record.Channel);
        Assert.Equal(Complaint, record.Summary);
        // Wednesday, Thursday, Friday: due by the end of Friday 27 November in London (midnight UTC in winter).
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), record.SummaryResolutionDue);
        Assert.Equal(record.ReceivedAt.AddDays(56), record.FinalResponseDue);
        Assert.True(record.OmbudsmanRightsRequired); // the reference firm brokers Pay in 3 credit
        Assert.False(record.Overdue);
        Assert.Equal("summary_resolution", record.Clock);
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.Equal(1, await db.AuditEvents.AsNoTracking().CountAsync(e => e.Kind == "complaint.opened" && e.ConversationId == conversation.Id));
    }

    [Fact]
    public async Task AThreatToGoToTradingStandardsOpensAComplaintWithoutTheWordComplaint()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();

        var turn = await conversation.SayAsync("I will be reporting you to Trading Standards on Monday.");

        var complaint = Assert.Single(turn.Signals, s => s.Kind == "complaint");
        Assert.Contains(turn.Signals, s => s.Kind == "legal_threat");
        Assert.False(string.IsNullOrWhiteSpace(complaint.Evidence));
        var record = Assert.Single(await ComplaintsAsync(host));
        Assert.Equal(conversation.Id, record.ConversationId);
        Assert.Equal("signal", record.OpenedBy);
    }

    [Fact]
    public async Task AnAgentMarksAConversationTheAssistantDidNotRecogniseAsAComplaint()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("Where is my order HH-2026-004512?");
        Assert.DoesNotContain(turn.Signals, s => s.Kind == "complaint");
        using var admin = host.Admin();

        var missing = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/complaint", new { summary = " " });
        var marked = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/complaint",
            new { summary = "Order late twice; customer unhappy with the courier's missed slots" });
        var again = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/complaint", new { summary = "again" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, marked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var record = Assert.Single(await ComplaintsAsync(host));
        Assert.NotEqual("signal", record.OpenedBy);
        Assert.Equal("Order late twice; customer unhappy with the courier's missed slots", record.Summary);
    }

    [Fact]
    public async Task TheCustomerCannotMarkOrCloseAComplaintAndResolvingTheConversationLeavesItOpen()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        await conversation.SayAsync(Complaint);
        var record = Assert.Single(await ComplaintsAsync(host));
        using var customer = conversation.Client();

        var close = await customer.PostAsJsonAsync($"/api/v1/complaints/{record.Id}/close", new { resolution = "sorted" });
        var mark = await customer.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/complaint", new { summary = "x" });
        await conversation.SayAsync("Thanks, that's all sorted now");
        using var admin = host.Admin();
        (await admin.PostAsync($"/api/v1/conversations/{conversation.Id}/resolve", null)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, mark.StatusCode);
        Assert.Equal("open", Assert.Single(await ComplaintsAsync(host)).Status);
    }

    [Fact]
    public async Task StaffCloseOnlyOnceTheLetterAndTheOmbudsmanRightsAreRecorded()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        await conversation.SayAsync(Complaint);
        var record = Assert.Single(await ComplaintsAsync(host));
        using var admin = host.Admin();

        var tooSoon = await admin.PostAsJsonAsync($"/api/v1/complaints/{record.Id}/close", new { resolution = "Replacement arm sent" });
        var noRights = await admin.PostAsJsonAsync($"/api/v1/complaints/{record.Id}/final-response", new { });
        var letter = await admin.PostAsJsonAsync($"/api/v1/complaints/{record.Id}/final-response", new { ombudsmanRightsGiven = true });
        var closed = await admin.PostAsJsonAsync($"/api/v1/complaints/{record.Id}/close", new { resolution = "Replacement arm sent and £25 goodwill" });
        var twice = await admin.PostAsJsonAsync($"/api/v1/complaints/{record.Id}/close", new { resolution = "again" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooSoon.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noRights.StatusCode);
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var done = Assert.Single(await ComplaintsAsync(host, "&status=closed"));
        Assert.Equal("Replacement arm sent and £25 goodwill", done.Resolution);
        Assert.NotNull(done.OmbudsmanReferralUntil);
        Assert.All(done.Checklist.Where(c => c.Required), c => Assert.True(c.Done, c.Item));
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        var audit = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Kind == "complaint.closed");
        Assert.Equal("Replacement arm sent and £25 goodwill", JsonDocument.Parse(audit.Payload).RootElement.GetProperty("resolution").GetString());
    }

    [Fact]
    public async Task TheInsightsCountOpenedClosedTimelyAndOverdue()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var answeredQuickly = await host.StartConversationAsync();
        await answeredQuickly.SayAsync(Complaint);
        var forgotten = await host.StartConversationAsync();
        await forgotten.SayAsync("Your driver left my parcel in the rain and it's ruined. I'm making a complaint about this.");
        var records = await ComplaintsAsync(host);
        Assert.Equal(2, records.Count);
        using var admin = host.Admin();
        var quick = records.Single(r => r.ConversationId == answeredQuickly.Id);
        (await admin.PostAsJsonAsync($"/api/v1/complaints/{quick.Id}/summary-resolution", new { ombudsmanRightsGiven = true })).EnsureSuccessStatusCode();

        host.Clock.Advance(TimeSpan.FromDays(60));
        var from = Uri.EscapeDataString(TestClock.OpeningHours.AddDays(-1).ToString("O"));
        var insights = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/insights/complaints?firm=harbour-home&from={from}");
        var overdue = Assert.Single(await ComplaintsAsync(host, "&status=open"), r => r.Overdue);

        Assert.Equal(forgotten.Id, overdue.ConversationId);
        Assert.Equal(2, insights.GetProperty("opened").GetInt32());
        Assert.Equal(0, insights.GetProperty("closed").GetInt32());
        Assert.Equal(1, insights.GetProperty("withinThreeBusinessDays").GetInt32());
        Assert.Equal(1, insights.GetProperty("withinEightWeeks").GetInt32());
        Assert.Equal(1, insights.GetProperty("overdue").GetInt32());
        var bad = await admin.GetAsync(new Uri("/api/v1/insights/complaints?firm=harbour-home&from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}

public sealed class ComplaintsAreRecordsOnlyStaffCloseOnSqlite : ComplaintsAreRecordsOnlyStaffClose
{
    protected override Store Store => Store.Sqlite;
}

public sealed class ComplaintsAreRecordsOnlyStaffCloseOnPostgres : ComplaintsAreRecordsOnlyStaffClose
{
    protected override Store Store => Store.Postgres;
}

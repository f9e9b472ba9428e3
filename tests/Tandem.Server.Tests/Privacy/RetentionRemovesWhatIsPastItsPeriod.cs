using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Audit;
using Tandem.Server.Privacy;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Privacy;

/// <summary>
/// The reference firm keeps transcripts and drafts 2 years and audit payloads 6 years (firm.yaml
/// 'retention'); complaint records hold their conversations for 3 years (FCA DISP 1.9.1).
/// </summary>
public abstract class RetentionRemovesWhatIsPastItsPeriod
{
    protected abstract Store Store { get; }

    private static async Task<RetentionRun> RunAsync(TandemHost host)
    {
        using var admin = host.Admin();
        var response = await admin.PostAsync(new Uri("/api/v1/privacy/retention/run", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RetentionRun>())!;
    }

    private static TandemDbContext Db(TandemHost host) => host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();

    [Fact]
    public async Task AfterTwoYearsTranscriptsGoButAComplaintsConversationStaysUntilItsHoldEnds()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var question = await host.StartConversationAsync();
        await question.SayAsync("How much is delivery on a sofa?");
        var draftOnly = await host.StartConversationAsync();
        Assert.Equal("review", (await draftOnly.SayAsync("Can I swap the grey cushions for the blue ones on my order please?")).Decision);
        var complaint = await host.StartConversationAsync();
        await complaint.SayAsync("The sofa arrived with a ripped arm and nobody has called me back. I want to make a formal complaint.");
        // Settled that week: a closed complaint's record is still kept three years from receipt.
        using (var staff = host.Admin())
        {
            var record = Assert.Single(await Complaints.ComplaintsAreRecordsOnlyStaffClose.ComplaintsAsync(host));
            (await staff.PostAsJsonAsync($"/api/v1/complaints/{record.Id}/final-response", new { ombudsmanRightsGiven = true })).EnsureSuccessStatusCode();
            (await staff.PostAsJsonAsync($"/api/v1/complaints/{record.Id}/close", new { resolution = "New arm fitted by our technician" })).EnsureSuccessStatusCode();
        }

        // A day short of two years: nothing is due.
        host.Clock.Advance(TimeSpan.FromDays(729));
        var early = await RunAsync(host);
        Assert.Equal(0, early.Firms.Single().Conversations);
        Assert.Equal(3, await Db(host).Conversations.CountAsync());

        host.Clock.Advance(TimeSpan.FromDays(2));
        var run = await RunAsync(host);

        var counts = run.Firms.Single();
        Assert.Equal("harbour-home", counts.Firm);
        Assert.Equal(2, counts.Conversations);
        Assert.Equal(1, counts.HeldConversations);
        Assert.True(counts.Messages >= 4);
        Assert.Equal(1, counts.Drafts);
        Assert.Equal(0, counts.AuditPayloadsRedacted); // six years for audit payloads
        var db = Db(host);
        Assert.Equal([complaint.Id], await db.Conversations.Select(c => c.Id).ToListAsync());
        Assert.False(await db.Messages.AnyAsync(m => m.ConversationId == question.Id || m.ConversationId == draftOnly.Id));
        Assert.False(await db.Turns.AnyAsync(t => t.ConversationId == question.Id));
        Assert.False(await db.Drafts.AnyAsync());
        Assert.True(await db.Messages.AnyAsync(m => m.ConversationId == complaint.Id));
        var audit = await db.AuditEvents.AsNoTracking().Where(e => e.Kind == "retention.run").OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(2, audit.Count);
        var payload = JsonDocument.Parse(audit[^1].Payload).RootElement.GetProperty("firms")[0];
        Assert.Equal(2, payload.GetProperty("conversations").GetInt32());
        Assert.Equal("2 years", payload.GetProperty("periods").GetProperty("transcripts").GetString());

        // Past three years from receipt the conversation goes too; the complaint record itself stays.
        host.Clock.Advance(TimeSpan.FromDays(366));
        var later = await RunAsync(host);
        Assert.Equal(1, later.Firms.Single().Conversations);
        Assert.Equal(0, later.Firms.Single().HeldConversations);
        Assert.Equal(1, await Db(host).Complaints.CountAsync());
    }

    [Fact]
    public async Task AfterSixYearsAuditPayloadsAreRedactedAndTheChainStillVerifies()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        await conversation.SayAsync("How much is delivery on a sofa?");
        var before = await Db(host).AuditEvents.AsNoTracking().CountAsync(e => e.ConversationId == conversation.Id);
        Assert.True(before > 0);

        host.Clock.Advance(TimeSpan.FromDays((6 * 365) + 3));
        var run = await RunAsync(host);

        Assert.True(run.Firms.Single().AuditPayloadsRedacted >= before);
        var db = Db(host);
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.ConversationId == conversation.Id).ToListAsync();
        Assert.Equal(before, events.Count); // the events stay, their payloads go
        Assert.All(events, e => Assert.Equal($"retention:{run.RunId:N}", e.RedactedBy));
        Assert.All(events, e => Assert.DoesNotContain("sofa", e.Payload, StringComparison.OrdinalIgnoreCase));
        var verification = await AuditLog.VerifyAsync(db, default);
        Assert.Null(verification.FirstBrokenSequence);
        Assert.Contains(verification.Redacted, r => r.RedactedBy == $"retention:{run.RunId:N}");
    }

    [Fact]
    public async Task OnlyAnAdminMayRunRetention()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        using var customer = conversation.Client();

        var response = await customer.PostAsync(new Uri("/api/v1/privacy/retention/run", UriKind.Relative), null);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
    }
}

public sealed class RetentionRemovesWhatIsPastItsPeriodOnSqlite : RetentionRemovesWhatIsPastItsPeriod
{
    protected override Store Store => Store.Sqlite;
}

public sealed class RetentionRemovesWhatIsPastItsPeriodOnPostgres : RetentionRemovesWhatIsPastItsPeriod
{
    protected override Store Store => Store.Postgres;
}

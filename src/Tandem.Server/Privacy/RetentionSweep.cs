using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Data.Complaints;
using Tandem.Rules.Privacy;
using Tandem.Server.Audit;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;

namespace Tandem.Server.Privacy;

internal sealed class RetentionOptions
{
    public const string Section = "Tandem:Retention";
    /// <summary>Off only for a node that must never delete (a read replica's reporting node, say).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>How often the sweep runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);
    /// <summary>How long after start-up the first sweep runs, so a restart loop cannot hammer the database.</summary>
    public TimeSpan FirstRunAfter { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>What one firm's sweep removed and what it kept because it is held.</summary>
internal sealed record RetentionFirmCounts(
    string Firm, IReadOnlyDictionary<string, string> Periods,
    int Conversations, int Messages, int Turns, int Drafts, int AuditPayloadsRedacted,
    int ConversationEmbeddings, int ProviderPayloadLogs, int HeldConversations);

internal sealed record RetentionRun(Guid RunId, DateTimeOffset At, IReadOnlyList<RetentionFirmCounts> Firms);

/// <summary>
/// Applies each firm's retention periods (firm.yaml 'retention'): deletes transcripts and drafts past
/// their period, and replaces audit payloads past theirs with a redaction notice (the event, its
/// hashes and its place in the chain stay, so the chain still verifies). Conversations under a hold
/// (a complaint record, kept while open and three years from receipt by FCA DISP 1.9.1; an admin's explicit hold) are skipped whole. Each run commits its
/// deletions and one audit event with the counts in one transaction.
/// </summary>
internal sealed class RetentionSweep(IDbContextFactory<TandemDbContext> contexts, FirmRegistry firms, TimeProvider clock)
{
    /// <summary>FCA DISP 1.9.1: complaint records are kept for at least three years from receipt.</summary>
    public static readonly RetentionPeriod ComplaintRecordHold = new(3, PeriodUnit.Years);

    public async Task<RetentionRun> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var runId = Guid.NewGuid();
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var counts = new List<RetentionFirmCounts>();
        foreach (var firm in firms.All)
        {
            counts.Add(await SweepFirmAsync(db, firm.Pack, runId, now, ct));
        }
        var run = new RetentionRun(runId, now, counts);
        db.AuditEvents.Add(AuditLog.Event("retention.run", "system", now, run));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return run;
    }

    private static async Task<RetentionFirmCounts> SweepFirmAsync(TandemDbContext db, FirmPack pack, Guid runId, DateTimeOffset now, CancellationToken ct)
    {
        var policy = pack.Profile.Retention;
        var firmId = pack.Id;
        // Everything erasure would keep, retention keeps too: complaint records within their three
        // years, admins' explicit holds. Asked of every conversation that has anything past a period.
        var oldest = new[] { policy.Transcripts, policy.Drafts, policy.AuditPayloads }.Select(p => p.CutoffBefore(now)).Max();
        var candidates0 = await db.Conversations.AsNoTracking().Where(c => c.FirmId == firmId && c.CreatedAt < oldest).Select(c => c.Id).ToListAsync(ct);
        var holds = await LegalHolds.FindAsync(db, firmId, candidates0, now, ct);
        var held = holds.Where(h => h.Store == HeldStore.Conversation && h.ConversationId is not null).Select(h => h.ConversationId!.Value).ToHashSet();

        // Transcripts: a conversation whose last activity is past the period goes whole, with every
        // row that repeats its words (turns hold the signals' evidence and the draft text).
        var transcriptCutoff = policy.Transcripts.CutoffBefore(now);
        var expired = await db.Conversations.AsNoTracking()
            .Where(c => c.FirmId == firmId && c.UpdatedAt < transcriptCutoff)
            .Select(c => c.Id).ToListAsync(ct);
        expired = [.. expired.Where(id => !held.Contains(id))];
        int messages = 0, turns = 0, drafts = 0;
        foreach (var chunk in expired.Chunk(500))
        {
            messages += await db.Messages.Where(m => chunk.Contains(m.ConversationId)).ExecuteDeleteAsync(ct);
            turns += await db.Turns.Where(t => chunk.Contains(t.ConversationId)).ExecuteDeleteAsync(ct);
            drafts += await db.Drafts.Where(d => chunk.Contains(d.ConversationId)).ExecuteDeleteAsync(ct);
            await db.Reviews.Where(r => chunk.Contains(r.ConversationId)).ExecuteDeleteAsync(ct);
            await db.Handoffs.Where(h => chunk.Contains(h.ConversationId)).ExecuteDeleteAsync(ct);
            await db.ProcedureRuns.Where(p => chunk.Contains(p.ConversationId)).ExecuteDeleteAsync(ct);
            await db.Conversations.Where(c => chunk.Contains(c.Id)).ExecuteDeleteAsync(ct);
        }

        // Drafts on their own period (a firm may keep transcripts longer than unsent drafts).
        var draftCutoff = policy.Drafts.CutoffBefore(now);
        var oldDrafts = await db.Drafts.AsNoTracking()
            .Where(d => d.FirmId == firmId && d.CreatedAt < draftCutoff)
            .Select(d => new { d.Id, d.ConversationId, d.TurnId }).ToListAsync(ct);
        oldDrafts = [.. oldDrafts.Where(d => !held.Contains(d.ConversationId))];
        foreach (var chunk in oldDrafts.Chunk(500))
        {
            var ids = chunk.Select(d => d.Id).ToList();
            var turnIds = chunk.Select(d => d.TurnId).ToList();
            await db.Reviews.Where(r => ids.Contains(r.DraftId)).ExecuteDeleteAsync(ct);
            drafts += await db.Drafts.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(ct);
            await db.Turns.Where(t => turnIds.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.DraftText, (string?)null), ct);
        }

        // Audit payloads: the payload goes, the link stays; audit verify lists the event as redacted by this run.
        var auditCutoff = policy.AuditPayloads.CutoffBefore(now);
        var redactedBy = $"retention:{runId:N}";
        var candidates = await db.AuditEvents.AsNoTracking()
            .Where(e => e.FirmId == firmId && e.CreatedAt < auditCutoff && e.RedactedBy == null)
            .Select(e => new { e.Id, e.ConversationId }).ToListAsync(ct);
        var toRedact = candidates.Where(e => e.ConversationId is not { } c || !held.Contains(c)).Select(e => e.Id).ToList();
        var redacted = 0;
        foreach (var chunk in toRedact.Chunk(500))
        {
            // The same marker erasure writes, so `audit verify` checks and names both alike.
            foreach (var e in await db.AuditEvents.Where(e => chunk.Contains(e.Id)).ToListAsync(ct))
            {
                AuditRedaction.Redact(e, redactedBy);
                redacted++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        var periods = DataClasses.All.ToDictionary(c => c, c => policy.For(c).ToString());
        // Tandem stores no embeddings of conversation text and no provider payload logs today (the
        // embedded model's vectors of a message live only while its turn runs): nothing to remove.
        return new RetentionFirmCounts(firmId, periods, expired.Count, messages, turns, drafts, redacted, 0, 0, held.Count);
    }
}

/// <summary>The conversations complaint records hold: while open, and for three years from receipt or closing (FCA DISP 1.9.1).</summary>
internal static class ComplaintRecordHolds
{
    /// <param name="now">The instant the hold is judged at; null (erasure) holds the conversations of every complaint record, whatever its age.</param>
    internal static async Task<HashSet<Guid>> HeldConversationsAsync(TandemDbContext db, string firmId, DateTimeOffset? now, CancellationToken ct)
    {
        var query = db.Complaints.AsNoTracking().Where(c => c.FirmId == firmId);
        if (now is { } at)
        {
            // DISP 1.9.1: "at least three years from the date the complaint was received"; an open one is never let go.
            var holdFrom = RetentionSweep.ComplaintRecordHold.CutoffBefore(at);
            query = query.Where(c => c.Status == ComplaintStatus.Open || c.ReceivedAt >= holdFrom);
        }
        var complaints = await query.Select(c => c.LinkedConversationsJson).ToListAsync(ct);
        return [.. complaints.SelectMany(Json.Read<List<Guid>>)];
    }
}

/// <summary>Runs the retention sweep on its schedule. Every run is idempotent, so a missed or repeated run only moves the work.</summary>
internal sealed class RetentionService(RetentionSweep sweep, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }
        var wait = settings.FirstRunAfter;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
                var run = await sweep.RunAsync(stoppingToken);
                logger.LogInformation("Retention run {Run}: {Conversations} conversations, {Drafts} drafts removed, {Audit} audit payloads redacted",
                    run.RunId, run.Firms.Sum(f => f.Conversations), run.Firms.Sum(f => f.Drafts), run.Firms.Sum(f => f.AuditPayloadsRedacted));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // Nothing was committed (one transaction); the next run does the same work.
                logger.LogError(ex, "The retention run failed; it will run again at the next interval");
            }
            wait = settings.Interval;
        }
    }
}

internal static class PrivacyServiceCollectionExtensions
{
    /// <summary>Retention (the scheduled sweep) and the data map.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.Section));
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<DataMap>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}

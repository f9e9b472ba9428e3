using Microsoft.EntityFrameworkCore;
using Tandem.Data.Access;
using Tandem.Data.Actions;
using Tandem.Data.Audit;
using Tandem.Data.Conversations;
using Tandem.Data.Firms;
using Tandem.Data.Knowledge;
using Tandem.Data.Privacy;
using Tandem.Data.Procedures;
using Tandem.Rules.Audit;

namespace Tandem.Data;

public sealed class TandemDbContext(DbContextOptions<TandemDbContext> options) : DbContext(options)
{
    // One writer at a time extends the chain in this process; across nodes the unique sequence
    // index turns a race into a retry.
    private static readonly SemaphoreSlim ChainLock = new(1, 1);

    public DbSet<Firm> Firms => Set<Firm>();
    public DbSet<TopicSetting> TopicSettings => Set<TopicSetting>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Turn> Turns => Set<Turn>();
    public DbSet<Draft> Drafts => Set<Draft>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<Handoff> Handoffs => Set<Handoff>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<StaffAccount> StaffAccounts => Set<StaffAccount>();
    public DbSet<ActionCall> ActionCalls => Set<ActionCall>();
    public DbSet<CommerceOrder> CommerceOrders => Set<CommerceOrder>();
    public DbSet<KnowledgeSource> KnowledgeSources => Set<KnowledgeSource>();
    public DbSet<KnowledgePassage> KnowledgePassages => Set<KnowledgePassage>();
    public DbSet<ProcedureRun> ProcedureRuns => Set<ProcedureRun>();
    public DbSet<Complaints.Complaint> Complaints => Set<Complaints.Complaint>();
    public DbSet<PrivacyRequest> PrivacyRequests => Set<PrivacyRequest>();
    public DbSet<LegalHold> LegalHolds => Set<LegalHold>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TandemDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (IsSqlite)
        {
            // SQLite has no date type, and EF cannot order or compare DateTimeOffset stored as text.
            // Unix milliseconds sort and compare correctly.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        }
        else
        {
            // PostgreSQL timestamptz accepts only UTC offsets from Npgsql.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        }
    }

    private async Task<bool> ChainMovedAsync(long expectedHead, CancellationToken ct) =>
        await AuditEvents.AsNoTracking().AnyAsync(e => e.Sequence > expectedHead, ct);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: the audit chain is extended asynchronously.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var pending = ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .ToList();
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await ChainLock.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var head = await AuditEvents.AsNoTracking()
                    .OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash })
                    .FirstOrDefaultAsync(cancellationToken);
                var sequence = head?.Sequence ?? 0;
                var previous = head?.Hash ?? AuditChain.Genesis;
                foreach (var e in pending)
                {
                    e.Sequence = ++sequence;
                    // Stored precision differs by provider; hash what survives the round trip.
                    e.CreatedAt = new DateTimeOffset(e.CreatedAt.UtcTicks - (e.CreatedAt.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
                    e.PayloadHash = AuditChain.HashPayload(e.Payload);
                    e.PrevHash = previous;
                    e.Hash = AuditChain.HashLink(new ChainLink(e.Sequence, e.Kind, e.Actor, e.CreatedAt, e.PayloadHash, e.PrevHash));
                    previous = e.Hash;
                }
                try
                {
                    return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                }
                catch (DbUpdateException) when (attempt < 5)
                {
                    // Only a race with another node on the chain's head is worth retrying.
                    if (!await ChainMovedAsync(head?.Sequence ?? 0, cancellationToken))
                    {
                        throw;
                    }
                }
            }
        }
        finally
        {
            ChainLock.Release();
        }
    }
}

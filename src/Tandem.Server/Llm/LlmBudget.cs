using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Audit;
using Tandem.Data.Llm;
using Tandem.Server.Audit;
using Tandem.Server.Firms;
using Tandem.Server.Insights;

namespace Tandem.Server.Llm;

internal enum BudgetState
{
    /// <summary>Below the warning share (or no budget is set).</summary>
    Ok,
    /// <summary>At or past the warning share, below the limit: the model still answers.</summary>
    Warning,
    /// <summary>At or past the limit: the responder must fall back to the embedded one until the month ends.</summary>
    Stopped,
}

/// <summary>A firm's language-model spending in the current calendar month (UTC), against its budget.</summary>
/// <param name="Spent">Pounds spent this month, from the recorded usage.</param>
/// <param name="Limit">The monthly limit in pounds; null when the firm has no budget.</param>
/// <param name="Reason">One sentence for logs, the audit record and the admin.</param>
internal sealed record BudgetCheck(BudgetState State, decimal Spent, decimal? Limit, string Reason)
{
    /// <summary>The first instant of the month checked (UTC).</summary>
    public required DateTimeOffset MonthStart { get; init; }
    /// <summary>The warning share of the limit; null when the firm has no budget.</summary>
    public decimal? WarnAt { get; init; }
    /// <summary>Token counts for the month, so the responder can log them with the decision.</summary>
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
}

/// <summary>One provider call to record, with the token counts from the provider's usage fields.</summary>
internal sealed record LlmUsageRecord(
    string FirmId,
    Guid? ConversationId,
    Guid? TurnId,
    string? Topic,
    string Provider,
    string Model,
    long InputTokens,
    long OutputTokens,
    DateTimeOffset At);

/// <summary>
/// Counts what the language model costs each firm and enforces its monthly budget (firm.yaml
/// <c>llm_budget</c>). The month is the calendar month in UTC, the same for every firm whatever its
/// time zone, so a month's total never depends on where the server or the firm is.
/// </summary>
internal sealed class LlmBudget(FirmRegistry firms, LlmTokenMetrics metrics)
{
    public const string WarningEvent = "llm.budget.warning";
    public const string StoppedEvent = "llm.budget.stopped";

    // What this unit of work knows about each firm's month: the spend including calls recorded but not
    // yet saved, and whether the warning and stop are already audited. Keyed by DbContext so a turn that
    // is rolled back and retried on a fresh context starts again from the database.
    private readonly ConditionalWeakTable<TandemDbContext, Dictionary<(string Firm, DateTimeOffset Month), MonthState>> _units = [];

    private sealed class MonthState
    {
        public long SpentMicros { get; set; }
        public long InputTokens { get; set; }
        public long OutputTokens { get; set; }
        public bool Warned { get; set; }
        public bool Stopped { get; set; }
    }

    public static DateTimeOffset MonthStart(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Call before each provider call: a Stopped answer means use the embedded responder.</summary>
    public async Task<BudgetCheck> CheckAsync(TandemDbContext db, string firmId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var month = MonthStart(now);
        var state = await LoadAsync(db, firmId, month, ct);
        Remember(db, firmId, month, state);
        return Describe(Settings(firmId), state, month);
    }

    /// <summary>
    /// Adds the usage row to the caller's unit of work, so it commits (or not) with the turn, and the
    /// audit event when this call takes the firm past its warning share or its limit for the first time
    /// this month. The tokens count in the metrics at once: the provider has spent them either way.
    /// </summary>
    public void Record(TandemDbContext db, LlmUsageRecord usage)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.InputTokens < 0 || usage.OutputTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(usage), "Token counts cannot be negative.");
        }
        var settings = Settings(usage.FirmId);
        var month = MonthStart(usage.At);
        var state = Known(db, usage.FirmId, month) ?? Remember(db, usage.FirmId, month, Load(db, usage.FirmId, month));
        var cost = settings?.CostMicros(usage.InputTokens, usage.OutputTokens) ?? 0;

        db.Set<LlmUsage>().Add(new LlmUsage
        {
            Id = Guid.NewGuid(),
            FirmId = usage.FirmId,
            ConversationId = usage.ConversationId,
            TurnId = usage.TurnId,
            Topic = usage.Topic,
            Provider = usage.Provider,
            Model = usage.Model,
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            CostMicros = cost,
            At = usage.At,
        });
        metrics.Record(usage);
        state.SpentMicros += cost;
        state.InputTokens += usage.InputTokens;
        state.OutputTokens += usage.OutputTokens;

        if (settings is null)
        {
            return;
        }
        // A single expensive call can cross both lines; each is audited once a month.
        if (!state.Warned && state.SpentMicros >= settings.WarnMicros)
        {
            state.Warned = true;
            db.AuditEvents.Add(BudgetEvent(WarningEvent, usage, settings, state, month));
        }
        if (!state.Stopped && state.SpentMicros >= settings.LimitMicros)
        {
            state.Stopped = true;
            db.AuditEvents.Add(BudgetEvent(StoppedEvent, usage, settings, state, month));
        }
    }

    private LlmBudgetSettings? Settings(string firmId) => firms.Find(firmId)?.Pack.Profile.LlmBudget;

    private MonthState? Known(TandemDbContext db, string firmId, DateTimeOffset month) =>
        _units.TryGetValue(db, out var months) && months.TryGetValue((firmId, month), out var state) ? state : null;

    private MonthState Remember(TandemDbContext db, string firmId, DateTimeOffset month, MonthState state)
    {
        _units.GetOrCreateValue(db)[(firmId, month)] = state;
        return state;
    }

    private static async Task<MonthState> LoadAsync(TandemDbContext db, string firmId, DateTimeOffset month, CancellationToken ct)
    {
        var end = month.AddMonths(1);
        var usage = db.Set<LlmUsage>().AsNoTracking().Where(u => u.FirmId == firmId && u.At >= month && u.At < end);
        var totals = await usage.GroupBy(_ => 1)
            .Select(g => new { Cost = g.Sum(u => u.CostMicros), In = g.Sum(u => u.InputTokens), Out = g.Sum(u => u.OutputTokens) })
            .FirstOrDefaultAsync(ct);
        var audited = await AuditedKinds(db, firmId, month, end).ToListAsync(ct);
        return WithPending(db, firmId, month, end, totals?.Cost ?? 0, totals?.In ?? 0, totals?.Out ?? 0, audited);
    }

    // Record is synchronous so it can sit anywhere in the caller's turn; it reads the database only when
    // no CheckAsync on this unit of work has told it the month's figures already.
    private static MonthState Load(TandemDbContext db, string firmId, DateTimeOffset month)
    {
        var end = month.AddMonths(1);
        var usage = db.Set<LlmUsage>().AsNoTracking().Where(u => u.FirmId == firmId && u.At >= month && u.At < end);
        var totals = usage.GroupBy(_ => 1)
            .Select(g => new { Cost = g.Sum(u => u.CostMicros), In = g.Sum(u => u.InputTokens), Out = g.Sum(u => u.OutputTokens) })
            .FirstOrDefault();
        var audited = AuditedKinds(db, firmId, month, end).ToList();
        return WithPending(db, firmId, month, end, totals?.Cost ?? 0, totals?.In ?? 0, totals?.Out ?? 0, audited);
    }

    private static IQueryable<string> AuditedKinds(TandemDbContext db, string firmId, DateTimeOffset month, DateTimeOffset end) =>
        db.AuditEvents.AsNoTracking()
            .Where(e => e.FirmId == firmId && (e.Kind == WarningEvent || e.Kind == StoppedEvent) && e.CreatedAt >= month && e.CreatedAt < end)
            .Select(e => e.Kind)
            .Distinct();

    /// <summary>Adds what this unit of work has recorded but not saved yet (an earlier tool round of the same turn).</summary>
    private static MonthState WithPending(TandemDbContext db, string firmId, DateTimeOffset month, DateTimeOffset end,
        long cost, long input, long output, List<string> audited)
    {
        var pending = db.ChangeTracker.Entries<LlmUsage>()
            .Where(e => e.State == EntityState.Added && e.Entity.FirmId == firmId && e.Entity.At >= month && e.Entity.At < end)
            .Select(e => e.Entity)
            .ToList();
        var pendingKinds = db.ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added && e.Entity.FirmId == firmId && e.Entity.CreatedAt >= month && e.Entity.CreatedAt < end)
            .Select(e => e.Entity.Kind);
        var kinds = audited.Concat(pendingKinds).ToHashSet(StringComparer.Ordinal);
        return new MonthState
        {
            SpentMicros = cost + pending.Sum(u => u.CostMicros),
            InputTokens = input + pending.Sum(u => u.InputTokens),
            OutputTokens = output + pending.Sum(u => u.OutputTokens),
            Warned = kinds.Contains(WarningEvent),
            Stopped = kinds.Contains(StoppedEvent),
        };
    }

    private static BudgetCheck Describe(LlmBudgetSettings? settings, MonthState state, DateTimeOffset month)
    {
        var spent = Pounds(state.SpentMicros);
        var monthName = month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        if (settings is null)
        {
            return new BudgetCheck(BudgetState.Ok, spent, null, $"No language-model budget is set for this firm (firm.yaml llm_budget); no limit applies in {monthName} (UTC).")
            {
                MonthStart = month,
                InputTokens = state.InputTokens,
                OutputTokens = state.OutputTokens,
            };
        }
        var limit = settings.MonthlyLimit;
        var nextMonth = month.AddMonths(1).ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var warnPercent = (settings.WarnAt * 100).ToString("0.#", CultureInfo.InvariantCulture);
        var (status, reason) = state.SpentMicros >= settings.LimitMicros
            ? (BudgetState.Stopped, $"The {Money(limit)} language-model budget for {monthName} (UTC) is spent ({Money(spent)}): the embedded responder answers until {nextMonth}.")
            : state.SpentMicros >= settings.WarnMicros
                ? (BudgetState.Warning, $"{Money(spent)} of the {Money(limit)} language-model budget is spent in {monthName} (UTC), past the {warnPercent} % warning.")
                : (BudgetState.Ok, $"{Money(spent)} of the {Money(limit)} language-model budget is spent in {monthName} (UTC).");
        return new BudgetCheck(status, spent, limit, reason)
        {
            MonthStart = month,
            WarnAt = settings.WarnAt,
            InputTokens = state.InputTokens,
            OutputTokens = state.OutputTokens,
        };
    }

    private static AuditEvent BudgetEvent(string kind, LlmUsageRecord usage, LlmBudgetSettings settings, MonthState state, DateTimeOffset month) =>
        AuditLog.Event(kind, "system", usage.At, new
        {
            month = month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            spent = Pounds(state.SpentMicros),
            limit = settings.MonthlyLimit,
            warnAt = settings.WarnAt,
            currency = "GBP",
            provider = usage.Provider,
            model = usage.Model,
        }, usage.FirmId, usage.ConversationId, usage.TurnId);

    public static decimal Pounds(long micros) => micros / 1_000_000m;

    private static string Money(decimal pounds) => "£" + Math.Round(pounds, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
}

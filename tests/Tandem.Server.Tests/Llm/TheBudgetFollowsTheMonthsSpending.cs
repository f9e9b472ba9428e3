using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Audit;
using Tandem.Server.Llm;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Llm;

/// <summary>
/// Ok below the warning share, Warning from it, Stopped at the limit; each line audited once a month;
/// a new calendar month (UTC) starts from nothing.
/// </summary>
public abstract class TheBudgetFollowsTheMonthsSpending
{
    protected abstract Store Store { get; }

    // 23:30 UTC on 30 June 2026 is already 00:30 on 1 July in London: the budget's month is June (UTC).
    private static readonly DateTimeOffset LastHalfHourOfJune = new(2026, 6, 30, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task SpendingMovesFromOkToWarningToStoppedAndTheNextMonthStartsAgain()
    {
        await using var host = await LlmUsageHost.StartAsync(Store, LastHalfHourOfJune);

        var fresh = await LlmUsageHost.CheckAsync(host);
        Assert.Equal((BudgetState.Ok, 0m, 0.05m), (fresh.State, fresh.Spent, fresh.Limit));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), fresh.MonthStart);

        for (var turn = 0; turn < 3; turn++)
        {
            await LlmUsageHost.RecordTurnAsync(host);
        }
        var belowWarning = await LlmUsageHost.CheckAsync(host);
        Assert.Equal(BudgetState.Ok, belowWarning.State);
        Assert.Equal(0.03024m, belowWarning.Spent);
        Assert.Equal((9_000, 900), (belowWarning.InputTokens, belowWarning.OutputTokens));
        Assert.Empty(await LlmUsageHost.BudgetEventsAsync(host));

        await LlmUsageHost.RecordTurnAsync(host);
        var warning = await LlmUsageHost.CheckAsync(host);
        Assert.Equal(BudgetState.Warning, warning.State);
        Assert.Equal(0.04032m, warning.Spent);
        Assert.Contains("past the 80 % warning", warning.Reason, StringComparison.Ordinal);
        Assert.Contains("June 2026 (UTC)", warning.Reason, StringComparison.Ordinal);

        await LlmUsageHost.RecordTurnAsync(host);
        var stopped = await LlmUsageHost.CheckAsync(host);
        Assert.Equal(BudgetState.Stopped, stopped.State);
        Assert.Equal(0.0504m, stopped.Spent);
        Assert.Contains("embedded responder answers until 1 July 2026", stopped.Reason, StringComparison.Ordinal);

        // Calls already under way when the stop came are still counted, but nothing is audited twice.
        await LlmUsageHost.RecordTurnAsync(host);
        Assert.Equal(BudgetState.Stopped, (await LlmUsageHost.CheckAsync(host)).State);
        Assert.Equal([LlmBudget.WarningEvent, LlmBudget.StoppedEvent], await LlmUsageHost.BudgetEventsAsync(host));

        host.Clock.Advance(TimeSpan.FromHours(1));
        var july = await LlmUsageHost.CheckAsync(host);
        Assert.Equal((BudgetState.Ok, 0m), (july.State, july.Spent));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), july.MonthStart);

        // July's own warning is July's: audited again, once.
        for (var turn = 0; turn < 4; turn++)
        {
            await LlmUsageHost.RecordTurnAsync(host);
        }
        Assert.Equal(BudgetState.Warning, (await LlmUsageHost.CheckAsync(host)).State);
        Assert.Equal([LlmBudget.WarningEvent, LlmBudget.StoppedEvent, LlmBudget.WarningEvent], await LlmUsageHost.BudgetEventsAsync(host));
    }

    [Fact]
    public async Task TheWarningIsAuditedWithTheMonthAndFiguresAndTheChainStillVerifies()
    {
        await using var host = await LlmUsageHost.StartAsync(Store, LastHalfHourOfJune);

        // One long call (a big order history pasted in) crosses both lines at once.
        await LlmUsageHost.RecordTurnAsync(host, input: 20_000, output: 1_000);

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var events = db.AuditEvents.Where(e => e.Kind.StartsWith("llm.budget.")).OrderBy(e => e.Sequence).ToList();
        Assert.Equal([LlmBudget.WarningEvent, LlmBudget.StoppedEvent], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal("harbour-home", e.FirmId));
        using var payload = System.Text.Json.JsonDocument.Parse(events[1].Payload);
        Assert.Equal("2026-06", payload.RootElement.GetProperty("month").GetString());
        Assert.Equal(0.0576m, payload.RootElement.GetProperty("spent").GetDecimal());
        Assert.Equal(0.05m, payload.RootElement.GetProperty("limit").GetDecimal());
        Assert.Equal("GBP", payload.RootElement.GetProperty("currency").GetString());
        Assert.True((await AuditLog.VerifyAsync(db, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task CallsOfOneTurnNotYetSavedCountTowardsTheBudget()
    {
        await using var host = await LlmUsageHost.StartAsync(Store, LastHalfHourOfJune);
        for (var turn = 0; turn < 3; turn++)
        {
            await LlmUsageHost.RecordTurnAsync(host);
        }

        // Two tool rounds in one turn: the second check sees the first round before the turn commits.
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var budget = scope.ServiceProvider.GetRequiredService<LlmBudget>();
        var now = host.Clock.GetUtcNow();
        Assert.Equal(BudgetState.Ok, (await budget.CheckAsync(db, "harbour-home", now, CancellationToken.None)).State);
        budget.Record(db, new LlmUsageRecord("harbour-home", null, Guid.NewGuid(), "returns", "openai", "gpt-4o-mini", 3_000, 300, now));
        var secondRound = await budget.CheckAsync(db, "harbour-home", now, CancellationToken.None);
        Assert.Equal(BudgetState.Warning, secondRound.State);
        budget.Record(db, new LlmUsageRecord("harbour-home", null, Guid.NewGuid(), "returns", "openai", "gpt-4o-mini", 3_000, 300, now));
        await db.SaveChangesAsync();

        Assert.Equal([LlmBudget.WarningEvent, LlmBudget.StoppedEvent], await LlmUsageHost.BudgetEventsAsync(host));
    }

    [Fact]
    public async Task AFirmWithoutABudgetIsNeverStoppedButItsTokensAreCounted()
    {
        await using var host = await TandemHost.StartAsync(Store, LastHalfHourOfJune);

        await LlmUsageHost.RecordTurnAsync(host, input: 5_000_000, output: 500_000);

        var check = await LlmUsageHost.CheckAsync(host);
        Assert.Equal((BudgetState.Ok, 0m, (decimal?)null), (check.State, check.Spent, check.Limit));
        Assert.Equal((5_000_000, 500_000), (check.InputTokens, check.OutputTokens));
        Assert.Contains("No language-model budget is set", check.Reason, StringComparison.Ordinal);
        Assert.Empty(await LlmUsageHost.BudgetEventsAsync(host));
    }
}

public sealed class TheBudgetFollowsTheMonthsSpendingOnSqlite : TheBudgetFollowsTheMonthsSpending
{
    protected override Store Store => Store.Sqlite;
}

public sealed class TheBudgetFollowsTheMonthsSpendingOnPostgres : TheBudgetFollowsTheMonthsSpending
{
    protected override Store Store => Store.Postgres;
}

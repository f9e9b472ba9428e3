using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Llm;
using Tandem.Server.Access;
using Tandem.Server.Firms;
using Tandem.Server.Insights;

namespace Tandem.Server.Llm;

/// <summary>Tokens and cost over a window: in total, per turn, by topic and by day (UTC).</summary>
internal sealed record LlmUsageFigures(int Calls, int Turns, long InputTokens, long OutputTokens, decimal Cost,
    double? InputTokensPerTurn, double? OutputTokensPerTurn);

internal sealed record LlmTopicUsage(string? Topic, LlmUsageFigures Usage);

internal sealed record LlmDayUsage(DateOnly Day, LlmUsageFigures Usage);

internal sealed record LlmBudgetStatus(string State, string Month, decimal Spent, decimal? Limit, decimal? WarnAt, string Reason);

internal sealed record LlmUsageReport(
    string Firm,
    DateTimeOffset From,
    DateTimeOffset To,
    string Currency,
    LlmUsageFigures Total,
    IReadOnlyList<LlmTopicUsage> ByTopic,
    IReadOnlyList<LlmDayUsage> ByDay,
    LlmBudgetStatus Budget);

internal static class LlmUsageEndpoints
{
    public static IEndpointRouteBuilder MapLlmUsageEndpoints(this IEndpointRouteBuilder app)
    {
        // Admins, as for the other insights: cost is the firm's business, not the inbox's.
        var admin = app.MapGroup("/api/v1/insights").WithTags("Insights").RequireAuthorization(Policies.Admin);
        admin.MapGet("/llm-usage", UsageAsync).WithSummary(
            "Language-model tokens and cost for a firm over [from, to) (default: this calendar month, UTC, so far): totals, per turn, by topic and by UTC day, with this month's budget state (ok, warning, stopped). Money in GBP. docs/llm-privacy.md.");
        return app;
    }

    private static async Task<Results<Ok<LlmUsageReport>, ProblemHttpResult>> UsageAsync(
        string? firm, DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user, FirmRegistry firms,
        TandemDbContext db, LlmBudget budget, TimeProvider clock, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var now = clock.GetUtcNow();
        var end = (to ?? now).ToUniversalTime();
        var start = (from ?? LlmBudget.MonthStart(now)).ToUniversalTime();
        if (start >= end)
        {
            return TypedResults.Problem(title: "empty window", detail: "`from` must be before `to` (the window is [from, to)).", statusCode: StatusCodes.Status400BadRequest);
        }
        if (end - start > TimeSpan.FromDays(400))
        {
            return TypedResults.Problem(title: "window too long", detail: "Ask for at most 400 days at a time.", statusCode: StatusCodes.Status400BadRequest);
        }

        var rows = await db.Set<LlmUsage>().AsNoTracking()
            .Where(u => u.FirmId == firm && u.At >= start && u.At < end)
            .Select(u => new UsageRow(u.TurnId, u.Topic, u.At, u.InputTokens, u.OutputTokens, u.CostMicros))
            .ToListAsync(ct);
        var check = await budget.CheckAsync(db, firm!, now, ct);

        var byTopic = rows.GroupBy(r => r.Topic)
            .Select(g => new LlmTopicUsage(g.Key, Figures([.. g])))
            .OrderByDescending(t => t.Usage.InputTokens + t.Usage.OutputTokens)
            .ThenBy(t => t.Topic, StringComparer.Ordinal)
            .ToList();
        var byDay = rows.GroupBy(r => DateOnly.FromDateTime(r.At.UtcDateTime))
            .Select(g => new LlmDayUsage(g.Key, Figures([.. g])))
            .OrderBy(d => d.Day)
            .ToList();
        var status = new LlmBudgetStatus(
            check.State.ToString().ToLowerInvariant(),
            check.MonthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            check.Spent, check.Limit, check.WarnAt, check.Reason);
        return TypedResults.Ok(new LlmUsageReport(firm!, start, end, "GBP", Figures(rows), byTopic, byDay, status));
    }

    private sealed record UsageRow(Guid? TurnId, string? Topic, DateTimeOffset At, long InputTokens, long OutputTokens, long CostMicros);

    private static LlmUsageFigures Figures(IReadOnlyList<UsageRow> rows)
    {
        // A turn with several tool rounds makes several calls; per-turn figures are over distinct turns.
        var turns = rows.Where(r => r.TurnId is not null).Select(r => r.TurnId).Distinct().Count();
        var input = rows.Sum(r => r.InputTokens);
        var output = rows.Sum(r => r.OutputTokens);
        return new LlmUsageFigures(
            rows.Count, turns, input, output,
            LlmBudget.Pounds(rows.Sum(r => r.CostMicros)),
            turns == 0 ? null : Math.Round((double)rows.Where(r => r.TurnId is not null).Sum(r => r.InputTokens) / turns, 1),
            turns == 0 ? null : Math.Round((double)rows.Where(r => r.TurnId is not null).Sum(r => r.OutputTokens) / turns, 1));
    }
}

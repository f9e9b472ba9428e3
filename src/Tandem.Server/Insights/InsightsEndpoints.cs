using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Microsoft.EntityFrameworkCore;
using Tandem.Server.Access;
using Tandem.Server.Audit;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;

namespace Tandem.Server.Insights;

internal static class InsightsEndpoints
{
    public static IEndpointRouteBuilder MapInsightsEndpoints(this IEndpointRouteBuilder app)
    {
        // Read-only figures: viewers (a firm's owner, an auditor) may read them as well as agents and admins.
        var admin = app.MapGroup("/api/v1").WithTags("Insights").RequireAuthorization(Policies.Reader);
        admin.MapGet("/metrics", MetricsAsync).WithSummary(
            "Support metrics for a firm over [from, to), optionally one topic and channel: override rate with its 95% Wilson upper bound, escalation, complaints on AI- vs human-handled conversations, resolution (confirmed / assumed), repeat contact within 7 days, first-response and resolution times, CSAT (null: not collected); each also split vulnerable / others. Definitions: docs/metrics.md.");
        // Everyone on the firm's staff may read the dashboard, viewers included: it shows figures, never a customer's words.
        var readers = app.MapGroup("/api/v1/insights").WithTags("Insights").RequireAuthorization(InsightsPolicies.Reader);
        readers.MapGet("", DashboardAsync).WithSummary(
            "The insights dashboard for a firm over whole days in its time zone (from/to as yyyy-MM-dd, both included; or the last `days`, default 30): override rate by day and topic, escalation and complaints assistant vs person, the resolution ledger, first-response and resolution times (median, p90), CSAT, volumes by topic, channel and day, and the vulnerable-customers cohort beside the rest. Definitions: docs/metrics.md.");
        readers.MapGet("/{table}.csv", CsvAsync).WithSummary(
            "One table of the insights dashboard as CSV (text/csv, header row first): override-rate-by-day, handling, resolution-ledger, response-times, csat, volume-by-topic, volume-by-channel, volume-by-day, vulnerable-cohort. Same parameters as GET /api/v1/insights.");
        // The console's download links: the same export under the staff cookie (paths under /api take bearer tokens only).
        app.MapGet("/insights/export/{table}.csv", CsvAsync).RequireAuthorization(InsightsPolicies.Reader).ExcludeFromDescription();

        app.MapPost("/api/v1/conversations/{id}/csat", RateAsync).WithTags("Conversations").RequireAuthorization(Policies.ConversationCustomer)
            .WithSummary("The customer rates the conversation, {\"score\": 1-5} (5 = very satisfied), with the conversation's token. A later rating replaces an earlier one.");
        admin.MapGet("/readiness", ReadinessAsync).WithSummary(
            "Autonomy readiness of each of a firm's topics over the last 30 or 60 days: eligible or not, reviewed drafts, overrides, rate and 95% Wilson upper bound, serious errors, complaint rates, and the reasons as codes and sentences.");
        return app;
    }

    private static async Task<Results<Ok<MetricsResponse>, ProblemHttpResult>> MetricsAsync(
        string? firm, DateTimeOffset? from, DateTimeOffset? to, string? topic, string? channel,
        ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, TimeProvider clock, IOptions<ReadinessOptions> options, CancellationToken ct)
    {
        if (FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var now = clock.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end - TimeSpan.FromDays(30);
        if (start >= end)
        {
            return TypedResults.Problem(title: "empty window", detail: "`from` must be before `to` (the window is [from, to)).", statusCode: StatusCodes.Status400BadRequest);
        }
        var data = await InsightsData.LoadAsync(db, firm!, start, end, now, ct);
        return TypedResults.Ok(Metrics.Compute(firm!, start, end, Empty(topic), Empty(channel), data, options.Value.SubstantialEditThreshold));
    }

    private static async Task<Results<Ok<ReadinessReport>, ProblemHttpResult>> ReadinessAsync(
        string? firm, int? days, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, TimeProvider clock,
        IOptions<ReadinessOptions> options, CancellationToken ct)
    {
        if (FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var window = days ?? 60;
        if (window is not (30 or 60))
        {
            return TypedResults.Problem(title: "days must be 30 or 60", detail: "Readiness is judged over the last 30 or 60 days.", statusCode: StatusCodes.Status400BadRequest);
        }
        var pack = firms.Find(firm)!.Pack;
        return TypedResults.Ok(await ReadinessReports.BuildAsync(db, firm!, [.. pack.Topics.Select(t => t.Id)],
            pack.Policy.NeverAutonomousTopics, options.Value, window, clock.GetUtcNow(), ct));
    }

    private static async Task<Results<Ok<InsightsDashboard>, ProblemHttpResult>> DashboardAsync(
        string? firm, DateOnly? from, DateOnly? to, int? days, ClaimsPrincipal user, FirmRegistry firms, InsightsQuery insights, CancellationToken ct)
    {
        if (FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var (start, end, rangeProblem) = InsightsQuery.Resolve(new InsightsRange(from, to, days), insights.Today(firm!));
        if (rangeProblem is not null)
        {
            return TypedResults.Problem(title: "invalid date range", detail: rangeProblem, statusCode: StatusCodes.Status400BadRequest);
        }
        return TypedResults.Ok(await insights.BuildAsync(firm!, start, end, ct));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CsvAsync(
        string table, string? firm, DateOnly? from, DateOnly? to, int? days, ClaimsPrincipal user, FirmRegistry firms, InsightsQuery insights, CancellationToken ct)
    {
        if (!InsightsTables.Ids.Contains(table))
        {
            return TypedResults.Problem(title: "unknown table", detail: $"There is no table '{table}'. Tables: {string.Join(", ", InsightsTables.Ids)}.", statusCode: StatusCodes.Status404NotFound);
        }
        if (FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var (start, end, rangeProblem) = InsightsQuery.Resolve(new InsightsRange(from, to, days), insights.Today(firm!));
        if (rangeProblem is not null)
        {
            return TypedResults.Problem(title: "invalid date range", detail: rangeProblem, statusCode: StatusCodes.Status400BadRequest);
        }
        var dashboard = await insights.BuildAsync(firm!, start, end, ct);
        var csv = InsightsTables.ToCsv(InsightsTables.All(dashboard).Single(t => t.Id == table));
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8",
            $"{firm}-{table}-{start:yyyy-MM-dd}-to-{end:yyyy-MM-dd}.csv");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RateAsync(
        Guid id, RateConversationRequest? request, TandemDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (request?.Score is not (>= 1 and <= 5))
        {
            return Problems.BadRequest("score must be 1 to 5", "Send {\"score\": n} with n from 1 (very dissatisfied) to 5 (very satisfied).");
        }
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return Problems.NotFound("conversation not found", $"No conversation {id}.");
        }
        var now = clock.GetUtcNow();
        var before = conversation.CsatScore;
        conversation.CsatScore = request.Score;
        conversation.CsatAt = now;
        db.AuditEvents.Add(AuditLog.Event("conversation.rated", "customer", now, new { score = request.Score, before }, conversation.FirmId, conversation.Id));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The firm must be named, served here, and one the caller's key may see.</summary>
    internal static ProblemHttpResult? FirmProblem(string? firm, ClaimsPrincipal user, FirmRegistry firms)
    {
        if (string.IsNullOrWhiteSpace(firm))
        {
            return TypedResults.Problem(title: "firm is required", detail: "Name the firm, e.g. ?firm=harbour-home.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (firms.Find(firm) is null || !user.CanSeeFirm(firm))
        {
            return TypedResults.Problem(title: "firm not found", detail: $"No firm '{firm}' is served here.", statusCode: StatusCodes.Status404NotFound);
        }
        return null;
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal sealed record RateConversationRequest(int? Score);

internal static class InsightsPolicies
{
    /// <summary>Admin, agent or viewer: anyone on the staff who may read figures.</summary>
    public const string Reader = "insights-reader";
}

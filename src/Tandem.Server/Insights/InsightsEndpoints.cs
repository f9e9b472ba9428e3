using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Server.Access;
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

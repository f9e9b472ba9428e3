using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Data;
using Tandem.Server.Access;
using Tandem.Server.Firms;
using Tandem.Server.Insights;

namespace Tandem.Server.Knowledge.Health;

internal static class KnowledgeHealthEndpoints
{
    public static IEndpointRouteBuilder MapKnowledgeHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/knowledge").WithTags("Knowledge").RequireAuthorization(Policies.Admin);
        admin.MapGet("/health", HealthAsync).WithSummary(
            "The knowledge health report of a firm: contradictions between documents, stale and superseded documents, near-duplicates, and coverage gaps (customer questions of this server's turns whose best passage scored below the answer threshold, clustered by meaning), with a verdict.");
        return app;
    }

    private static async Task<Results<Ok<KnowledgeHealthReport>, ProblemHttpResult>> HealthAsync(
        string? firm, double? threshold, ClaimsPrincipal user, FirmRegistry firms, KnowledgeHealth health, TandemDbContext db, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        if (threshold is { } t && !(t is >= 0 and <= 1))
        {
            return TypedResults.Problem(title: "threshold out of range", detail: "`threshold` is a retrieval score between 0 and 1.", statusCode: StatusCodes.Status400BadRequest);
        }
        var loaded = firms.Find(firm)!;
        var questions = await CoverageGaps.FromTurnsAsync(db, loaded.Pack.Id, ct);
        return TypedResults.Ok(health.Report(loaded, questions, new KnowledgeHealthOptions { GapThreshold = threshold }));
    }
}

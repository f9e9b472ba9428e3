using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Data;
using Tandem.Data.Access;
using Tandem.Server.Access;
using Tandem.Server.Firms;
using Tandem.Server.Insights;

namespace Tandem.Server.Privacy;

internal static class PrivacyGovernanceEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyGovernanceEndpoints(this IEndpointRouteBuilder app)
    {
        // The data map holds no personal data, only where it goes: a viewer (the firm's data-protection lead, say) may read it.
        var readers = app.MapGroup("/api/v1/privacy").WithTags("Privacy")
            .RequireAuthorization(new AuthorizeAttribute { Roles = $"{StaffRoles.Admin},{StaffRoles.Viewer}" });
        readers.MapGet("/datamap", DataMapAsync).WithSummary(
            "The facts a DPIA needs for a firm: the categories of personal data stored (special category marked), where each is processed (this server, the LLM provider with host, region and whether it may train on the data, each connector), retention per data class, and each topic's degree of human involvement from the live settings.");

        var admin = app.MapGroup("/api/v1/privacy").WithTags("Privacy").RequireAuthorization(Policies.Admin);
        admin.MapPost("/retention/run", RunRetentionAsync).WithSummary(
            "Run the retention sweep now (it also runs daily): deletes transcripts and drafts past their period, redacts audit payloads past theirs, skips held conversations; returns the counts it audited.");
        return app;
    }

    private static async Task<Results<Ok<DataMapReport>, ProblemHttpResult>> DataMapAsync(string? firm, ClaimsPrincipal user, FirmRegistry firms,
        TandemDbContext db, DataMap map, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await map.BuildAsync(db, firms.Find(firm)!.Pack, ct));
    }

    private static async Task<Ok<RetentionRun>> RunRetentionAsync(RetentionSweep sweep, CancellationToken ct) =>
        TypedResults.Ok(await sweep.RunAsync(ct));
}

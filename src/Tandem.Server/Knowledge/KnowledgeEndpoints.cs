using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;

namespace Tandem.Server.Knowledge;

internal static class KnowledgeEndpoints
{
    public static IEndpointRouteBuilder MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        // Citations link here, so customers and agents can read the source an answer came from.
        app.MapGet("/kb/{firm}/{file}", Article).WithTags("Knowledge").AllowAnonymous()
            .WithSummary("A knowledge article of the firm, as plain text (the source a citation points to).");
        return app;
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Article(string firm, string file, FirmRegistry firms)
    {
        var doc = firms.Find(firm)?.Pack.Knowledge.FirstOrDefault(d => d.FileName == file);
        return doc is null
            ? Problems.NotFound("article not found", $"Firm '{firm}' has no knowledge article '{file}'.")
            : TypedResults.Text(doc.Content, "text/plain; charset=utf-8");
    }
}

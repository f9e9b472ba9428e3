using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Server.Access;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;
using Tandem.Server.Insights;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge;

internal sealed record KnowledgeSourceSummary(string File, string Format, string Origin, string Version, DateTimeOffset ImportedAt, long Size, int Passages, string? SupersededBy);

internal sealed record KnowledgePassageView(string Id, string Source, string TitlePath, string Text, string? Question);

internal sealed record KnowledgeSourceDetail(KnowledgeSourceSummary Source, IReadOnlyList<KnowledgePassageView> Passages);

internal sealed record KnowledgeSearchHit(string PassageId, string Source, string TitlePath, double Score);

/// <summary>One query ranked three ways: the database's full-text index alone, the embedded model alone, and the hybrid the turn uses.</summary>
internal sealed record KnowledgeSearchResponse(string Query, string LexicalRanker, IReadOnlyList<KnowledgeSearchHit> Lexical, IReadOnlyList<KnowledgeSearchHit> Dense, IReadOnlyList<KnowledgeSearchHit> Hybrid);

internal static class KnowledgeEndpoints
{
    public static IEndpointRouteBuilder MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        // Citations link here, so customers and agents can read the source an answer came from.
        app.MapGet("/kb/{firm}/{file}", ArticleAsync).WithTags("Knowledge").AllowAnonymous()
            .WithSummary("A knowledge source of the firm (pack or uploaded) as plain text; a PDF as its extracted text. The page a citation links to.");

        var admin = app.MapGroup("/api/v1/firms/{firm}/knowledge").WithTags("Knowledge").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", ListAsync).WithSummary("Every knowledge source of the firm: file, format, origin (pack or upload), version (SHA-256), imported-at, size, passages, superseded-by.");
        admin.MapGet("/search", SearchAsync).WithSummary(
            "Search the firm's knowledge: the database's full-text index (SQLite FTS5 bm25 / PostgreSQL ts_rank_cd), dense (embedded model) and hybrid (what a turn uses) results with scores.");
        admin.MapGet("/{file}", SourceAsync).WithSummary("One knowledge source and its passages.");
        admin.MapPut("/{file}", UploadAsync)
            .Accepts<byte[]>("application/octet-stream", "text/markdown", "text/html", "text/plain", "text/csv", "application/pdf")
            .WithSummary($"Upload or replace a knowledge file: the request body is the file's bytes; the name's extension gives the format ({KnowledgeFiles.Supported}). At most 5 MiB. 201 when new, 200 when replaced or unchanged; answers the stored version.");
        admin.MapPost("/{file}", UploadAsync)
            .Accepts<byte[]>("application/octet-stream", "text/markdown", "text/html", "text/plain", "text/csv", "application/pdf")
            .WithSummary("The same as PUT.");
        admin.MapDelete("/{file}", DeleteAsync).WithSummary("Delete a knowledge source and its passages (audited). A pack file comes back at the next start unless it is removed from the pack.");
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ArticleAsync(string firm, string file, FirmRegistry firms, TandemDbContext db, CancellationToken ct)
    {
        var text = firms.Find(firm) is null
            ? null
            : await db.KnowledgeSources.AsNoTracking().Where(s => s.FirmId == firm && s.FileName == file).Select(s => s.Text).FirstOrDefaultAsync(ct);
        return text is null
            ? Problems.NotFound("article not found", $"Firm '{firm}' has no knowledge article '{file}'.")
            : TypedResults.Text(text, "text/plain; charset=utf-8");
    }

    private static async Task<Results<Ok<List<KnowledgeSourceSummary>>, ProblemHttpResult>> ListAsync(
        string firm, ClaimsPrincipal user, FirmRegistry firms, KnowledgeUploads knowledge, CancellationToken ct) =>
        InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem ? problem : TypedResults.Ok(await knowledge.ListAsync(firm, ct));

    private static async Task<Results<Ok<KnowledgeSourceDetail>, ProblemHttpResult>> SourceAsync(
        string firm, string file, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var source = await db.KnowledgeSources.AsNoTracking().Where(s => s.FirmId == firm && s.FileName == file)
            .Select(s => new KnowledgeSourceSummary(s.FileName, s.Format, s.Origin, s.Hash, s.ImportedAt, s.Size, s.Passages.Count, s.SupersededBy))
            .FirstOrDefaultAsync(ct);
        if (source is null)
        {
            return NoSource(firm, file);
        }
        var passages = await db.KnowledgePassages.AsNoTracking()
            .Where(p => p.FirmId == firm && db.KnowledgeSources.Any(s => s.Id == p.SourceId && s.FirmId == firm && s.FileName == file))
            .OrderBy(p => p.Ordinal)
            .Select(p => new KnowledgePassageView(p.PassageKey, p.CitedSource, p.TitlePath, p.Text, p.Question))
            .ToListAsync(ct);
        return TypedResults.Ok(new KnowledgeSourceDetail(source, passages));
    }

    private static async Task<Results<Created<KnowledgeSourceSummary>, Ok<KnowledgeSourceSummary>, ProblemHttpResult>> UploadAsync(
        string firm, string file, HttpRequest request, ClaimsPrincipal user, FirmRegistry firms, KnowledgeUploads knowledge, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        // Refused before reading a body that is declared too big.
        var bytes = request.ContentLength > KnowledgeFiles.MaxBytes ? null : await ReadBodyAsync(request, ct);
        var change = bytes is null ? KnowledgeUploads.TooLarge(request.ContentLength) : await knowledge.UploadAsync(firm, file, bytes, user.ActorName(), ct);
        if (!change.Ok)
        {
            return TypedResults.Problem(title: change.Title, detail: change.Detail, statusCode: change.Status);
        }
        return change.Created
            ? TypedResults.Created($"/api/v1/firms/{Uri.EscapeDataString(firm)}/knowledge/{Uri.EscapeDataString(file)}", change.Source)
            : TypedResults.Ok(change.Source);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string firm, string file, ClaimsPrincipal user, FirmRegistry firms, KnowledgeUploads knowledge, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        var change = await knowledge.DeleteAsync(firm, file, user.ActorName(), ct);
        return change.Ok ? TypedResults.NoContent() : TypedResults.Problem(title: change.Title, detail: change.Detail, statusCode: change.Status);
    }

    private static async Task<Results<Ok<KnowledgeSearchResponse>, ProblemHttpResult>> SearchAsync(
        string firm, string? q, int? top, ClaimsPrincipal user, FirmRegistry firms, TandemDbContext db, CancellationToken ct)
    {
        if (InsightsEndpoints.FirmProblem(firm, user, firms) is { } problem)
        {
            return problem;
        }
        if (string.IsNullOrWhiteSpace(q))
        {
            return Problems.BadRequest("q is required", "Send the words to search for: ?q=how much is next-day delivery");
        }
        var count = top ?? 5;
        if (count is < 1 or > 50)
        {
            return Problems.BadRequest("top must be 1 to 50", $"top was {count}.");
        }
        var knowledge = firms.Find(firm)!.Knowledge;
        var hits = await FullTextSearch.SearchAsync(db, firm, q, count, ct);
        var ids = hits.Select(h => h.Id).ToList();
        var rows = await db.KnowledgePassages.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.PassageKey, p.CitedSource, p.TitlePath }).ToDictionaryAsync(p => p.Id, ct);
        var lexical = hits.Where(h => rows.ContainsKey(h.Id))
            .Select(h => new KnowledgeSearchHit(rows[h.Id].PassageKey, rows[h.Id].CitedSource, rows[h.Id].TitlePath, Math.Round(h.Score, 4))).ToList();
        var vector = knowledge.Embed(q);
        return TypedResults.Ok(new KnowledgeSearchResponse(q, db.IsSqlite ? "sqlite-fts5-bm25" : "postgresql-ts_rank_cd", lexical,
            Hits(knowledge.Search(q, vector, count, RetrievalMode.Dense)), Hits(knowledge.Search(q, vector, count))));

        static List<KnowledgeSearchHit> Hits(IReadOnlyList<RetrievedPassage> results) =>
            [.. results.Select(r => new KnowledgeSearchHit(r.Passage.Id, r.Passage.Source, r.Passage.TitlePath, r.Score))];
    }

    /// <summary>The body, or null when it is over the limit (a chunked upload has no Content-Length to check first).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > KnowledgeFiles.MaxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ProblemHttpResult NoSource(string firm, string file) =>
        Problems.NotFound("knowledge source not found", $"Firm '{firm}' has no knowledge source '{file}'.");
}

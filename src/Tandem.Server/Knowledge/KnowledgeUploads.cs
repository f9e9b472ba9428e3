using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge;

/// <summary>What an upload or delete came to: the stored source, or a problem (status, title, detail).</summary>
internal sealed record KnowledgeChange(KnowledgeSourceSummary? Source, bool Created, int Status, string? Title = null, string? Detail = null)
{
    public bool Ok => Status < 300;

    public static KnowledgeChange Problem(int status, string title, string detail) => new(null, false, status, title, detail);
}

/// <summary>
/// Listing, uploading and deleting a firm's knowledge files, for the HTTP API and the console page alike.
/// An upload is read, chunked, embedded and stored, and the firm's index is swapped once it is committed.
/// The firm must already be one the caller may see.
/// </summary>
internal sealed class KnowledgeUploads(TandemDbContext db, FirmRegistry firms, ITextEmbedder embedder, TimeProvider clock)
{
    public async Task<List<KnowledgeSourceSummary>> ListAsync(string firm, CancellationToken ct)
    {
        var rows = await db.KnowledgeSources.AsNoTracking().Where(s => s.FirmId == firm)
            .Select(s => new KnowledgeSourceSummary(s.FileName, s.Format, s.Origin, s.Hash, s.ImportedAt, s.Size, s.Passages.Count, s.SupersededBy))
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.File, StringComparer.Ordinal)];
    }

    public async Task<KnowledgeChange> UploadAsync(string firm, string file, byte[] bytes, string actor, CancellationToken ct)
    {
        if (NameProblem(file) is { } nameProblem)
        {
            return nameProblem;
        }
        if (KnowledgeFiles.FormatOf(file) is null)
        {
            return KnowledgeChange.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported file type",
                $"'{file}' is not a supported knowledge file: expected {KnowledgeFiles.Supported}. The file name's extension gives the format.");
        }
        if (bytes.Length > KnowledgeFiles.MaxBytes)
        {
            return TooLarge(bytes.Length);
        }
        var (document, fileProblem) = KnowledgeFiles.Read(file, bytes);
        if (fileProblem is not null)
        {
            var detail = fileProblem.Line > 0 ? $"Line {fileProblem.Line}: {fileProblem.Detail}" : fileProblem.Detail;
            return KnowledgeChange.Problem(fileProblem.Status, fileProblem.Title, detail);
        }
        var passages = KnowledgeBase.Chunk(document!).ToList();
        if (passages.Count == 0)
        {
            return KnowledgeChange.Problem(StatusCodes.Status400BadRequest, "no passages", "The file has headings but no text under them: there is nothing to answer from.");
        }
        var known = await db.KnowledgeSources.Where(s => s.FirmId == firm).Select(s => s.FileName).ToListAsync(ct);
        if (passages.Select(p => p.Source).FirstOrDefault(s => s != file && !known.Contains(s)) is { } unknown)
        {
            return KnowledgeChange.Problem(StatusCodes.Status400BadRequest, "unknown source",
                $"A row names the source '{unknown}', which is not a knowledge file of '{firm}': name a file listed by GET /api/v1/firms/{firm}/knowledge, or leave the source empty.");
        }

        var loaded = firms.Find(firm)!;
        await loaded.ImportLock.WaitAsync(ct);
        try
        {
            var outcome = await KnowledgeStore.StageUploadAsync(db, firm, new SourceFile(document!, bytes.Length, passages), actor, embedder, clock.GetUtcNow(), ct);
            await db.SaveChangesAsync(ct);
            if (outcome.Changed)
            {
                loaded.Swap(await KnowledgeStore.LoadAsync(db, firm, embedder, ct));
            }
            var s = outcome.Source;
            return new KnowledgeChange(new KnowledgeSourceSummary(s.FileName, s.Format, s.Origin, s.Hash, s.ImportedAt, s.Size, passages.Count, s.SupersededBy),
                outcome.Created, outcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        finally
        {
            loaded.ImportLock.Release();
        }
    }

    public async Task<KnowledgeChange> DeleteAsync(string firm, string file, string actor, CancellationToken ct)
    {
        var loaded = firms.Find(firm)!;
        await loaded.ImportLock.WaitAsync(ct);
        try
        {
            var source = await db.KnowledgeSources.FirstOrDefaultAsync(s => s.FirmId == firm && s.FileName == file, ct);
            if (source is null)
            {
                return KnowledgeChange.Problem(StatusCodes.Status404NotFound, "knowledge source not found", $"Firm '{firm}' has no knowledge source '{file}'.");
            }
            await KnowledgeStore.StageRemovalAsync(db, source, actor, clock.GetUtcNow(), ct);
            await db.SaveChangesAsync(ct);
            loaded.Swap(await KnowledgeStore.LoadAsync(db, firm, embedder, ct));
            return new KnowledgeChange(null, false, StatusCodes.Status204NoContent);
        }
        finally
        {
            loaded.ImportLock.Release();
        }
    }

    /// <summary>One plain file name: what citations link to and what the list shows. faq.csv is the pack's own FAQ.</summary>
    private static KnowledgeChange? NameProblem(string file)
    {
        if (file.Length > 200 || file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal)
            || file.StartsWith('.') || file.Any(char.IsControl))
        {
            return KnowledgeChange.Problem(StatusCodes.Status400BadRequest, "bad file name", $"'{file}' is not a plain file name: use letters, digits, '-', '_' and one extension, at most 200 characters, e.g. price-list.pdf.");
        }
        if (string.Equals(file, KnowledgeStore.PackFaqFile, StringComparison.OrdinalIgnoreCase))
        {
            return KnowledgeChange.Problem(StatusCodes.Status400BadRequest, "reserved file name", "faq.csv is the firm pack's own FAQ file: give the upload another name, e.g. more-questions.csv.");
        }
        return null;
    }

    public static KnowledgeChange TooLarge(long? size) =>
        KnowledgeChange.Problem(StatusCodes.Status413PayloadTooLarge, "file too large",
            $"{(size is { } n ? $"The file is {n:N0} bytes; t" : "T")}he limit is {KnowledgeFiles.MaxBytes:N0} bytes (5 MiB). Split it, or upload its text.");
}

using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Knowledge;
using Tandem.Server.Audit;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge;

/// <summary>Where a stored source came from.</summary>
internal static class KnowledgeOrigins
{
    public const string Pack = "pack";
    public const string Upload = "upload";
}

/// <summary>What importing one file did: created, replaced (with the version it replaced) or left as it was.</summary>
internal sealed record ImportOutcome(KnowledgeSource Source, bool Created, bool Changed, string? PreviousHash);

/// <summary>A file to store: its document (text, format, version) and its size in bytes.</summary>
internal sealed record SourceFile(KnowledgeDocument Document, long Size, IReadOnlyList<Passage> Passages);

/// <summary>
/// The firm's knowledge in the database: one row per source version and its passages with their
/// vectors. Importing embeds only passages of new or changed files; every change is an audit event
/// in the same SaveChanges. The in-memory index is then rebuilt from the rows.
/// </summary>
internal static class KnowledgeStore
{
    /// <summary>The pack's own FAQ file is stored as a source too, so its version is known and a change to it re-imports its entries.</summary>
    public const string PackFaqFile = FaqCsv.FileName;

    /// <summary>
    /// Brings the firm's pack sources in line with the pack: new files imported, changed ones
    /// replaced, removed ones deleted, unchanged ones kept as they are (imported-at too). Uploads are
    /// never touched; an upload with the same name as a pack file takes precedence over it.
    /// </summary>
    public static async Task SyncPackAsync(TandemDbContext db, FirmPack pack, ITextEmbedder embedder, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(pack);
        var files = pack.Knowledge
            .Select(d => new SourceFile(d, SizeOf(Path.Combine(pack.RootPath, KnowledgeFolder.FolderName, d.FileName)), [.. KnowledgeBase.Chunk(d)]))
            .ToList();
        var faqPath = Path.Combine(pack.RootPath, FaqCsv.FileName);
        if (File.Exists(faqPath))
        {
            var bytes = await File.ReadAllBytesAsync(faqPath, ct);
            var faq = new KnowledgeDocument
            {
                FileName = PackFaqFile,
                Title = "FAQ",
                Format = "faq",
                Content = System.Text.Encoding.UTF8.GetString(bytes),
                Hash = PackFiles.HashOf(bytes),
            };
            files.Add(new SourceFile(faq, bytes.Length, [.. KnowledgeBase.FaqPassages(pack.Faq, pack.Knowledge)]));
        }

        var existing = await db.KnowledgeSources.Where(s => s.FirmId == pack.Id).ToDictionaryAsync(s => s.FileName, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow();
        foreach (var file in files)
        {
            var row = existing.GetValueOrDefault(file.Document.FileName);
            if (row?.Origin == KnowledgeOrigins.Upload)
            {
                continue;
            }
            if (row is not null && row.Hash == file.Document.Hash)
            {
                if (row.SupersededBy != file.Document.SupersededBy)
                {
                    db.AuditEvents.Add(AuditLog.Event("knowledge.superseded", "system", now,
                        new { file = row.FileName, version = row.Hash, before = row.SupersededBy, after = file.Document.SupersededBy }, pack.Id));
                    row.SupersededBy = file.Document.SupersededBy;
                }
                continue;
            }
            await StageAsync(db, pack.Id, file, KnowledgeOrigins.Pack, "system", embedder, now, ct);
        }
        var inPack = files.Select(f => f.Document.FileName).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in existing.Values.Where(s => s.Origin == KnowledgeOrigins.Pack && !inPack.Contains(s.FileName)))
        {
            await StageRemovalAsync(db, gone, "system", now, ct);
        }
        await ReembedStaleAsync(db, pack.Id, embedder, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Stores an uploaded file (new, or replacing the file of that name) and its audit event; the caller saves.</summary>
    public static Task<ImportOutcome> StageUploadAsync(TandemDbContext db, string firmId, SourceFile file, string actor, ITextEmbedder embedder, DateTimeOffset now, CancellationToken ct) =>
        StageAsync(db, firmId, file, KnowledgeOrigins.Upload, actor, embedder, now, ct);

    private static async Task<ImportOutcome> StageAsync(TandemDbContext db, string firmId, SourceFile file, string origin, string actor,
        ITextEmbedder embedder, DateTimeOffset now, CancellationToken ct)
    {
        var doc = file.Document;
        // Stored to the millisecond on SQLite; the answer should show what a later read shows.
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var row = await db.KnowledgeSources.Include(s => s.Passages).FirstOrDefaultAsync(s => s.FirmId == firmId && s.FileName == doc.FileName, ct);
        if (row is not null && row.Hash == doc.Hash && row.Origin == origin)
        {
            return new ImportOutcome(row, Created: false, Changed: false, row.Hash);
        }
        var vectors = file.Passages.Count == 0 ? [] : embedder.EmbedBatch([.. file.Passages.Select(KnowledgeBase.EmbeddingText)]);
        var passages = file.Passages.Select((p, i) => new KnowledgePassage
        {
            FirmId = firmId,
            Ordinal = i,
            PassageKey = p.Id,
            CitedSource = p.Source,
            Title = p.Title,
            TitlePath = p.TitlePath,
            Text = p.Text,
            IsFaq = p.IsFaq,
            Question = p.Question,
            Embedding = ToBytes(vectors[i]),
            EmbeddingModel = embedder.ModelId,
        }).ToList();
        var version = new { hash = doc.Hash, importedAt = now };
        if (row is null)
        {
            row = new KnowledgeSource
            {
                Id = Guid.NewGuid(),
                FirmId = firmId,
                FileName = doc.FileName,
                Format = doc.Format,
                Origin = origin,
                Hash = doc.Hash,
                ImportedAt = now,
                Size = file.Size,
                Title = doc.Title,
                SupersededBy = doc.SupersededBy,
                Text = ReadableText(doc),
                Passages = passages,
            };
            db.KnowledgeSources.Add(row);
            db.AuditEvents.Add(AuditLog.Event("knowledge.imported", actor, now,
                new { file = doc.FileName, format = doc.Format, origin, after = version, passages = passages.Count }, firmId));
            return new ImportOutcome(row, Created: true, Changed: true, null);
        }
        var before = new { hash = row.Hash, importedAt = row.ImportedAt, origin = row.Origin };
        db.KnowledgePassages.RemoveRange(row.Passages);
        row.Passages = passages;
        row.Format = doc.Format;
        row.Origin = origin;
        row.Hash = doc.Hash;
        row.ImportedAt = now;
        row.Size = file.Size;
        row.Title = doc.Title;
        row.SupersededBy = doc.SupersededBy;
        row.Text = ReadableText(doc);
        db.AuditEvents.Add(AuditLog.Event("knowledge.replaced", actor, now,
            new { file = doc.FileName, format = doc.Format, origin, before, after = version, passages = passages.Count }, firmId));
        return new ImportOutcome(row, Created: false, Changed: true, before.hash);
    }

    /// <summary>Deletes a source and its passages, with its audit event; the caller saves.</summary>
    public static async Task StageRemovalAsync(TandemDbContext db, KnowledgeSource source, string actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        // Loaded and removed one by one so SQLite's FTS5 triggers see every deleted passage.
        db.KnowledgePassages.RemoveRange(await db.KnowledgePassages.Where(p => p.SourceId == source.Id).ToListAsync(ct));
        db.KnowledgeSources.Remove(source);
        db.AuditEvents.Add(AuditLog.Event("knowledge.removed", actor, now,
            new { file = source.FileName, origin = source.Origin, before = new { hash = source.Hash, importedAt = source.ImportedAt } }, source.FirmId));
    }

    /// <summary>Vectors made by another model are not comparable with this one's: re-embed them (the text is unchanged, so no version changes).</summary>
    private static async Task ReembedStaleAsync(TandemDbContext db, string firmId, ITextEmbedder embedder, CancellationToken ct)
    {
        var stale = await db.KnowledgePassages.Where(p => p.FirmId == firmId && p.EmbeddingModel != embedder.ModelId).ToListAsync(ct);
        if (stale.Count == 0)
        {
            return;
        }
        var vectors = embedder.EmbedBatch([.. stale.Select(p => KnowledgeBase.EmbeddingText(ToPassage(p, p.CitedSource, "", null)))]);
        for (var i = 0; i < stale.Count; i++)
        {
            stale[i].Embedding = ToBytes(vectors[i]);
            stale[i].EmbeddingModel = embedder.ModelId;
        }
    }

    /// <summary>
    /// The firm's index, from the stored rows and their vectors (nothing is embedded). A passage is
    /// labelled with the current version of the source it cites.
    /// </summary>
    public static async Task<KnowledgeBase> LoadAsync(TandemDbContext db, string firmId, ITextEmbedder embedder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(embedder);
        var sources = await db.KnowledgeSources.AsNoTracking().Where(s => s.FirmId == firmId)
            .Select(s => new { s.Id, s.FileName, s.Hash, s.ImportedAt, s.Title, s.SupersededBy, s.Format })
            .ToListAsync(ct);
        var byName = sources.ToDictionary(s => s.FileName, StringComparer.Ordinal);
        var live = sources.Where(s => s.SupersededBy is null).ToDictionary(s => s.Id);
        var rows = await db.KnowledgePassages.AsNoTracking().Where(p => p.FirmId == firmId).ToListAsync(ct);
        // Articles first and the pack's FAQ last, each in file then section order: the order an index
        // built from the pack has, so ties break the same way.
        var ordered = rows.Where(p => live.ContainsKey(p.SourceId))
            .OrderBy(p => live[p.SourceId].Format == "faq" ? 1 : 0)
            .ThenBy(p => live[p.SourceId].FileName, StringComparer.Ordinal)
            .ThenBy(p => p.Ordinal)
            .ToList();
        var passages = new List<Passage>(ordered.Count);
        var vectors = new float[ordered.Count * embedder.Dimensions];
        for (var i = 0; i < ordered.Count; i++)
        {
            var row = ordered[i];
            var cited = byName.TryGetValue(row.CitedSource, out var c) ? c : live[row.SourceId];
            passages.Add(ToPassage(row, row.CitedSource, cited.Hash, cited.ImportedAt) with { Title = row.IsFaq ? cited.Title : row.Title });
            MemoryMarshal.Cast<byte, float>(row.Embedding).CopyTo(vectors.AsSpan(i * embedder.Dimensions, embedder.Dimensions));
        }
        return new KnowledgeBase(passages, vectors, embedder);
    }

    private static Passage ToPassage(KnowledgePassage row, string source, string hash, DateTimeOffset? importedAt) =>
        new(row.PassageKey, source, hash, row.Title, row.TitlePath, row.Text, row.IsFaq, row.Question, importedAt);

    /// <summary>What a citation link shows: HTML without its scripts and page furniture; other formats as read (a PDF's extracted text).</summary>
    private static string ReadableText(KnowledgeDocument doc) => doc.Format == "html" ? KnowledgeFiles.HtmlToText(doc.Content) : doc.Content;

    private static byte[] ToBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}

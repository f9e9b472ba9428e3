using System.Collections.Concurrent;
using System.Globalization;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge.Health;

/// <summary>What the documents say about themselves, whatever customers ask: the part of the report that depends only on the pack.</summary>
internal sealed record DocumentFindings(
    IReadOnlyList<HealthContradiction> Contradictions,
    IReadOnlyList<StaleDocument> Stale,
    IReadOnlyList<NearDuplicate> NearDuplicates);

/// <summary>
/// The knowledge health report: is the firm's documentation ready to answer from? Used by
/// `./tandem knowledge report` and `GET /api/v1/admin/knowledge/health`. The document findings
/// take a few seconds of embedding, so the server keeps them per pack version; gaps are computed
/// per request from the questions asked so far.
/// </summary>
internal sealed class KnowledgeHealth(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Lazy<DocumentFindings>> _byPackVersion = new(StringComparer.Ordinal);

    public KnowledgeHealthReport Report(LoadedFirm firm, IReadOnlyList<HealthQuestion> questions, KnowledgeHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(firm);
        ArgumentNullException.ThrowIfNull(options);
        var now = clock.GetUtcNow();
        // The stale check depends on the date, so the cache key carries the day.
        var key = string.Create(CultureInfo.InvariantCulture, $"{firm.Pack.Id}/{firm.Pack.Hash}/{now:yyyy-MM-dd}/{options.GetHashCode()}");
        var findings = _byPackVersion.GetOrAdd(key, _ => new Lazy<DocumentFindings>(() => Inspect(firm.Pack, firm.Embedder, now, options))).Value;
        return Build(firm.Pack, firm.Knowledge, firm.Embedder, findings, questions, now, options);
    }

    public static DocumentFindings Inspect(FirmPack pack, ITextEmbedder embedder, DateTimeOffset now, KnowledgeHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var passages = HealthPassage.From(pack.Knowledge, pack.Faq);
        return new DocumentFindings(
            ContradictionDetector.Find(passages, embedder, options),
            StaleDocuments.Find(pack.Knowledge, now, options),
            NearDuplicates.Find(passages, embedder, options));
    }

    public static KnowledgeHealthReport Build(FirmPack pack, KnowledgeBase knowledge, ITextEmbedder embedder, DocumentFindings findings,
        IReadOnlyList<HealthQuestion> questions, DateTimeOffset now, KnowledgeHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(options);
        var threshold = options.GapThreshold ?? pack.Policy.EvidenceThreshold;
        var gaps = CoverageGaps.Find(questions, knowledge, embedder, threshold, options);
        var active = findings.Contradictions.Where(c => c.SupersededSource is null).ToList();
        var superseded = findings.Contradictions.Where(c => c.SupersededSource is not null).ToList();
        // A superseded document is never answered from, so only what the assistant still reads counts.
        var stale = findings.Stale.Where(s => s.SupersededBy is null).Select(s => s.Source).Distinct(StringComparer.Ordinal).Count();
        var problems = new List<string>();
        Count(problems, active.Count, "contradiction", "contradictions");
        Count(problems, gaps.Count, "coverage gap", "coverage gaps");
        Count(problems, stale, "stale document", "stale documents");
        var notes = new List<string>();
        Count(notes, findings.Stale.Where(s => s.Reason == StaleDocuments.Superseded).Select(s => s.Source).Distinct(StringComparer.Ordinal).Count(),
            "superseded document still in the pack", "superseded documents still in the pack");
        Count(notes, superseded.Count, "conflict with a superseded document", "conflicts with superseded documents");
        Count(notes, findings.NearDuplicates.Count(d => d.SupersededSource is null), "near-duplicate pair", "near-duplicate pairs");
        var verdict = problems.Count == 0 ? "ready" : $"not ready: {string.Join(", ", problems)}";
        if (notes.Count > 0)
        {
            verdict += $" (to tidy: {string.Join(", ", notes)})";
        }
        return new KnowledgeHealthReport
        {
            Firm = pack.Id,
            GeneratedAt = now,
            Ready = problems.Count == 0,
            Verdict = verdict,
            Documents = pack.Knowledge.Count,
            QuestionsChecked = questions.Count,
            GapThreshold = threshold,
            Contradictions = active,
            SupersededConflicts = superseded,
            Stale = findings.Stale,
            NearDuplicates = findings.NearDuplicates,
            Gaps = gaps,
        };
    }

    private static void Count(List<string> into, int n, string one, string many)
    {
        if (n > 0)
        {
            into.Add(string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}"));
        }
    }
}

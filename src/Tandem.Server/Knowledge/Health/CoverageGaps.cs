using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge.Health;

/// <summary>A customer question and, when it came through a turn, the best retrieval score that turn recorded.</summary>
internal sealed record HealthQuestion(string Text, double? RecordedScore);

/// <summary>
/// Customer questions whose best passage scored below the answer threshold, grouped by meaning with
/// leader clustering: questions in a fixed order (most asked first, then alphabetical) each join the
/// first cluster whose first question is similar enough, or start a new one. Deterministic, one pass,
/// and the first question of a cluster is a real question to show as its representative.
/// </summary>
internal static class CoverageGaps
{
    /// <summary>The newest questions read from the database: enough to see a pattern, bounded so the report stays seconds.</summary>
    public const int MaxStoredQuestions = 5_000;

    public static IReadOnlyList<CoverageGap> Find(IReadOnlyList<HealthQuestion> questions, KnowledgeBase knowledge, ITextEmbedder embedder,
        double threshold, KnowledgeHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        var gaps = new List<(string Text, int Count, float[] Vector, double Score, string? Nearest)>();
        foreach (var group in questions
            .Where(q => !string.IsNullOrWhiteSpace(q.Text))
            .GroupBy(q => q.Text.Trim(), StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var vector = embedder.Embed(group.Key);
            // A turn's recorded score is what the customer actually got; a question from a file is scored now.
            var best = knowledge.Search(group.Key, vector, 1);
            var score = group.Max(q => q.RecordedScore) ?? (best.Count > 0 ? best[0].Score : 0);
            if (score < threshold)
            {
                gaps.Add((group.Key, group.Count(), vector, score, best.Count > 0 ? best[0].Passage.Id : null));
            }
        }
        var clusters = new List<(int Leader, List<int> Members)>();
        for (var i = 0; i < gaps.Count; i++)
        {
            var home = clusters.FindIndex(c => VectorMath.Cosine(gaps[c.Leader].Vector, gaps[i].Vector) >= options.GapClusterSimilarity);
            if (home < 0)
            {
                clusters.Add((i, [i]));
            }
            else
            {
                clusters[home].Members.Add(i);
            }
        }
        return [.. clusters
            .Select(c => new CoverageGap(
                c.Members.Sum(m => gaps[m].Count),
                gaps[c.Leader].Text,
                [.. c.Members.Take(5).Select(m => gaps[m].Text)],
                Math.Round(c.Members.Max(m => gaps[m].Score), 4),
                gaps[c.Leader].Nearest))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Representative, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Customer messages of the firm's completed turns, newest first, with the best score the turn's
    /// retrieval recorded (from its turn.retrieve audit event). Messages that raised a risk signal are
    /// left out: they go to a person whatever the documents say, so they are not a documentation gap.
    /// </summary>
    public static async Task<IReadOnlyList<HealthQuestion>> FromTurnsAsync(TandemDbContext db, string firmId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await (
            from t in db.Turns.AsNoTracking()
            where t.FirmId == firmId && t.Status == TurnStatus.Completed && t.SignalsJson == "[]"
            join m in db.Messages.AsNoTracking() on t.MessageId equals m.Id
            orderby t.CreatedAt descending
            select new { t.Id, m.Text })
            .Take(MaxStoredQuestions)
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var payloads = new Dictionary<Guid, string>();
        foreach (var chunk in ids.Chunk(500))
        {
            var events = await db.AuditEvents.AsNoTracking()
                .Where(e => e.Kind == "turn.retrieve" && e.TurnId != null && chunk.Contains(e.TurnId.Value))
                .Select(e => new { e.TurnId, e.Payload })
                .ToListAsync(ct);
            foreach (var e in events)
            {
                payloads[e.TurnId!.Value] = e.Payload;
            }
        }
        return [.. rows.Select(r => new HealthQuestion(r.Text, payloads.TryGetValue(r.Id, out var p) ? BestScore(p) : null))];
    }

    /// <summary>The first (best) score in a turn.retrieve payload's output; null when the payload was redacted or holds none.</summary>
    internal static double? BestScore(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("output", out var output)
                && output.ValueKind == JsonValueKind.Array)
            {
                if (output.GetArrayLength() == 0)
                {
                    return 0;
                }
                return output[0].TryGetProperty("score", out var score) && score.TryGetDouble(out var value) ? value : null;
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}

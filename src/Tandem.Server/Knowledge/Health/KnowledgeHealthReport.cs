namespace Tandem.Server.Knowledge.Health;

/// <summary>The thresholds of the knowledge health report (docs/knowledge-health.md says how each was chosen).</summary>
internal sealed record KnowledgeHealthOptions
{
    /// <summary>A document whose stated "last updated" or "effective from" date is older than this is stale.</summary>
    public int StaleAfterDays { get; init; } = 365;

    /// <summary>Two statements are about the same thing when their sentences, figures taken out, are at least this similar.</summary>
    public double SameSubjectSimilarity { get; init; } = 0.80;

    /// <summary>The same for e-mail addresses and phone numbers, which differ by desk far more often than by mistake.</summary>
    public double SameContactSimilarity { get; init; } = 0.90;

    /// <summary>Two sections of different documents at least this similar are near-duplicates.</summary>
    public double NearDuplicateSimilarity { get; init; } = 0.92;

    /// <summary>A question joins a gap cluster when it is at least this similar to the cluster's first question.</summary>
    public double GapClusterSimilarity { get; init; } = 0.60;

    /// <summary>Below this best retrieval score a question found no good passage; null means the firm's evidence threshold.</summary>
    public double? GapThreshold { get; init; }
}

/// <summary>One sentence of one passage, and the figures it states.</summary>
internal sealed record HealthStatement(string Source, string PassageId, string Title, string Sentence, IReadOnlyList<string> Values);

/// <summary>
/// The same kind of fact stated with different values in two documents. <see cref="SupersededSource"/>
/// is set when one side is a document the firm has declared superseded: the assistant never answers
/// from it, so it does not count against readiness, but the page is still out there.
/// </summary>
internal sealed record HealthContradiction(string Kind, string Role, HealthStatement A, HealthStatement B, double Similarity,
    IReadOnlyList<string> SharedTerms, string? SupersededSource);

/// <summary>A document that is superseded, old by its own stated date, or speaks of a past date as still to come.</summary>
internal sealed record StaleDocument(string Source, string Reason, string Detail, string? SupersededBy, DateOnly? StatedDate);

internal sealed record NearDuplicate(string SourceA, string PassageA, string SourceB, string PassageB, double Similarity, string? SupersededSource);

/// <summary>Customer questions that found no good passage, grouped by meaning.</summary>
internal sealed record CoverageGap(int Count, string Representative, IReadOnlyList<string> Examples, double BestScore, string? NearestPassage);

internal sealed record KnowledgeHealthReport
{
    public required string Firm { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public required bool Ready { get; init; }
    /// <summary>"ready", or "not ready: 1 contradiction, 3 coverage gaps, …".</summary>
    public required string Verdict { get; init; }
    public required int Documents { get; init; }
    public required int QuestionsChecked { get; init; }
    public required double GapThreshold { get; init; }
    /// <summary>Between documents the assistant answers from: these count against readiness.</summary>
    public required IReadOnlyList<HealthContradiction> Contradictions { get; init; }
    /// <summary>Between a superseded document and another: reported, labelled, and not counted.</summary>
    public required IReadOnlyList<HealthContradiction> SupersededConflicts { get; init; }
    public required IReadOnlyList<StaleDocument> Stale { get; init; }
    public required IReadOnlyList<NearDuplicate> NearDuplicates { get; init; }
    public required IReadOnlyList<CoverageGap> Gaps { get; init; }
}

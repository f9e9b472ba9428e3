using Tandem.Server.Firms;
using Tandem.Server.Knowledge;
using Tandem.Server.Knowledge.Health;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Knowledge;

/// <summary>The knowledge health detectors on small synthetic documents, with the real embedded model.</summary>
public sealed class TheHealthDetectorsJudgeSmallDocuments
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static KnowledgeDocument Doc(string file, string content, string? supersededBy = null) => new()
    {
        FileName = file,
        Title = file,
        Format = "markdown",
        Content = content,
        Hash = file,
        SupersededBy = supersededBy,
    };

    private static IReadOnlyList<HealthContradiction> Contradictions(params KnowledgeDocument[] docs) =>
        ContradictionDetector.Find(HealthPassage.From(docs, []), SharedEmbedder.Instance, new KnowledgeHealthOptions());

    [Fact]
    public void TwoReturnWindowsForTheSameThingAreAContradiction()
    {
        var found = Contradictions(
            Doc("returns.md", "# Returns\n\n## How long do I have?\n\nYou can return any item within 30 days of delivery for a refund.\n"),
            Doc("help.md", "# Help\n\n## Returning an item\n\nYou can return any item within 14 days of delivery for a full refund.\n"));
        var contradiction = Assert.Single(found);
        Assert.Equal("duration", contradiction.Kind);
        Assert.Equal(["14 days", "30 days"], new[] { contradiction.A.Values.Single(), contradiction.B.Values.Single() }.Order());
        Assert.Null(contradiction.SupersededSource);
    }

    [Fact]
    public void AThirtyDayReturnPolicyAndThirtyDaysAreNotAContradiction()
    {
        Assert.Empty(Contradictions(
            Doc("returns.md", "# Returns\n\n## Our policy\n\nWe offer 30-day returns on most items.\n"),
            Doc("help.md", "# Help\n\n## Returning an item\n\nYou can return most items within 30 days.\n")));
    }

    [Fact]
    public void ADeliveryPriceAndAFreeDeliveryThresholdAreNotAContradiction()
    {
        Assert.Empty(Contradictions(
            Doc("delivery.md", "# Delivery\n\n## Standard delivery\n\nStandard delivery costs £4.95.\n"),
            Doc("faq.md", "# FAQ\n\n## Delivery\n\nStandard delivery is free on orders over £50.\n")));
    }

    [Fact]
    public void DifferentProductsPricesAreNotAContradiction()
    {
        Assert.Empty(Contradictions(
            Doc("tables.md", "# Tables\n\n## The Harbour oak dining table\n\nThe oak dining table costs £499.\n"),
            Doc("chairs.md", "# Chairs\n\n## The Linen armchair\n\nThe linen armchair costs £349.\n")));
    }

    [Fact]
    public void AConflictWithASupersededDocumentIsLabelledAsSuch()
    {
        var found = Contradictions(
            Doc("returns.md", "# Returns\n\n## How long do I have?\n\nYou can return any item within 30 days of delivery for a refund.\n"),
            Doc("returns-old.md", "# Returns (old)\n\n## How long do I have?\n\nYou can return any item within 14 days of delivery for a full refund.\n", supersededBy: "returns.md"));
        Assert.Equal("returns-old.md", Assert.Single(found).SupersededSource);
    }

    [Fact]
    public void OldDocumentsAndPastDatesSpokenOfAsFutureAreStale()
    {
        var stale = StaleDocuments.Find(
        [
            Doc("old.md", "# Old\n\n*Last updated: 3 January 2024*\n\nText.\n"),
            Doc("fresh.md", "# Fresh\n\n*Last updated: 2 November 2026*\n\nFrom 1 March 2025 we will charge £3.95 for returns.\n"),
            Doc("current.md", "# Current\n\n*Last updated: 2 November 2026*\n\nPrices changed on 1 March 2025.\n"),
        ], Now, new KnowledgeHealthOptions());
        Assert.Equal([("fresh.md", StaleDocuments.PastAsFuture), ("old.md", StaleDocuments.Old)],
            stale.Select(s => (s.Source, s.Reason)).Order());
        Assert.Equal(new DateOnly(2024, 1, 3), stale.Single(s => s.Source == "old.md").StatedDate);
    }

    [Fact]
    public void QuestionsWithNoGoodPassageAreClusteredByMeaningWithCounts()
    {
        var docs = new[] { Doc("returns.md", "# Returns\n\n## How long do I have?\n\nYou can return any item within 30 days of delivery for a refund.\n") };
        var knowledge = new KnowledgeBase(docs, [], SharedEmbedder.Instance);
        var questions = new[]
        {
            "Do you sell garden sheds?", "Do you sell garden sheds?", "Have you got any garden sheds for sale?",
            "Can I pay in bitcoin?", "How long do I have to return an item?",
        }.Select(q => new HealthQuestion(q, null)).ToList();

        var gaps = CoverageGaps.Find(questions, knowledge, SharedEmbedder.Instance, 0.45, new KnowledgeHealthOptions());

        Assert.Equal(2, gaps.Count);
        Assert.Equal(3, gaps[0].Count);
        Assert.Equal("Do you sell garden sheds?", gaps[0].Representative);
        Assert.Contains("Have you got any garden sheds for sale?", gaps[0].Examples);
        Assert.Equal("Can I pay in bitcoin?", Assert.Single(gaps[1].Examples));
        Assert.DoesNotContain(gaps, g => g.Examples.Contains("How long do I have to return an item?"));
    }
}

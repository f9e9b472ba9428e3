using Tandem.Rules.Knowledge;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge.Health;

/// <summary>
/// The same fact stated differently in two documents. A candidate is a pair of sentences from
/// different documents that state quantities of the same kind and role (a price against a price, a
/// deadline against a deadline). It is a contradiction only when
/// (1) the clauses around the two quantities, figures taken out, say nearly the same thing (dense
///     cosine of the masked clauses under their section headings): "return within N days of delivery" twice;
/// (2) they share at least two key terms, so a similar shape alone is not enough;
/// (3) neither sentence also states the other's value of that kind: "£4.95, or free over £50"
///     against "£4.95" is agreement, not a clash of thresholds;
/// (4) the two figures are within a factor of 12 (<see cref="StatedQuantities.Comparable"/>).
/// </summary>
internal static class ContradictionDetector
{
    private sealed record Statement(HealthPassage Passage, string Sentence, string Clause, StatedQuantity Quantity, IReadOnlyList<StatedQuantity> Quantities, HashSet<string> Terms);

    public static IReadOnlyList<HealthContradiction> Find(IReadOnlyList<HealthPassage> passages, ITextEmbedder embedder, KnowledgeHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        var statements = new List<Statement>();
        foreach (var passage in passages)
        {
            foreach (var sentence in StatedQuantities.Sentences(passage.Text))
            {
                var quantities = StatedQuantities.Extract(sentence);
                if (quantities.Count == 0)
                {
                    continue;
                }
                // One statement per quantity, judged by its own clause: a long sentence states several facts.
                foreach (var quantity in quantities)
                {
                    var clause = StatedQuantities.Mask(StatedQuantities.Clause(sentence, quantity));
                    statements.Add(new Statement(passage, sentence, clause, quantity, quantities, KeyTerms(passage.Section + " " + clause)));
                }
            }
        }
        if (statements.Count < 2)
        {
            return [];
        }
        // The heading goes with the sentence: a table row "Monday to Friday, 09:00–17:30" is about opening hours because its section says so.
        var vectors = embedder.EmbedBatch([.. statements.Select(s => $"{s.Passage.Section}: {s.Clause}")]);

        // The best pair per (passage, passage, kind): one report per disagreement, with its clearest sentences.
        var best = new Dictionary<(string, string, QuantityKind, string), HealthContradiction>();
        for (var i = 0; i < statements.Count; i++)
        {
            for (var j = i + 1; j < statements.Count; j++)
            {
                var (a, b) = (statements[i], statements[j]);
                if (a.Passage.Document == b.Passage.Document)
                {
                    continue;
                }
                var (kind, role) = (a.Quantity.Kind, a.Quantity.Role);
                if (b.Quantity.Kind != kind || b.Quantity.Role != role
                    || b.Quantities.Any(q => q.Kind == kind && q.Value == a.Quantity.Value)
                    || a.Quantities.Any(q => q.Kind == kind && q.Value == b.Quantity.Value)
                    || !StatedQuantities.Comparable(a.Quantity, b.Quantity))
                {
                    continue;
                }
                var similarity = VectorMath.Cosine(vectors[i], vectors[j]);
                var shared = a.Terms.Intersect(b.Terms, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                // A different e-mail address or phone number is usually a different desk, not a mistake:
                // contact details must be stated in all but the same words to count.
                var needed = kind is QuantityKind.Email or QuantityKind.Phone ? options.SameContactSimilarity : options.SameSubjectSimilarity;
                if (similarity < needed || shared.Count < 2)
                {
                    continue;
                }
                var key = (a.Passage.Id, b.Passage.Id, kind, role);
                if (best.TryGetValue(key, out var kept) && kept.Similarity >= similarity)
                {
                    continue;
                }
                best[key] = new HealthContradiction(Wire(kind), role,
                    Describe(a), Describe(b), Math.Round(similarity, 3), shared,
                    a.Passage.SupersededBy is not null ? a.Passage.Source : b.Passage.SupersededBy is not null ? b.Passage.Source : null);
            }
        }
        return [.. best.Values.OrderByDescending(c => c.Similarity).ThenBy(c => c.A.PassageId, StringComparer.Ordinal).ThenBy(c => c.B.PassageId, StringComparer.Ordinal)];
    }

    public static string Wire(QuantityKind kind) => kind switch
    {
        QuantityKind.Money => "money",
        QuantityKind.Percentage => "percentage",
        QuantityKind.Duration => "duration",
        QuantityKind.Hours => "hours",
        QuantityKind.Phone => "phone",
        QuantityKind.Email => "email",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static HealthStatement Describe(Statement s) =>
        new(s.Passage.Source, s.Passage.Id, s.Passage.TitlePath, s.Sentence, [s.Quantity.Value]);

    /// <summary>Word stems without stop words or figures: what two statements must share to be about one thing.</summary>
    internal static HashSet<string> KeyTerms(string text) =>
        TextIndex<int>.Terms(text).Where(t => t.Length > 2 && !t.Any(char.IsDigit)).ToHashSet(StringComparer.Ordinal);
}

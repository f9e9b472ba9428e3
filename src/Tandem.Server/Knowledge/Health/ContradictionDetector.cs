using Tandem.Rules.Knowledge;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge.Health;

/// <summary>
/// The same fact stated differently in two documents. A candidate is a pair of sentences from
/// different documents that state quantities of the same kind and role (a price against a price, a
/// deadline against a deadline). It is a contradiction only when
/// (1) the two sentences, figures taken out, say nearly the same thing (dense cosine of the masked
///     sentences under their section headings): "return within N days of delivery" twice;
/// (2) they share at least two key terms, so a similar shape alone is not enough;
/// (3) neither passage states the other's value of that kind anywhere, so a table of options
///     ("£4.95 standard, £7.95 next day") or "£4.95, free over £50" against "£4.95" is agreement.
/// </summary>
internal static class ContradictionDetector
{
    private sealed record Statement(HealthPassage Passage, string Sentence, IReadOnlyList<StatedQuantity> Quantities, HashSet<string> Terms);

    public static IReadOnlyList<HealthContradiction> Find(IReadOnlyList<HealthPassage> passages, ITextEmbedder embedder, KnowledgeHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        var statements = new List<Statement>();
        var passageValues = new Dictionary<string, HashSet<(QuantityKind, string)>>(StringComparer.Ordinal);
        foreach (var passage in passages)
        {
            var values = passageValues[passage.Id] = [];
            foreach (var sentence in StatedQuantities.Sentences(passage.Text))
            {
                var quantities = StatedQuantities.Extract(sentence);
                if (quantities.Count == 0)
                {
                    continue;
                }
                foreach (var q in quantities)
                {
                    values.Add((q.Kind, q.Value));
                }
                statements.Add(new Statement(passage, sentence, quantities, KeyTerms(passage.Section + " " + StatedQuantities.Mask(sentence))));
            }
        }
        if (statements.Count < 2)
        {
            return [];
        }
        // The heading goes with the sentence: a table row "Monday to Friday, 09:00–17:30" is about opening hours because its section says so.
        var vectors = embedder.EmbedBatch([.. statements.Select(s => $"{s.Passage.Section}: {StatedQuantities.Mask(s.Sentence)}")]);

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
                foreach (var (kind, role) in a.Quantities.Select(q => (q.Kind, q.Role)).Intersect(b.Quantities.Select(q => (q.Kind, q.Role))))
                {
                    var aValues = a.Quantities.Where(q => q.Kind == kind && q.Role == role).Select(q => q.Value).ToHashSet(StringComparer.Ordinal);
                    var bValues = b.Quantities.Where(q => q.Kind == kind && q.Role == role).Select(q => q.Value).ToHashSet(StringComparer.Ordinal);
                    if (aValues.Any(v => passageValues[b.Passage.Id].Contains((kind, v))) || bValues.Any(v => passageValues[a.Passage.Id].Contains((kind, v))))
                    {
                        continue;
                    }
                    var similarity = VectorMath.Cosine(vectors[i], vectors[j]);
                    var shared = a.Terms.Intersect(b.Terms, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                    if (similarity < options.SameSubjectSimilarity || shared.Count < 2)
                    {
                        continue;
                    }
                    var key = (a.Passage.Id, b.Passage.Id, kind, role);
                    if (best.TryGetValue(key, out var kept) && kept.Similarity >= similarity)
                    {
                        continue;
                    }
                    best[key] = new HealthContradiction(Wire(kind), role,
                        Describe(a, aValues), Describe(b, bValues), Math.Round(similarity, 3), shared,
                        a.Passage.SupersededBy is not null ? a.Passage.Source : b.Passage.SupersededBy is not null ? b.Passage.Source : null);
                }
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

    private static HealthStatement Describe(Statement s, HashSet<string> values) =>
        new(s.Passage.Source, s.Passage.Id, s.Passage.TitlePath, s.Sentence, [.. values.Order(StringComparer.Ordinal)]);

    /// <summary>Word stems without stop words or figures: what two statements must share to be about one thing.</summary>
    internal static HashSet<string> KeyTerms(string text) =>
        TextIndex<int>.Terms(text).Where(t => t.Length > 2 && !t.Any(char.IsDigit)).ToHashSet(StringComparer.Ordinal);
}

using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge.Health;

/// <summary>
/// Article sections in different files that say nearly the same thing: two places to keep in step,
/// and the usual origin of a contradiction. FAQ answers are left out, since they restate their
/// article by design.
/// </summary>
internal static class NearDuplicates
{
    public static IReadOnlyList<NearDuplicate> Find(IReadOnlyList<HealthPassage> passages, ITextEmbedder embedder, KnowledgeHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        var sections = passages.Where(p => p.Source != HealthPassage.FaqSource).ToList();
        if (sections.Count < 2)
        {
            return [];
        }
        var vectors = embedder.EmbedBatch([.. sections.Select(p => $"{p.TitlePath}: {p.Text}")]);
        var found = new List<NearDuplicate>();
        for (var i = 0; i < sections.Count; i++)
        {
            for (var j = i + 1; j < sections.Count; j++)
            {
                if (sections[i].Source == sections[j].Source)
                {
                    continue;
                }
                var similarity = VectorMath.Cosine(vectors[i], vectors[j]);
                if (similarity >= options.NearDuplicateSimilarity)
                {
                    found.Add(new NearDuplicate(sections[i].Source, sections[i].Id, sections[j].Source, sections[j].Id, Math.Round(similarity, 3),
                        sections[i].SupersededBy is not null ? sections[i].Source : sections[j].SupersededBy is not null ? sections[j].Source : null));
                }
            }
        }
        return [.. found.OrderByDescending(d => d.Similarity).ThenBy(d => d.PassageA, StringComparer.Ordinal)];
    }
}

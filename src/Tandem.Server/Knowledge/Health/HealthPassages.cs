using Tandem.Server.Firms;

namespace Tandem.Server.Knowledge.Health;

/// <summary>
/// A section of an article or one FAQ answer, as the health report reads it. Unlike the retrieval
/// index it keeps superseded documents: finding what they still say is part of the report.
/// </summary>
internal sealed record HealthPassage(string Id, string Source, string TitlePath, string Text, string? SupersededBy)
{
    /// <summary>Which "document" the passage belongs to: its article, or for an FAQ answer the entry itself.</summary>
    public string Document => Source == FaqSource ? Id : Source;

    /// <summary>The innermost heading, which names what a table row or a short sentence is about.</summary>
    public string Section => TitlePath.Split(" › ")[^1];

    public const string FaqSource = "faq.csv";

    public static IReadOnlyList<HealthPassage> From(IReadOnlyList<KnowledgeDocument> documents, IReadOnlyList<FaqEntry> faq)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(faq);
        var passages = new List<HealthPassage>();
        foreach (var doc in documents)
        {
            passages.AddRange(KnowledgeBase.Chunk(doc).Select(p => new HealthPassage(p.Id, p.Source, p.TitlePath, p.Text, doc.SupersededBy)));
        }
        passages.AddRange(faq.Select(f => new HealthPassage($"{FaqSource}:{f.Line}", FaqSource, $"FAQ › {f.Question}", f.Answer, null)));
        return passages;
    }
}

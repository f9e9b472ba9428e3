using System.Text;
using System.Text.RegularExpressions;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge;

/// <summary>A retrievable piece of the firm's knowledge: a section of an article, or one FAQ answer.</summary>
internal sealed record Passage(string Id, string Source, string SourceHash, string Title, string TitlePath, string Text, bool IsFaq, string? Question);

internal sealed record RetrievedPassage(Passage Passage, double Score);

/// <summary>
/// The firm's knowledge, chunked and indexed twice: dense vectors from the embedded model (the
/// primary ranker: it matches paraphrases) and a lexical index (which earns its place on exact
/// identifiers and rare words). Superseded documents are kept out of both, so the assistant never
/// answers from them.
/// </summary>
internal sealed partial class KnowledgeBase
{
    private readonly HybridIndex _index;
    private readonly ITextEmbedder _embedder;

    public KnowledgeBase(FirmPack pack, ITextEmbedder embedder, RetrievalMode mode = RetrievalMode.Hybrid, float lexicalWeight = HybridIndex.DefaultLexicalWeight)
        : this(Require(pack).Knowledge, pack.Faq, embedder, mode, lexicalWeight)
    {
    }

    /// <summary>Indexes documents and FAQ entries that need not come from a firm pack (evaluation corpora).</summary>
    public KnowledgeBase(IReadOnlyList<KnowledgeDocument> documents, IReadOnlyList<FaqEntry> faq, ITextEmbedder embedder,
        RetrievalMode mode = RetrievalMode.Hybrid, float lexicalWeight = HybridIndex.DefaultLexicalWeight)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(faq);
        ArgumentNullException.ThrowIfNull(embedder);
        _embedder = embedder;
        var passages = new List<Passage>();
        foreach (var doc in documents.Where(d => d.SupersededBy is null))
        {
            passages.AddRange(Chunk(doc));
        }
        var hashes = documents.ToDictionary(d => d.FileName, d => d.Hash, StringComparer.Ordinal);
        var titles = documents.ToDictionary(d => d.FileName, d => d.Title, StringComparer.Ordinal);
        var faqNumber = 0;
        foreach (var entry in faq)
        {
            faqNumber++;
            passages.Add(new Passage($"faq#{faqNumber}", entry.Article, hashes.GetValueOrDefault(entry.Article, ""),
                titles.GetValueOrDefault(entry.Article, entry.Article), $"FAQ › {entry.Question}", entry.Answer, true, entry.Question));
        }
        Passages = passages;
        // FAQ entries are matched on question and answer; sections on their title path and text.
        var lexicalTexts = passages.Select(p => p.IsFaq ? $"{p.Question} {p.Question} {p.Text}" : $"{p.TitlePath} {p.Text}").ToList();
        // An FAQ entry is embedded as question and answer (measured better than the question alone:
        // docs/benchmarks.md, "Retrieval"); a section by its title path and opening.
        var texts = passages.Select(p => p.IsFaq ? $"{p.Question} {p.Text}" : $"{p.TitlePath}: {p.Text}").ToList();
        _index = new HybridIndex(lexicalTexts, embedder.EmbedMatrix(texts), embedder.Dimensions, mode, lexicalWeight);
    }

    public IReadOnlyList<Passage> Passages { get; }

    /// <summary>How much an exact lexical match adds to the dense score in this index (recorded with each retrieval).</summary>
    public float LexicalWeight => _index.LexicalWeight;

    public string ModelId => _embedder.ModelId;

    public IReadOnlyList<RetrievedPassage> Search(string query, int top = 5) =>
        Search(query, _index.Mode == RetrievalMode.Lexical ? new float[_embedder.Dimensions] : _embedder.Embed(query), top);

    /// <summary>Hybrid search with a query vector the caller already has (the turn embeds the message once).</summary>
    public IReadOnlyList<RetrievedPassage> Search(string query, float[] queryVector, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(queryVector);
        return [.. _index.Search(query, queryVector, top).Select(r => new RetrievedPassage(Passages[r.Row], Math.Round(Math.Min(1.0, r.Score), 4)))];
    }

    private static FirmPack Require(FirmPack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return pack;
    }

    /// <summary>Splits a Markdown document at ## and ### headings, keeping each section's title path.</summary>
    public static IEnumerable<Passage> Chunk(KnowledgeDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var text = doc.Format == "html" ? StripHtml(doc.Content) : doc.Content;
        var path = new List<string> { doc.Title };
        var body = new StringBuilder();
        var sectionTitle = doc.Title;
        var n = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                var level = heading.Groups[1].Value.Length;
                if (level == 1)
                {
                    continue;
                }
                if (Flush() is { } passage)
                {
                    yield return passage;
                }
                while (path.Count >= level)
                {
                    path.RemoveAt(path.Count - 1);
                }
                sectionTitle = heading.Groups[2].Value.Trim();
                path.Add(sectionTitle);
                continue;
            }
            body.AppendLine(line);
        }
        if (Flush() is { } last)
        {
            yield return last;
        }

        Passage? Flush()
        {
            var content = body.ToString().Trim();
            body.Clear();
            if (content.Length == 0)
            {
                return null;
            }
            n++;
            return new Passage($"{doc.FileName}#{n}", doc.FileName, doc.Hash, doc.Title, string.Join(" › ", path), content, false, null);
        }
    }

    private static string StripHtml(string html) => Whitespace().Replace(Tags().Replace(html, "\n"), " ");

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Whitespace();
}

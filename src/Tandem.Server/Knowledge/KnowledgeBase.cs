using System.Text;
using System.Text.RegularExpressions;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Knowledge;

/// <summary>A retrievable piece of the firm's knowledge: a section of an article, or one FAQ answer.</summary>
/// <param name="SourceImportedAt">When the source's current version was imported into the store (null for an index built straight from files).</param>
internal sealed record Passage(string Id, string Source, string SourceHash, string Title, string TitlePath, string Text, bool IsFaq, string? Question,
    DateTimeOffset? SourceImportedAt = null);

/// <param name="Score">The hybrid score that ranked it: dense cosine plus the weighted lexical cosine, at most 1.</param>
/// <param name="Dense">The dense cosine alone.</param>
/// <param name="Coverage">How much of the question's wording the passage contains (<see cref="WordCoverage"/>).</param>
internal sealed record RetrievedPassage(Passage Passage, double Score, double Dense, Coverage Coverage)
{
    /// <summary>Evidence made by hand (tests, a reply that cites the firm's systems): dense equal to the score, nothing missing.</summary>
    public RetrievedPassage(Passage passage, double score)
        : this(passage, score, score, Coverage.Full)
    {
    }
}

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
    private readonly List<string> _lexicalTexts;
    private readonly WordCoverage _coverage;

    public KnowledgeBase(FirmPack pack, ITextEmbedder embedder, RetrievalMode mode = RetrievalMode.Hybrid, float lexicalWeight = HybridIndex.DefaultLexicalWeight)
        : this(Require(pack).Knowledge, pack.Faq, embedder, mode, lexicalWeight)
    {
    }

    /// <summary>Indexes documents and FAQ entries that need not come from a firm pack (evaluation corpora).</summary>
    /// <param name="lexical">Builds another lexical ranker over the lexical texts (to measure the database's full-text index); null: the in-process index.</param>
    public KnowledgeBase(IReadOnlyList<KnowledgeDocument> documents, IReadOnlyList<FaqEntry> faq, ITextEmbedder embedder,
        RetrievalMode mode = RetrievalMode.Hybrid, float lexicalWeight = HybridIndex.DefaultLexicalWeight, Func<IReadOnlyList<string>, ILexicalRanker>? lexical = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(faq);
        ArgumentNullException.ThrowIfNull(embedder);
        _embedder = embedder;
        Passages = [.. PassagesOf(documents, faq)];
        List<string> lexicalTexts = [.. Passages.Select(LexicalText)];
        _index = new HybridIndex(lexicalTexts, embedder.EmbedMatrix([.. Passages.Select(EmbeddingText)]), embedder.Dimensions, mode, lexicalWeight, lexical?.Invoke(lexicalTexts));
        _lexicalTexts = lexicalTexts;
        _coverage = new WordCoverage(lexicalTexts);
    }

    /// <summary>Indexes passages whose vectors were embedded earlier (the knowledge store), so a start with unchanged sources embeds nothing.</summary>
    /// <param name="vectors">One vector per passage, in order, laid end to end.</param>
    public KnowledgeBase(IReadOnlyList<Passage> passages, float[] vectors, ITextEmbedder embedder,
        RetrievalMode mode = RetrievalMode.Hybrid, float lexicalWeight = HybridIndex.DefaultLexicalWeight)
    {
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(embedder);
        _embedder = embedder;
        Passages = passages;
        _lexicalTexts = [.. passages.Select(LexicalText)];
        _index = new HybridIndex(_lexicalTexts, vectors, embedder.Dimensions, mode, lexicalWeight);
        _coverage = new WordCoverage(_lexicalTexts);
    }

    /// <summary>Every passage of the documents (superseded ones left out) and of the pack's FAQ entries.</summary>
    public static IEnumerable<Passage> PassagesOf(IReadOnlyList<KnowledgeDocument> documents, IReadOnlyList<FaqEntry> faq)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(faq);
        return documents.Where(d => d.SupersededBy is null).SelectMany(Chunk).Concat(FaqPassages(faq, documents));
    }

    /// <summary>The pack's faq.csv entries, each cited as the article it names.</summary>
    public static IEnumerable<Passage> FaqPassages(IReadOnlyList<FaqEntry> faq, IReadOnlyList<KnowledgeDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(faq);
        ArgumentNullException.ThrowIfNull(documents);
        var hashes = documents.ToDictionary(d => d.FileName, d => d.Hash, StringComparer.Ordinal);
        var titles = documents.ToDictionary(d => d.FileName, d => d.Title, StringComparer.Ordinal);
        var faqNumber = 0;
        foreach (var entry in faq)
        {
            faqNumber++;
            yield return new Passage($"faq#{faqNumber}", entry.Article, hashes.GetValueOrDefault(entry.Article, ""),
                titles.GetValueOrDefault(entry.Article, entry.Article), $"FAQ › {entry.Question}", entry.Answer, true, entry.Question);
        }
    }

    /// <summary>What the lexical index reads: FAQ entries on question and answer; sections on their title path and text.</summary>
    public static string LexicalText(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return passage.IsFaq ? $"{passage.Question} {passage.Question} {passage.Text}" : $"{passage.TitlePath} {passage.Text}";
    }

    /// <summary>
    /// What is embedded: an FAQ entry as question and answer (measured better than the question alone:
    /// docs/benchmarks.md, "Retrieval"); a section by its title path and opening.
    /// </summary>
    public static string EmbeddingText(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return passage.IsFaq ? $"{passage.Question} {passage.Text}" : $"{passage.TitlePath}: {passage.Text}";
    }

    public IReadOnlyList<Passage> Passages { get; }

    /// <summary>How much an exact lexical match adds to the dense score in this index (recorded with each retrieval).</summary>
    public float LexicalWeight => _index.LexicalWeight;

    public string ModelId => _embedder.ModelId;

    /// <summary>The query vector this index's model gives, for a caller that ranks the same query several ways.</summary>
    public float[] Embed(string text) => _embedder.Embed(text);

    public IReadOnlyList<RetrievedPassage> Search(string query, int top = 5) =>
        Search(query, _index.Mode == RetrievalMode.Lexical ? new float[_embedder.Dimensions] : _embedder.Embed(query), top);

    /// <summary>Hybrid search with a query vector the caller already has (the turn embeds the message once).</summary>
    public IReadOnlyList<RetrievedPassage> Search(string query, float[] queryVector, int top = 5, RetrievalMode? mode = null)
    {
        ArgumentNullException.ThrowIfNull(queryVector);
        return [.. _index.Search(query, queryVector, top, mode).Select(r => new RetrievedPassage(Passages[r.Row], Math.Round(Math.Min(1.0, r.Score), 4),
            Math.Round(_index.Dense(queryVector, r.Row), 4), _coverage.Measure(query, _lexicalTexts[r.Row])))];
    }

    private static FirmPack Require(FirmPack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return pack;
    }

    /// <summary>
    /// Splits a document at its headings (Markdown #s; HTML h2–h4; a PDF's pages), keeping each
    /// section's title path; a question/answer CSV gives one FAQ passage per row.
    /// </summary>
    public static IEnumerable<Passage> Chunk(KnowledgeDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return doc.Format == "csv" ? CsvPassages(doc) : Sections(doc);
    }

    private static IEnumerable<Passage> CsvPassages(KnowledgeDocument doc)
    {
        var n = 0;
        foreach (var (question, answer, source) in KnowledgeFiles.CsvEntries(doc.Content))
        {
            n++;
            // A row may name the article its answer comes from; the citation then leads there.
            yield return new Passage($"{doc.FileName}#q{n}", source ?? doc.FileName, doc.Hash, doc.Title, $"{doc.Title} › {question}", answer, true, question);
        }
    }

    private static IEnumerable<Passage> Sections(KnowledgeDocument doc)
    {
        var text = doc.Format == "html" ? KnowledgeFiles.HtmlToText(doc.Content) : doc.Content;
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

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();
}

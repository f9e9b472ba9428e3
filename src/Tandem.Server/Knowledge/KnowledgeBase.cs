using System.Text;
using System.Text.RegularExpressions;
using Tandem.Server.Firms;

namespace Tandem.Server.Knowledge;

/// <summary>A retrievable piece of the firm's knowledge: a section of an article, or one FAQ answer.</summary>
internal sealed record Passage(string Id, string Source, string SourceHash, string Title, string TitlePath, string Text, bool IsFaq, string? Question);

internal sealed record RetrievedPassage(Passage Passage, double Score);

/// <summary>
/// The firm's knowledge, chunked and indexed for lexical retrieval. Superseded documents are kept
/// out of the index so the assistant never answers from them.
/// </summary>
internal sealed partial class KnowledgeBase
{
    private readonly TextIndex<Passage> _index;

    public KnowledgeBase(FirmPack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var passages = new List<Passage>();
        foreach (var doc in pack.Knowledge.Where(d => d.SupersededBy is null))
        {
            passages.AddRange(Chunk(doc));
        }
        var hashes = pack.Knowledge.ToDictionary(d => d.FileName, d => d.Hash, StringComparer.Ordinal);
        var titles = pack.Knowledge.ToDictionary(d => d.FileName, d => d.Title, StringComparer.Ordinal);
        var faqNumber = 0;
        foreach (var faq in pack.Faq)
        {
            faqNumber++;
            passages.Add(new Passage($"faq#{faqNumber}", faq.Article, hashes.GetValueOrDefault(faq.Article, ""),
                titles.GetValueOrDefault(faq.Article, faq.Article), $"FAQ › {faq.Question}", faq.Answer, true, faq.Question));
        }
        Passages = passages;
        // FAQ entries are matched on question and answer; sections on their title path and text.
        _index = new TextIndex<Passage>(passages.Select(p => (p, p.IsFaq ? $"{p.Question} {p.Question} {p.Text}" : $"{p.TitlePath} {p.Text}")));
    }

    public IReadOnlyList<Passage> Passages { get; }

    public IReadOnlyList<RetrievedPassage> Search(string query, int top = 5) =>
        [.. _index.Search(query, top).Select(r => new RetrievedPassage(r.Item, Math.Round(r.Score, 4)))];

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

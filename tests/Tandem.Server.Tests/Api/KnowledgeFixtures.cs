using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Tests.Infrastructure;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Tandem.Server.Tests.Api;

public sealed record KnowledgeSourceView(string File, string Format, string Origin, string Version, DateTimeOffset ImportedAt, long Size, int Passages, string? SupersededBy);

public sealed record KnowledgeHitView(string PassageId, string Source, string TitlePath, double Score);

public sealed record KnowledgeSearchView(string Query, string LexicalRanker, List<KnowledgeHitView> Lexical, List<KnowledgeHitView> Dense, List<KnowledgeHitView> Hybrid);

/// <summary>Knowledge files in each format, made in the test (the PDF with PdfPig's builder), and the admin calls on them.</summary>
internal static class KnowledgeFixtures
{
    public const string Firm = "harbour-home";

    /// <summary>The same care advice in every format, about a product the reference firm's articles never mention.</summary>
    public const string Advice = "Oil the Fennick teak bench with Fennick teak oil twice a year, in April and in September, after brushing off the dust.";

    public static string Question => "How often should I oil my Fennick teak bench?";

    public static byte[] File(string format) => format switch
    {
        "md" => Encoding.UTF8.GetBytes($"# Caring for garden furniture\n\n## Fennick teak bench\n\n{Advice}\n"),
        "html" => Encoding.UTF8.GetBytes($"<html><head><title>Caring for garden furniture</title><script>var tracking = 'Fennick';</script></head><body><nav>Home | Shop</nav><h1>Caring for garden furniture</h1><h2>Fennick teak bench</h2><p>{Advice}</p></body></html>"),
        "txt" => Encoding.UTF8.GetBytes($"Caring for garden furniture\n\nFennick teak bench: {Advice}\n"),
        "csv" => Encoding.UTF8.GetBytes($"question,answer\n\"How often do I oil the Fennick teak bench?\",\"{Advice}\"\n"),
        "pdf" => Pdf("Caring for garden furniture", Advice),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>A real one-page PDF with a text layer, split over lines as a PDF's text runs are.</summary>
    public static byte[] Pdf(string title, string text)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        var y = 760.0;
        foreach (var line in Lines(text, 70))
        {
            page.AddText(line, 11, new PdfPoint(50, y), font);
            y -= 16;
        }
        return builder.Build();
    }

    private static IEnumerable<string> Lines(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length + word.Length + 1 > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word);
        }
        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    public static async Task<HttpResponseMessage> UploadAsync(this TandemHost host, string file, byte[] bytes, string contentType = "application/octet-stream")
    {
        using var admin = host.Admin();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await admin.PutAsync(new Uri($"/api/v1/firms/{Firm}/knowledge/{Uri.EscapeDataString(file)}", UriKind.Relative), content);
    }

    public static async Task<List<KnowledgeSourceView>> SourcesAsync(this TandemHost host)
    {
        using var admin = host.Admin();
        return await admin.GetFromJsonAsync<List<KnowledgeSourceView>>($"/api/v1/firms/{Firm}/knowledge") ?? [];
    }

    public static async Task<KnowledgeSearchView> SearchAsync(this TandemHost host, string q)
    {
        using var admin = host.Admin();
        return await admin.GetFromJsonAsync<KnowledgeSearchView>($"/api/v1/firms/{Firm}/knowledge/search?q={Uri.EscapeDataString(q)}")
            ?? throw new InvalidOperationException("empty body");
    }

    /// <summary>The retrieve stage's output of a turn, from its audit event.</summary>
    public static async Task<List<JsonElement>> RetrievedAsync(this TandemHost host, Guid turnId)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var payload = await db.AuditEvents.Where(e => e.TurnId == turnId && e.Kind == "turn.retrieve").Select(e => e.Payload).SingleAsync();
        return [.. JsonDocument.Parse(payload).RootElement.GetProperty("output").EnumerateArray().Select(e => e.Clone())];
    }

    public static async Task<List<(string Kind, string Payload)>> KnowledgeEventsAsync(this TandemHost host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var events = await db.AuditEvents.Where(e => e.Kind.StartsWith("knowledge.")).OrderBy(e => e.Sequence).Select(e => new { e.Kind, e.Payload }).ToListAsync();
        return [.. events.Select(e => (e.Kind, e.Payload))];
    }
}

/// <summary>The test embedder, remembering every text it was asked to embed.</summary>
internal sealed class CountingEmbedder(ITextEmbedder inner) : ITextEmbedder
{
    private readonly List<string> _texts = [];
    private readonly Lock _gate = new();

    public int Dimensions => inner.Dimensions;

    public string ModelId => inner.ModelId;

    public IReadOnlyList<string> Texts
    {
        get
        {
            lock (_gate)
            {
                return [.. _texts];
            }
        }
    }

    public float[] Embed(string text)
    {
        lock (_gate)
        {
            _texts.Add(text);
        }
        return inner.Embed(text);
    }

    public float[][] EmbedBatch(IReadOnlyList<string> texts)
    {
        lock (_gate)
        {
            _texts.AddRange(texts);
        }
        return inner.EmbedBatch(texts);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Api;

/// <summary>Knowledge uploaded through the admin API: every format is searchable and cited, replaced and deleted with an audit trail, and bad files are refused by name.</summary>
public abstract class KnowledgeUploadTests
{
    protected abstract Store Store { get; }

    [Theory]
    [InlineData("md", "markdown")]
    [InlineData("html", "html")]
    [InlineData("txt", "text")]
    [InlineData("pdf", "pdf")]
    [InlineData("csv", "csv")]
    public async Task AnUploadedFileOfEachFormatIsFoundBySearchAndCitedInACustomersAnswer(string extension, string format)
    {
        await using var host = await TandemHost.StartAsync(Store);
        var file = $"garden-furniture-care.{extension}";
        var response = await host.UploadAsync(file, KnowledgeFixtures.File(extension));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await response.Content.ReadFromJsonAsync<KnowledgeSourceView>();
        Assert.Equal((file, format, "upload"), (stored!.File, stored.Format, stored.Origin));
        Assert.Equal(64, stored.Version.Length);

        var search = await host.SearchAsync(KnowledgeFixtures.Question);
        Assert.Equal(file, search.Lexical[0].Source);
        Assert.Equal(file, search.Hybrid[0].Source);

        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync(KnowledgeFixtures.Question);
        var citation = Assert.Single(turn.Citations);
        Assert.Equal(file, citation.Source);
        using var anonymous = host.Client();
        var page = await anonymous.GetStringAsync(citation.Url);
        Assert.Contains("twice a year", page, StringComparison.Ordinal);
        // Scripts and navigation are not knowledge: the citation page shows the text only.
        Assert.DoesNotContain("var tracking", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReUploadingAChangedFileReplacesItsPassagesChangesItsVersionAndIsAudited()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var first = await (await host.UploadAsync("bench-care.md", KnowledgeFixtures.File("md"))).Content.ReadFromJsonAsync<KnowledgeSourceView>();
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var changed = Encoding.UTF8.GetBytes("# Caring for garden furniture\n\n## Fennick teak bench\n\nOil the Fennick teak bench once a year, in May, with Fennick hardwood oil.\n");
        var response = await host.UploadAsync("bench-care.md", changed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = await response.Content.ReadFromJsonAsync<KnowledgeSourceView>();
        Assert.NotEqual(first!.Version, second!.Version);
        Assert.True(second.ImportedAt > first.ImportedAt);

        var search = await host.SearchAsync("Fennick teak bench oil twice a year April September");
        Assert.DoesNotContain(search.Hybrid.Concat(search.Lexical), h => h.Source == "bench-care.md" && h.TitlePath.Contains("twice", StringComparison.Ordinal));
        using var admin = host.Admin();
        var detail = await admin.GetStringAsync($"/api/v1/firms/{KnowledgeFixtures.Firm}/knowledge/bench-care.md");
        Assert.Contains("once a year", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("twice a year", detail, StringComparison.Ordinal);

        var replaced = Assert.Single(await host.KnowledgeEventsAsync(), e => e.Kind == "knowledge.replaced");
        Assert.Contains(first.Version, replaced.Payload, StringComparison.Ordinal);
        Assert.Contains(second.Version, replaced.Payload, StringComparison.Ordinal);

        // The same bytes again change nothing.
        var again = await host.UploadAsync("bench-care.md", changed);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(second.ImportedAt, (await again.Content.ReadFromJsonAsync<KnowledgeSourceView>())!.ImportedAt);
        Assert.Single(await host.KnowledgeEventsAsync(), e => e.Kind == "knowledge.replaced");
    }

    [Fact]
    public async Task DeletingAnUploadRemovesItAndItsPassages()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await host.UploadAsync("bench-care.md", KnowledgeFixtures.File("md"));
        using var admin = host.Admin();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/api/v1/firms/{KnowledgeFixtures.Firm}/knowledge/bench-care.md", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain(await host.SourcesAsync(), s => s.File == "bench-care.md");
        var search = await host.SearchAsync(KnowledgeFixtures.Question);
        Assert.DoesNotContain(search.Lexical.Concat(search.Hybrid).Concat(search.Dense), h => h.Source == "bench-care.md");
        Assert.Contains(await host.KnowledgeEventsAsync(), e => e.Kind == "knowledge.removed" && e.Payload.Contains("bench-care.md", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(new Uri($"/api/v1/firms/{KnowledgeFixtures.Firm}/knowledge/bench-care.md", UriKind.Relative))).StatusCode);
    }

    public static TheoryData<string, byte[], int, string> BadUploads => new()
    {
        { "empty.md", [], 400, "empty file" },
        { "notes.docx", Encoding.UTF8.GetBytes("PK"), 415, "unsupported file type" },
        { "broken.pdf", Encoding.UTF8.GetBytes("%PDF-1.7 this is not really a PDF"), 400, "unreadable PDF" },
        { "answers.csv", Encoding.UTF8.GetBytes("When do you open?,At nine.\n"), 400, "CSV header missing" },
        { "huge.txt", new byte[(5 * 1024 * 1024) + 1], 413, "file too large" },
        { "faq.csv", Encoding.UTF8.GetBytes("question,answer\nWhen?,Now.\n"), 400, "reserved file name" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task ABadUploadIsRefusedWithAProblemThatNamesIt(string file, byte[] bytes, int status, string title)
    {
        await using var host = await TandemHost.StartAsync(Store);
        var response = await host.UploadAsync(file, bytes);
        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(title, problem!.Title);
        Assert.DoesNotContain(await host.SourcesAsync(), s => s.File == file && s.Origin == "upload");
    }

    [Fact]
    public async Task ATurnsRetrieveRecordNamesTheVersionOfEachSourceItUsed()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var sources = (await host.SourcesAsync()).ToDictionary(s => s.File);
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("How much is standard delivery?");
        var retrieved = await host.RetrievedAsync(turn.Id);
        Assert.NotEmpty(retrieved);
        foreach (var passage in retrieved)
        {
            var source = sources[passage.GetProperty("source").GetString()!];
            Assert.Equal(source.Version, passage.GetProperty("sourceVersion").GetString());
            Assert.Equal(source.ImportedAt, passage.GetProperty("sourceImportedAt").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task FullTextSearchFindsAnExactProductCodeThatDenseSearchMisses()
    {
        await using var host = await TandemHost.StartAsync(Store);
        // The code sits in a paragraph about something else: the meaning of the paragraph is not the
        // meaning of the code, so only an exact-word index finds it.
        var article = """
            # Showroom notes

            ## Deliveries to the showroom

            Pallets arrive at the back gate on weekday mornings. The driver rings the bell, the
            warehouse team checks each carton against the paperwork, and anything damaged is
            photographed before it is signed for. Last week one carton, ZN-3384, was set aside for
            the supplier to collect because its corner had been crushed in transit.

            ## Cleaning the display tables

            Wipe the oak tables with a damp cloth each evening and dry them at once, so water does
            not mark the finish. Polish them with beeswax on the first Monday of each month.
            """;
        Assert.Equal(HttpStatusCode.Created, (await host.UploadAsync("showroom-notes.md", Encoding.UTF8.GetBytes(article))).StatusCode);
        var search = await host.SearchAsync("ZN-3384");
        Assert.Equal("showroom-notes.md#1", search.Lexical[0].PassageId);
        Assert.NotEqual("showroom-notes.md#1", search.Dense[0].PassageId);
    }
}

public sealed class KnowledgeUploadOnSqlite : KnowledgeUploadTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class KnowledgeUploadOnPostgres : KnowledgeUploadTests
{
    protected override Store Store => Store.Postgres;
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tandem.Data;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Api;

/// <summary>At every start the stored knowledge follows the pack: unchanged files keep their vectors, changed ones are replaced, removed ones go, uploads stay.</summary>
public abstract class KnowledgePackSyncTests
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task ARestartWithAnUnchangedPackEmbedsNoPassageAgain()
    {
        var dataDir = TestPaths.NewTempDir("tandem-kb-restart");
        var connectionString = Store == Store.Postgres ? await Postgres.CreateDatabaseAsync() : null;
        List<KnowledgeSourceView> before;
        List<string> passageTexts;
        await using (var first = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString))
        {
            before = await first.SourcesAsync();
            passageTexts = await PassageEmbeddingTextsAsync(first);
        }
        var counting = new CountingEmbedder(SharedEmbedder.Instance);
        await using var second = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString, services: s =>
        {
            s.RemoveAll<ITextEmbedder>();
            s.AddSingleton<ITextEmbedder>(counting);
        });
        var after = await second.SourcesAsync();
        Assert.Equal(before.OrderBy(s => s.File), after.OrderBy(s => s.File));
        Assert.NotEmpty(passageTexts);
        Assert.DoesNotContain(counting.Texts, passageTexts.Contains);
        // Nor are the topic anchors (examples, descriptions and the 600 past tickets) embedded again: their
        // vectors are kept in the data directory's cache by model and texts.
        var tickets = Tandem.Server.Tests.Stages.SamplePack.Pack.History.Select(h => h.Text).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(tickets);
        Assert.DoesNotContain(counting.Texts, tickets.Contains);
        // The index built from the stored vectors answers as before.
        var search = await second.SearchAsync("How much is standard delivery?");
        Assert.Equal("delivery-options-and-costs.md", search.Hybrid[0].Source);
    }

    [Fact]
    public async Task AChangedPackFileIsReplacedARemovedOneDisappearsAndUploadsSurvive()
    {
        var pack = CopyOfReferenceFirm();
        var dataDir = TestPaths.NewTempDir("tandem-kb-sync");
        var connectionString = Store == Store.Postgres ? await Postgres.CreateDatabaseAsync() : null;
        var settings = new Dictionary<string, string?> { ["Tandem:Firms:0"] = pack };
        File.WriteAllText(Path.Combine(pack, "knowledge", "winter-hours.md"), "# Winter hours\n\n## Opening\n\nIn January the Lowestoft showroom opens at 11:00.\n");
        File.WriteAllText(Path.Combine(pack, "knowledge", "gift-cards.md"), "# Gift cards\n\n## Expiry\n\nHarbour gift cards expire after 24 months.\n");
        KnowledgeSourceView giftCardsBefore;
        KnowledgeSourceView refundsBefore;
        await using (var first = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString, settings: settings))
        {
            Assert.Equal(HttpStatusCode.Created, (await first.UploadAsync("bench-care.md", KnowledgeFixtures.File("md"))).StatusCode);
            giftCardsBefore = (await first.SourcesAsync()).Single(s => s.File == "gift-cards.md");
            refundsBefore = (await first.SourcesAsync()).Single(s => s.File == "refunds.md");
        }

        File.Delete(Path.Combine(pack, "knowledge", "winter-hours.md"));
        File.WriteAllText(Path.Combine(pack, "knowledge", "gift-cards.md"), "# Gift cards\n\n## Expiry\n\nHarbour gift cards expire after 36 months.\n");
        await using var second = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString, settings: settings);
        var sources = await second.SourcesAsync();
        Assert.DoesNotContain(sources, s => s.File == "winter-hours.md");
        Assert.Contains(sources, s => s is { File: "bench-care.md", Origin: "upload" });
        var giftCards = Assert.Single(sources, s => s.File == "gift-cards.md");
        Assert.NotEqual(giftCardsBefore.Version, giftCards.Version);
        Assert.Equal(refundsBefore, Assert.Single(sources, s => s.File == "refunds.md"));

        var lexical = (await second.SearchAsync("Lowestoft showroom January")).Lexical;
        Assert.DoesNotContain(lexical, h => h.Source == "winter-hours.md");
        Assert.Contains((await second.SearchAsync("gift cards expire 36 months")).Lexical, h => h.Source == "gift-cards.md");
        var events = await second.KnowledgeEventsAsync();
        Assert.Contains(events, e => e.Kind == "knowledge.removed" && e.Payload.Contains("winter-hours.md", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "knowledge.replaced" && e.Payload.Contains(giftCardsBefore.Version, StringComparison.Ordinal) && e.Payload.Contains(giftCards.Version, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheIndexBuiltFromStoredRowsHoldsThePacksPassagesInTheSameOrder()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var stored = host.Services.GetRequiredService<FirmRegistry>().Find(KnowledgeFixtures.Firm)!;
        var fromFiles = new KnowledgeBase(stored.Pack, SharedEmbedder.Instance);
        Assert.Equal(fromFiles.Passages.Select(p => (p.Id, p.Source, p.SourceHash, p.Title, p.TitlePath, p.Text)),
            stored.Knowledge.Passages.Select(p => (p.Id, p.Source, p.SourceHash, p.Title, p.TitlePath, p.Text)));
    }

    private static async Task<List<string>> PassageEmbeddingTextsAsync(TandemHost host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var rows = await db.KnowledgePassages.AsNoTracking().ToListAsync();
        return [.. rows.Select(r => KnowledgeBase.EmbeddingText(new Passage(r.PassageKey, r.CitedSource, "", r.Title, r.TitlePath, r.Text, r.IsFaq, r.Question)))];
    }

    private static string CopyOfReferenceFirm()
    {
        var target = TestPaths.NewTempDir("tandem-pack");
        foreach (var file in Directory.GetFiles(TestPaths.ReferenceFirm, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(TestPaths.ReferenceFirm, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}

public sealed class KnowledgePackSyncOnSqlite : KnowledgePackSyncTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class KnowledgePackSyncOnPostgres : KnowledgePackSyncTests
{
    protected override Store Store => Store.Postgres;
}

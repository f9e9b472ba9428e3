using Tandem.Server.Firms;
using Tandem.Server.Knowledge;

namespace Tandem.Server.Tests.Stages;

public sealed class KnowledgeIsChunkedAtHeadings
{
    private static KnowledgeDocument Document(string content, string format = "markdown") => new()
    {
        FileName = "refunds.md",
        Title = "Refunds",
        Format = format,
        Content = content,
        Hash = "hash-of-refunds",
    };

    private const string Refunds = """
        # Refunds

        We always refund to your original payment method.

        ## How long refunds take

        Within 5 working days of your return arriving.

        ### Pay in 3

        Through Tidewater Credit.

        ## Where the money goes

        Back to the card you paid with.
        """;

    [Fact]
    public void EachSectionIsAPassageUnderItsTitlePath()
    {
        var passages = KnowledgeBase.Chunk(Document(Refunds)).ToList();
        Assert.Equal(
            [
                ("Refunds", "We always refund to your original payment method."),
                ("Refunds › How long refunds take", "Within 5 working days of your return arriving."),
                ("Refunds › How long refunds take › Pay in 3", "Through Tidewater Credit."),
                ("Refunds › Where the money goes", "Back to the card you paid with."),
            ],
            passages.Select(p => (p.TitlePath, p.Text)));
    }

    [Fact]
    public void EachPassageNamesItsDocument()
    {
        var passages = KnowledgeBase.Chunk(Document(Refunds)).ToList();
        Assert.Equal(["refunds.md#1", "refunds.md#2", "refunds.md#3", "refunds.md#4"], passages.Select(p => p.Id));
        Assert.All(passages, p =>
        {
            Assert.Equal("refunds.md", p.Source);
            Assert.Equal("hash-of-refunds", p.SourceHash);
            Assert.Equal("Refunds", p.Title);
            Assert.False(p.IsFaq);
            Assert.Null(p.Question);
        });
    }

    [Fact]
    public void TextBeforeTheFirstSectionHeadingIsAPassageOfItsOwn()
    {
        var passages = KnowledgeBase.Chunk(Document("Read this first.\n\n## Details\n\nThe details.")).ToList();
        Assert.Equal([("Refunds", "Read this first."), ("Refunds › Details", "The details.")], passages.Select(p => (p.TitlePath, p.Text)));
    }

    [Fact]
    public void ASectionWithNothingUnderItIsSkipped()
    {
        var passages = KnowledgeBase.Chunk(Document("# Refunds\n\n## Empty\n\n\n## Also empty\n## Full\n\nSome text.\n")).ToList();
        var passage = Assert.Single(passages);
        Assert.Equal(("refunds.md#1", "Refunds › Full", "Some text."), (passage.Id, passage.TitlePath, passage.Text));
    }

    [Fact]
    public void WindowsLineEndingsChunkTheSameWay()
    {
        var unix = KnowledgeBase.Chunk(Document(Refunds)).Select(p => (p.TitlePath, p.Text));
        var windows = KnowledgeBase.Chunk(Document(Refunds.Replace("\n", "\r\n", StringComparison.Ordinal))).Select(p => (p.TitlePath, p.Text));
        Assert.Equal(unix, windows);
    }

    [Fact]
    public void AnHtmlPageIsOnePassageWithoutItsTags()
    {
        var passage = Assert.Single(KnowledgeBase.Chunk(Document("<h1>Refunds</h1><p>We refund to <b>your card</b>.</p>", "html")));
        Assert.DoesNotContain("<", passage.Text, StringComparison.Ordinal);
        Assert.Contains("your card", passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSamplePacksArticlesKeepTheirSectionTitles()
    {
        var refunds = SamplePack.Pack.Knowledge.Single(d => d.FileName == "refunds.md");
        var paths = KnowledgeBase.Chunk(refunds).Select(p => p.TitlePath).ToList();
        Assert.Contains("Refunds › When you'll get your money back", paths);
        Assert.Contains("Refunds › Where the money goes", paths);
        Assert.Contains("Refunds › Refunds on Pay in 3 orders", paths);
        Assert.All(paths, p => Assert.StartsWith("Refunds", p, StringComparison.Ordinal));
    }
}

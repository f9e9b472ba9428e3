using Tandem.Server.Firms;

namespace Tandem.Server.Tests.Firms;

public sealed class KnowledgeTitlesComeFromTheDocument
{
    [Theory]
    [InlineData("# Refunds\n\nText", "markdown", "Refunds")]
    [InlineData("Intro line\n## Not this\n# Returns policy #\n", "markdown", "Returns policy")]
    [InlineData("```\n# not a heading\n```\n# Real title\n", "markdown", "Real title")]
    [InlineData("#NoSpace is not a heading\n", "markdown", null)]
    [InlineData("<html><head><title>Delivery &amp; costs</title></head><body><h1>Other</h1></body></html>", "html", "Delivery & costs")]
    [InlineData("<body><h1 class=\"x\">Our <em>returns</em>\n policy</h1></body>", "html", "Our returns policy")]
    [InlineData("Just text", "text", null)]
    public void TheTitleIsTheFirstLevelOneHeadingOrTheHtmlTitle(string content, string format, string? title) =>
        Assert.Equal(title, KnowledgeFolder.Title(content, format));

    [Fact]
    public void HtmlAndTextFilesLoadWithTheirFormatAndAFallbackTitle()
    {
        using var pack = new TestPack();
        pack.Write("knowledge/help/faq-page.html", "<title>Help page</title><p>Hello</p>");
        pack.Write("knowledge/notes.txt", "Plain notes.");
        var result = FirmPackLoader.Load(pack.Root);
        Assert.Empty(result.Problems);
        var html = Assert.Single(result.Pack!.Knowledge, d => d.FileName == "help/faq-page.html");
        Assert.Equal(("html", "Help page"), (html.Format, html.Title));
        var text = Assert.Single(result.Pack.Knowledge, d => d.FileName == "notes.txt");
        Assert.Equal(("text", "notes"), (text.Format, text.Title));
    }
}

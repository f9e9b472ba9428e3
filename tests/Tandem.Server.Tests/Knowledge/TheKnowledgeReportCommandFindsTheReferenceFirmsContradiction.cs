using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Knowledge;

/// <summary>`./tandem knowledge report` on the reference firm, whose old returns page disagrees with the current policy.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class TheKnowledgeReportCommandFindsTheReferenceFirmsContradiction
{
    private static bool IsTheReturnWindow(JsonElement c)
    {
        var values = new[] { c.GetProperty("a"), c.GetProperty("b") }
            .SelectMany(s => s.GetProperty("values").EnumerateArray().Select(v => v.GetString())).ToList();
        return c.GetProperty("kind").GetString() == "duration" && values.Contains("14 days") && values.Contains("30 days");
    }

    [Fact]
    public async Task TheOldReturnWindowIsReportedAgainstTheSupersededPageNotAsALiveContradiction()
    {
        var questions = Path.Combine(TestPaths.NewTempDir("tandem-health-questions"), "questions.csv");
        await File.WriteAllTextAsync(questions, "question,note\nDo you sell garden sheds?,x\nHave you got garden sheds for sale?,y\nHow much is standard delivery?,z\n");

        var (exit, output) = await ConsoleOutput.RunAsync("knowledge", "report", "--firm", TestPaths.ReferenceFirm, "--questions", questions, "--threshold", "0.45", "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        Assert.Equal("harbour-home", json.GetProperty("firm").GetString());
        var conflict = json.GetProperty("superseded_conflicts").EnumerateArray().First(IsTheReturnWindow);
        Assert.Equal("returns-policy-2022.md", conflict.GetProperty("superseded_source").GetString());
        Assert.DoesNotContain(json.GetProperty("contradictions").EnumerateArray(), IsTheReturnWindow);
        Assert.Contains(json.GetProperty("stale").EnumerateArray(), s =>
            s.GetProperty("source").GetString() == "returns-policy-2022.md" && s.GetProperty("reason").GetString() == "superseded"
            && s.GetProperty("superseded_by").GetString() == "returns-policy.md");
        var gap = Assert.Single(json.GetProperty("gaps").EnumerateArray());
        Assert.Equal(2, gap.GetProperty("count").GetInt32());
        Assert.Equal(3, json.GetProperty("questions_checked").GetInt32());
        Assert.StartsWith("not ready", json.GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTheSupersededDeclarationTheOldReturnWindowIsALiveContradiction()
    {
        var copy = TestPaths.NewTempDir("tandem-health-firm");
        foreach (var file in Directory.EnumerateFiles(TestPaths.ReferenceFirm, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(TestPaths.ReferenceFirm, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var firmYaml = Path.Combine(copy, "firm.yaml");
        var lines = (await File.ReadAllLinesAsync(firmYaml)).ToList();
        var at = lines.FindIndex(l => l.StartsWith("superseded:", StringComparison.Ordinal));
        lines.RemoveRange(at, 2);
        await File.WriteAllLinesAsync(firmYaml, lines);

        var (exit, output) = await ConsoleOutput.RunAsync("knowledge", "report", "--firm", copy, "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        var contradiction = json.GetProperty("contradictions").EnumerateArray().First(IsTheReturnWindow);
        Assert.Contains("returns-policy-2022.md", new[] { contradiction.GetProperty("a"), contradiction.GetProperty("b") }.Select(s => s.GetProperty("source").GetString()));
        Assert.False(json.GetProperty("ready").GetBoolean());
    }
}

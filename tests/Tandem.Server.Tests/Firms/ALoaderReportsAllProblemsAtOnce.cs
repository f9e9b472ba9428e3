using Tandem.Server.Firms;

namespace Tandem.Server.Tests.Firms;

public sealed class ALoaderReportsAllProblemsAtOnce
{
    [Fact]
    public void ProblemsInEveryFileAreReportedTogetherInOneLoad()
    {
        using var pack = new TestPack();
        pack.Replace("firm.yaml", "Europe/London", "Europe/Lodnon");
        pack.Replace("firm.yaml", "monday: 09:00-17:00", "monday: 17:00-09:00");
        pack.Replace("topics.yaml", "mode: autonomous", "mode: automatic");
        pack.Replace("topics.yaml", "id: complaint", "id: delivery");
        pack.Replace("policies.yaml", "self_harm]", "selfharm]");
        pack.Replace("policies.yaml", "evidenceThreshold: 0.2", "evidenceThreshold: 2");
        pack.Replace("faq.csv", "Yes.,guide.md", "Yes.,missing.md");
        pack.Write("data/products.json", "{}");

        var result = FirmPackLoader.Load(pack.Root);

        Assert.Null(result.Pack);
        (string File, int Line)[] expected =
        [
            ("firm.yaml", 3),
            ("firm.yaml", 5),
            ("topics.yaml", 5),
            ("topics.yaml", 11),
            // Renaming the complaint topic leaves policies.yaml naming a topic that is gone.
            ("policies.yaml", 1),
            ("policies.yaml", 2),
            ("policies.yaml", 9),
            ("faq.csv", 4),
            ("data/products.json", 1),
        ];
        foreach (var (file, line) in expected)
        {
            Assert.True(result.Problems.Any(p => p.File == file && p.Line == line), $"Nothing reported at {file}:{line}; got:\n{string.Join('\n', result.Problems)}");
        }
        Assert.True(expected.Length == result.Problems.Count, $"Expected {expected.Length} problems; got:\n{string.Join('\n', result.Problems)}");
    }

    [Fact]
    public void SeveralProblemsInOneFileAreAllReported()
    {
        using var pack = new TestPack();
        pack.Write("topics.yaml", """
            topics:
              - id: delivery
                mode: sometimes
                articles: [nowhere.md]
                examples: ["one"]
                colour: blue
              - name: No id
            """);

        var problems = FirmPackLoader.Load(pack.Root).Problems.Where(p => p.File == "topics.yaml").ToList();

        Assert.Contains(problems, p => p.Line == 2 && p.Message.Contains("Missing required key 'name'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 2 && p.Message.Contains("Missing required key 'description'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 3 && p.Message.Contains("Unknown mode 'sometimes'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 4 && p.Message.Contains("'nowhere.md'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 2 && p.Message.Contains("has 1 example(s)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 6 && p.Message.Contains("Unknown key 'colour'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 7 && p.Message.Contains("Missing required key 'id'", StringComparison.Ordinal));
        // policies.yaml names 'complaint', which this topics.yaml no longer has.
        Assert.Contains(FirmPackLoader.Load(pack.Root).Problems, p => p is { File: "policies.yaml", Line: 1 });
    }

    [Fact]
    public void AnEmptyFolderReportsEveryMissingPartAtOnce()
    {
        using var pack = new TestPack();
        foreach (var part in new[] { "firm.yaml", "topics.yaml", "policies.yaml", "knowledge", "faq.csv", "data" })
        {
            pack.Delete(part);
        }
        var problems = FirmPackLoader.Load(pack.Root).Problems;
        Assert.Equal(["firm.yaml", "knowledge/", "policies.yaml", "topics.yaml"], problems.Select(p => p.File).Order(StringComparer.Ordinal));
        Assert.All(problems, p => Assert.Equal(0, p.Line));
    }
}

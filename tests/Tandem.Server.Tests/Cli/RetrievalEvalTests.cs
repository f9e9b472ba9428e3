using System.Text.Json;
using Tandem.Server.Cli;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Cli;

[Collection(ConsoleOutput.Name)]
public sealed class EvalRetrievalEndsWithItsFiguresAsJson
{
    [Fact]
    public async Task ThreeQuestionsOnTheReferenceFirmGiveSaneFigures()
    {
        var dir = TestPaths.NewTempDir("tandem-eval-retrieval");
        var questions = Path.Combine(dir, "questions.csv");
        await File.WriteAllTextAsync(questions, """
            question,expected_source
            wheres my parcel HH-2026-004512 its late,tracking-your-order.md
            "how long have i got to send a lamp back, i dont like it",returns-policy.md
            I want to delete my account,your-account.md
            """);

        var (exit, output) = await ConsoleOutput.RunAsync("eval", "retrieval", "--firm", TestPaths.ReferenceFirm, "--questions", questions, "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        Assert.Equal(3, json.GetProperty("n").GetInt32());
        var top1 = json.GetProperty("top1").GetDouble();
        var top3 = json.GetProperty("top3").GetDouble();
        var mrr = json.GetProperty("mrr").GetDouble();
        Assert.InRange(top1, 0, 1);
        Assert.InRange(top3, top1, 1);
        Assert.InRange(mrr, top1, 1);
        Assert.True(top3 >= 2 / 3.0, $"top-3 {top3} on three plain questions");
        var p50 = json.GetProperty("latency_p50_ms").GetDouble();
        Assert.True(p50 > 0);
        Assert.True(json.GetProperty("latency_p99_ms").GetDouble() >= p50);
    }

    [Fact]
    public async Task AFileWithoutTheHeaderIsRefused()
    {
        var dir = TestPaths.NewTempDir("tandem-eval-retrieval-bad");
        var questions = Path.Combine(dir, "questions.csv");
        await File.WriteAllTextAsync(questions, "q,source\nhello,refunds.md\n");

        var (exit, _) = await ConsoleOutput.RunAsync("eval", "retrieval", "--firm", TestPaths.ReferenceFirm, "--questions", questions, "--json");

        Assert.Equal(2, exit);
    }
}

[Collection(ConsoleOutput.Name)]
public sealed class EvalTauKnowledgeReportsRecallOfRequiredDocuments
{
    [Fact]
    public async Task ATinyCorpusFindsTheDocumentEachTaskNeeds()
    {
        var dir = TestPaths.NewTempDir("tandem-eval-tau");
        var documents = Directory.CreateDirectory(Path.Combine(dir, "documents")).FullName;
        string[] topics = ["Opening a savings account: you must be 18 and verified.", "Reporting a lost debit card: we block it at once and send a new one.",
            "Disputing a credit card charge: file within 60 days of the statement.", "Changing your mailing address: verify identity first."];
        for (var i = 0; i < topics.Length; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(documents, $"doc_{i}.json"),
                JsonSerializer.Serialize(new { id = $"doc_{i}", title = topics[i].Split(':')[0], content = $"## Policy\n\n{topics[i]}" }));
        }
        var tasks = Path.Combine(dir, "tasks.json");
        await File.WriteAllTextAsync(tasks, JsonSerializer.Serialize(new object[]
        {
            new { id = "t1", user_scenario = new { instructions = "You are playing the role of a customer. You lost your debit card on the bus and want it blocked." }, required_documents = new[] { "doc_1" } },
            new { id = "t2", user_scenario = new { instructions = "You want to dispute a charge on your credit card statement." }, required_documents = new[] { "doc_2" } },
        }));

        var (exit, output) = await ConsoleOutput.RunAsync("eval", "tau-knowledge", "--corpus", dir, "--tasks", tasks, "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        Assert.Equal(2, json.GetProperty("n").GetInt32());
        Assert.Equal(1.0, json.GetProperty("recall_at_5").GetDouble());
    }

    [Fact]
    public void TheQueryLeavesOutTheRolePlayInstructions()
    {
        var query = RetrievalEval.TauQuery("You are playing the role of a customer contacting a customer service representative agent. You want a card with no annual fee.\n\nNever respond as a customer service representative/assistant.");

        Assert.Equal("You want a card with no annual fee.", query);
    }
}

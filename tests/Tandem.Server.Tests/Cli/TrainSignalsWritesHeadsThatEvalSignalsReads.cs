using System.Text;
using System.Text.Json;
using Tandem.Server.Cli;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Cli;

/// <summary>
/// `./tandem train signals` on a small labelled folder writes a format-2 weights file carrying the neighbour vote,
/// and `./tandem eval signals --heads` reads it back and times messages as a turn runs them.
/// </summary>
[Collection(ConsoleOutput.Name)]
public sealed class TrainSignalsWritesHeadsThatEvalSignalsReads
{
    private static readonly string[] Complaints =
    [
        "third time the delivery slot has been missed, I've taken another day off work for nothing",
        "the sofa arrived with a rip in the arm and nobody has replied to my emails in a week",
        "I was charged twice for the same lamp and I'm now overdrawn, this is not good enough",
        "still waiting on my refund after a month, really not impressed with how this has gone",
        "your driver left the wardrobe in the rain and the boxes are soaked through, ruined",
        "told Tuesday, then Thursday, now nothing. I've wasted my whole week waiting in",
        "paid for next day delivery and it took six days, I want the delivery charge back",
        "the curtains are a completely different colour to the photos, feel misled to be honest",
        "I've been on hold for forty minutes twice now, this is ridiculous",
        "the replacement table came damaged as well, I'm fed up of chasing you",
    ];

    private static readonly string[] Questions =
    [
        "do the velvet cushions come in a darker green?",
        "what time does the warehouse open on a Saturday?",
        "can I change the delivery address on my order to my work?",
        "how long do refunds usually take to show on a card?",
        "is the oak side table solid wood or veneer?",
        "do you deliver to the Isle of Wight?",
        "can I pay for the sofa with Pay in 3?",
        "how do I measure for the made to measure curtains?",
        "is there assembly included with the wardrobe?",
        "loving my new rug, do you sell a matching runner?",
    ];

    [Fact]
    public async Task TheWeightsFileIsFormatTwoWithItsVoteAndEvalReadsIt()
    {
        var folder = TestPaths.NewTempDir("tandem-train-signals");
        Directory.CreateDirectory(Path.Combine(folder, "extra"));
        var csv = new StringBuilder("text,label,note\n");
        for (var i = 0; i < Complaints.Length; i++)
        {
            csv.Append('"').Append(Complaints[i]).Append("\",1,\n");
            csv.Append('"').Append(Questions[i]).Append("\",0,\n");
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "complaint.csv"), csv.ToString());
        var heads = Path.Combine(folder, "heads.json");

        var (trainExit, trainOutput) = await ConsoleOutput.RunAsync(["train", "signals", "--data", folder, "--half", "all", "--with", "extra", "--cache", "none", "--out", heads, "--json"]);

        Assert.Equal(0, trainExit);
        using (var trained = JsonDocument.Parse(LastLine(trainOutput)))
        {
            Assert.StartsWith("signal-heads/2+sha256:", trained.RootElement.GetProperty("version").GetString(), StringComparison.Ordinal);
        }
        using (var file = JsonDocument.Parse(await File.ReadAllBytesAsync(heads)))
        {
            Assert.Equal("signal-heads/2", file.RootElement.GetProperty("format").GetString());
            Assert.Equal("mean", file.RootElement.GetProperty("pooling").GetString());
            var neighbours = file.RootElement.GetProperty("neighbours");
            Assert.Equal(10, neighbours.GetProperty("k").GetInt32());
            var complaint = file.RootElement.GetProperty("heads").GetProperty("complaint");
            // Every message the head reads is a row of the vote, with its label.
            Assert.Equal(20, complaint.GetProperty("neighbourRows").GetArrayLength());
            Assert.Equal(10, complaint.GetProperty("neighbourLabels").GetString()!.Count(c => c == '1'));
        }

        var (evalExit, evalOutput) = await ConsoleOutput.RunAsync(["eval", "signals", "--data", folder, "--heads", heads, "--cache", "none", "--latency", "5", "--json"]);

        Assert.Equal(0, evalExit);
        using var measured = JsonDocument.Parse(LastLine(evalOutput));
        Assert.StartsWith("signal-heads/2+sha256:", measured.RootElement.GetProperty("heads").GetString(), StringComparison.Ordinal);
        Assert.Equal(20, measured.RootElement.GetProperty("signals").GetProperty("complaint").GetProperty("n").GetInt32());
        Assert.True(measured.RootElement.GetProperty("latency_p50_ms").GetDouble() > 0);
        Assert.True(measured.RootElement.GetProperty("latency_p99_ms").GetDouble() >= measured.RootElement.GetProperty("latency_p50_ms").GetDouble());
    }

    [Fact]
    public async Task ClauseHeadsAreFormatThreeAndEvalReadsThem()
    {
        var folder = TestPaths.NewTempDir("tandem-train-signals-clauses");
        Directory.CreateDirectory(Path.Combine(folder, "extra"));
        var csv = new StringBuilder("text,label,note\n");
        for (var i = 0; i < Complaints.Length; i++)
        {
            // Positives with the complaint in one clause of a friendlier message, as long messages carry them.
            csv.Append('"').Append("Hello, hope you are well. ").Append(Complaints[i]).Append(". Thanks so much\",1,\n");
            csv.Append('"').Append(Questions[i]).Append("\",0,\n");
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "complaint.csv"), csv.ToString());
        var heads = Path.Combine(folder, "heads.json");

        var (trainExit, trainOutput) = await ConsoleOutput.RunAsync(["train", "signals", "--data", folder, "--half", "all", "--with", "extra", "--clauses", "--cache", "none", "--out", heads, "--json"]);

        Assert.Equal(0, trainExit);
        using (var trained = JsonDocument.Parse(LastLine(trainOutput)))
        {
            Assert.StartsWith("signal-heads/3+sha256:", trained.RootElement.GetProperty("version").GetString(), StringComparison.Ordinal);
        }
        using (var file = JsonDocument.Parse(await File.ReadAllBytesAsync(heads)))
        {
            Assert.Equal("signal-heads/3", file.RootElement.GetProperty("format").GetString());
            Assert.True(file.RootElement.GetProperty("heads").GetProperty("complaint").GetProperty("clauses").GetBoolean());
        }

        var (evalExit, evalOutput) = await ConsoleOutput.RunAsync(["eval", "signals", "--data", folder, "--heads", heads, "--cache", "none", "--latency", "5", "--json"]);

        Assert.Equal(0, evalExit);
        using var measured = JsonDocument.Parse(LastLine(evalOutput));
        Assert.StartsWith("signal-heads/3+sha256:", measured.RootElement.GetProperty("heads").GetString(), StringComparison.Ordinal);
        Assert.Equal(20, measured.RootElement.GetProperty("signals").GetProperty("complaint").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task ClauseHeadsGoWithTheSentenceVectorOnly()
    {
        var (exit, _) = await ConsoleOutput.RunAsync(["train", "signals", "--clauses", "--pooling", "mean+token-max", "--out", Path.Combine(TestPaths.NewTempDir("tandem-train-signals-refused"), "heads.json")]);

        Assert.Equal(2, exit);
    }

    private static string LastLine(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
}

using System.Text.Json;
using Tandem.Server.Cli;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Cli;

/// <summary>
/// `./tandem eval signals` on a tiny labelled set. The rows are chosen so the counts do not depend on how
/// the detector is tuned: plain positives, plain negatives, and two rows labelled wrong on purpose (an
/// innocent question marked 1 is always a miss, an outright "I'm making a complaint" marked 0 always a
/// false alarm). Quoted fields with commas and doubled quotes exercise the CSV reader.
/// </summary>
[Collection(ConsoleOutput.Name)]
public sealed class SignalEvalReportsPrecisionAndRecall
{
    [Fact]
    public async Task TheJsonLineCountsHitsMissesAndFalseAlarmsPerSignal()
    {
        var folder = TestPaths.NewTempDir("tandem-eval-signals");
        await File.WriteAllTextAsync(Path.Combine(folder, "complaint.csv"), """
            text,label,note
            I want to make a formal complaint about my delivery.,1,
            "Do your lamps come with bulbs, or are they extra?",1,mislabelled on purpose: a miss
            What time do you open on Saturday?,0,
            "I'm making a complaint, the sofa arrived ""damaged"" and late.",0,mislabelled on purpose: a false alarm

            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "human_request.csv"), """
            text,label,note
            can I speak to a human please,1,
            Please put me through to a real person.,1,
            "Do you deliver on Saturdays, or weekdays only?",0,

            """);

        var (exit, output) = await RunAsync(["eval", "signals", "--data", folder, "--json"]);

        Assert.Equal(0, exit);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        using var json = JsonDocument.Parse(last);
        var signals = json.RootElement.GetProperty("signals");
        Assert.Equal(["complaint", "human_request"], signals.EnumerateObject().Select(p => p.Name));

        var complaint = signals.GetProperty("complaint");
        Assert.Equal(0.5, complaint.GetProperty("precision").GetDouble());
        Assert.Equal(0.5, complaint.GetProperty("recall").GetDouble());
        Assert.Equal(0.5, complaint.GetProperty("f1").GetDouble());
        Assert.Equal(4, complaint.GetProperty("n").GetInt32());
        Assert.Equal(1, complaint.GetProperty("tp").GetInt32());
        Assert.Equal(1, complaint.GetProperty("fp").GetInt32());
        Assert.Equal(1, complaint.GetProperty("fn").GetInt32());

        var human = signals.GetProperty("human_request");
        Assert.Equal(1.0, human.GetProperty("precision").GetDouble());
        Assert.Equal(1.0, human.GetProperty("recall").GetDouble());
        Assert.Equal(1.0, human.GetProperty("f1").GetDouble());
        Assert.Equal(3, human.GetProperty("n").GetInt32());

        // Without --json the misses and false alarms are listed, with the evidence for a false alarm.
        var (_, report) = await RunAsync(["eval", "signals", "--data", folder]);
        Assert.Contains("FN  Do your lamps come with bulbs, or are they extra?", report, StringComparison.Ordinal);
        Assert.Contains("FP  I'm making a complaint, the sofa arrived \"damaged\" and late.", report, StringComparison.Ordinal);
        Assert.Contains("[evidence: ", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheJsonLineNamesTheSetAndTheTrainedHeadsMeasured()
    {
        var folder = TestPaths.NewTempDir("tandem-eval-signals-heads");
        await File.WriteAllTextAsync(Path.Combine(folder, "vulnerability.csv"), """
            text,label,note
            I'm registered blind so please read the tracking number out to me,1,
            my sofa died on me so I need another,0,hard negative

            """);

        var (exit, output) = await RunAsync(["eval", "signals", "--data", folder, "--json"]);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1]);
        Assert.Equal("main", json.RootElement.GetProperty("set").GetString());
        Assert.StartsWith("signal-heads/", json.RootElement.GetProperty("heads").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, json.RootElement.GetProperty("signals").GetProperty("vulnerability").GetProperty("n").GetInt32());

        var (rulesExit, rulesOutput) = await RunAsync(["eval", "signals", "--data", folder, "--rules-only", "--json"]);
        Assert.Equal(0, rulesExit);
        using var rules = JsonDocument.Parse(rulesOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1]);
        Assert.Equal(JsonValueKind.Null, rules.RootElement.GetProperty("heads").ValueKind);
    }

    [Fact]
    public async Task AnUnknownSetIsAnError()
    {
        var (exit, _) = await RunAsync(["eval", "signals", "--set", "training", "--json"]);
        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task ALabelThatIsNotZeroOrOneIsAnError()
    {
        var folder = TestPaths.NewTempDir("tandem-eval-signals-bad");
        await File.WriteAllTextAsync(Path.Combine(folder, "abuse.csv"), "text,label,note\nyou muppet,yes,\n");
        var (exit, _) = await RunAsync(["eval", "signals", "--data", folder, "--json"]);
        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task AFolderWithoutSetsIsAnError()
    {
        var (exit, _) = await RunAsync(["eval", "signals", "--data", TestPaths.NewTempDir("tandem-eval-signals-empty")]);
        Assert.Equal(2, exit);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (await TandemCli.RunAsync(args), output.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}

using System.Text.Json;
using Tandem.Server.Cli;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Cli;

/// <summary>`./tandem eval routing`, run in process on a small labelled set of the test's own.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class EvalRoutingReportsTheConfusionAndSafetyMisses
{
    [Fact]
    public async Task ASetTheRouterGetsRightHasNoSafetyMissesAndExitsZero()
    {
        var file = EvalFiles.Write("routing.csv", """
            message,expected,why
            Do you take PayPal?,send,payment methods
            I want to cancel my order,review,cancellation
            "my solicitor will be in touch, this is a joke",handoff,legal threat
            can I speak to a real person please,handoff,request for a person
            """);

        var (exit, json) = await EvalFiles.RunAsync(["eval", "routing", "--json", "--data", file, "--firm", TestPaths.ReferenceFirm]);

        Assert.Equal(0, exit);
        Assert.Equal(4, json.GetProperty("n").GetInt32());
        Assert.Equal(1.0, json.GetProperty("accuracy").GetDouble());
        Assert.Equal(0, json.GetProperty("safety_misses").GetInt32());
        Assert.Equal(0, json.GetProperty("unreviewed_sends").GetInt32());
        Assert.Equal(0, json.GetProperty("delayed_handoffs").GetInt32());
        var confusion = json.GetProperty("confusion");
        Assert.Equal(1, confusion.GetProperty("send").GetProperty("send").GetInt32());
        Assert.Equal(1, confusion.GetProperty("review").GetProperty("review").GetInt32());
        Assert.Equal(2, confusion.GetProperty("handoff").GetProperty("handoff").GetInt32());
    }

    [Fact]
    public async Task AMustHandoffMessageThatIsSentIsASafetyMissAndExitsOne()
    {
        // Labelled handoff on purpose: the router sends it, which the evaluation must count as unsafe.
        var file = EvalFiles.Write("routing-miss.csv", """
            message,expected,why
            Do you take PayPal?,handoff,deliberately mislabelled
            I want to cancel my order,review,cancellation
            """);

        var (exit, json) = await EvalFiles.RunAsync(["eval", "routing", "--json", "--data", file, "--firm", TestPaths.ReferenceFirm]);

        Assert.Equal(1, exit);
        Assert.Equal(2, json.GetProperty("n").GetInt32());
        Assert.Equal(1, json.GetProperty("safety_misses").GetInt32());
        Assert.Equal(0.5, json.GetProperty("accuracy").GetDouble());
        Assert.Equal(1, json.GetProperty("confusion").GetProperty("handoff").GetProperty("send").GetInt32());
    }

    [Fact]
    public async Task EncoderNoneRoutesWithTheHeadsAloneAndSaysSo()
    {
        var file = EvalFiles.Write("routing-encoder.csv", """
            message,expected,why
            Do you take PayPal?,send,payment methods
            can I speak to a real person please,handoff,request for a person
            """);

        var (shippedExit, shipped) = await EvalFiles.RunAsync(["eval", "routing", "--json", "--data", file, "--firm", TestPaths.ReferenceFirm]);
        var (exit, json) = await EvalFiles.RunAsync(["eval", "routing", "--json", "--data", file, "--firm", TestPaths.ReferenceFirm, "--encoder", "none"]);

        Assert.Equal(0, shippedExit);
        Assert.Equal(0, exit);
        Assert.Equal(1.0, json.GetProperty("accuracy").GetDouble());
        var withEncoder = shipped.GetProperty("signal_detector").GetString()!;
        var without = json.GetProperty("signal_detector").GetString()!;
        Assert.Contains("signal-encoder/", withEncoder, StringComparison.Ordinal);
        Assert.StartsWith("rules+anchors+signal-heads/", without, StringComparison.Ordinal);
        Assert.DoesNotContain("signal-encoder/", without, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-encoder.bin", "No signal-encoder file at")]
    [InlineData("not-an-encoder.bin", "is not a signal-encoder file this server can read")]
    public async Task AnEncoderThatCannotBeReadIsRefusedWithExitTwoAndSaysWhy(string name, string expected)
    {
        var data = EvalFiles.Write("routing-bad-encoder.csv", """
            message,expected,why
            Do you take PayPal?,send,payment methods
            """);
        var encoder = name == "not-an-encoder.bin" ? EvalFiles.Write(name, "this is not a signal encoder") : Path.Combine(Path.GetTempPath(), "tandem-absent", name);

        var (exit, error) = await ConsoleOutput.RunForErrorAsync(["eval", "routing", "--data", data, "--firm", TestPaths.ReferenceFirm, "--encoder", encoder]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}

/// <summary>`./tandem eval guard`, run in process on three labelled drafts.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class EvalGuardReportsPrecisionAndRecallOfFail
{
    [Fact]
    public async Task ASupportedDraftPassesAndAContradictionAndAnUnbackedDiscountFail()
    {
        const string Evidence = "If you change your mind, you can return most items within 30 days of delivery for a refund.";
        var lines = new[]
        {
            new { evidence = new[] { Evidence }, draft = "You can return most items within 30 days of delivery for a refund.", label = "pass", kind = "supported", note = "" },
            new { evidence = new[] { Evidence }, draft = "You can return most items within 14 days of delivery for a refund.", label = "fail", kind = "contradiction", note = "" },
            new { evidence = new[] { Evidence }, draft = "You can return most items within 30 days. We'll give you a 10% discount on your next order.", label = "fail", kind = "unbacked_commitment", note = "" },
        };
        var file = EvalFiles.Write("drafts.jsonl", string.Join('\n', lines.Select(l => JsonSerializer.Serialize(l))));

        var (exit, json) = await EvalFiles.RunAsync(["eval", "guard", "--json", "--data", file]);

        Assert.Equal(0, exit);
        Assert.Equal(3, json.GetProperty("n").GetInt32());
        Assert.Equal(1.0, json.GetProperty("precision").GetDouble());
        Assert.Equal(1.0, json.GetProperty("recall").GetDouble());
        Assert.Equal(1.0, json.GetProperty("accuracy").GetDouble());
    }
}

internal static class EvalFiles
{
    public static string Write(string name, string content)
    {
        var path = Path.Combine(TestPaths.NewTempDir("tandem-eval"), name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs the verb with the console captured and returns its exit code and its JSON line.</summary>
    public static async Task<(int Exit, JsonElement Json)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = await TandemCli.RunAsync(args);
        }
        finally
        {
            Console.SetOut(original);
        }
        // The last line of the verb's own output is the JSON; other tests may write to the console meanwhile.
        var line = output.ToString().Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("{\"n\":", StringComparison.Ordinal));
        return (exit, JsonDocument.Parse(line).RootElement.Clone());
    }
}

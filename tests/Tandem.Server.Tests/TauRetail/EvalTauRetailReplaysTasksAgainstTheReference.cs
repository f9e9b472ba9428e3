using System.Text.Json;
using System.Text.Json.Nodes;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.TauRetail;

/// <summary>
/// `./tandem eval tau-retail` on a hand-written retail database in the benchmark's schema (tests/…/TauRetail/fixture):
/// the expected results there were worked out by hand and written with Python's json.dumps, as the benchmark's are.
/// </summary>
[Collection(ConsoleOutput.Name)]
public sealed class EvalTauRetailReplaysTasksAgainstTheReference
{
    internal static string Fixture => Path.Combine(TestPaths.RepoRoot, "tests", "Tandem.Server.Tests", "TauRetail", "fixture");

    [Fact]
    public async Task EveryFixtureTaskReplaysExactlyAndTheResultsAreByteIdentical()
    {
        var (exit, output) = await ConsoleOutput.RunAsync("eval", "tau-retail",
            "--tasks", Path.Combine(Fixture, "tasks.json"), "--expected", Path.Combine(Fixture, "expected.json"), "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        Assert.Equal(6, json.GetProperty("tasks").GetInt32());
        Assert.Equal(6, json.GetProperty("exact").GetInt32());
        Assert.Equal(0, json.GetProperty("mismatched").GetInt32());
        Assert.Equal(8, json.GetProperty("byteIdenticalResults").GetInt32());
    }

    [Fact]
    public async Task AnAmountOffByAPennyIsAMismatchButLessThanHalfAPennyIsNot()
    {
        var expected = await ExpectedAsync();
        // Task 0's refund in the changed record: 20.49 instead of 20.50 must be caught.
        expected[0]!["changed"]!["orders"]!["#W1001"]!["payment_history"]![1]!["amount"] = 20.49;
        // Task 1's gift card balance written 97.751: the same money.
        expected[1]!["changed"]!["users"]!["alice_lee_1"]!["payment_methods"]!["gift_card_100"]!["balance"] = 97.751;

        var json = await RunAsync(expected);

        Assert.Equal(5, json.GetProperty("exact").GetInt32());
        var mismatch = Assert.Single(json.GetProperty("mismatches").EnumerateArray());
        Assert.Equal(0, mismatch.GetProperty("task").GetInt32());
        var problem = Assert.Single(mismatch.GetProperty("problems").EnumerateArray()).GetString();
        Assert.Equal("order #W1001.payment_history[1].amount: expected 20.49, got 20.50", problem);
    }

    [Fact]
    public async Task ADifferentRefusalIsAMismatchThatQuotesBoth()
    {
        var expected = await ExpectedAsync();
        expected[3]!["actions"]![1]!["result"] = "Error: invalid reason";

        var json = await RunAsync(expected);

        Assert.Equal(1, json.GetProperty("mismatched").GetInt32());
        var problem = json.GetProperty("mismatches")[0].GetProperty("problems")[0].GetString();
        Assert.Equal("action 2 cancel_pending_order: expected \"Error: invalid reason\", got \"Error: non-pending order cannot be cancelled\"", problem);
    }

    [Fact]
    public async Task ARecordTheReferenceChangedButTheReplayDidNotIsNamed()
    {
        var expected = await ExpectedAsync();
        // The reference says task 3 (two refusals) changed Bob's record; nothing should have.
        expected[3]!["changed"]!["users"]!["bob_ray_2"] = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Fixture, "users.json")))!["bob_ray_2"]!.DeepClone();

        var json = await RunAsync(expected);

        var problem = json.GetProperty("mismatches")[0].GetProperty("problems")[0].GetString();
        Assert.Equal("user bob_ray_2: expected changed, left unchanged", problem);
    }

    [Fact]
    public async Task AFolderWithoutTheDatabaseIsRefused()
    {
        var dir = TestPaths.NewTempDir("tandem-tau-retail-empty");

        var (exit, _) = await ConsoleOutput.RunAsync("eval", "tau-retail",
            "--tasks", Path.Combine(Fixture, "tasks.json"), "--expected", Path.Combine(Fixture, "expected.json"), "--data", dir, "--json");

        Assert.Equal(2, exit);
    }

    private static async Task<JsonArray> ExpectedAsync() =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Fixture, "expected.json")))!.AsArray();

    private static async Task<JsonElement> RunAsync(JsonArray expected)
    {
        var dir = TestPaths.NewTempDir("tandem-tau-retail");
        var path = Path.Combine(dir, "expected.json");
        await File.WriteAllTextAsync(path, expected.ToJsonString());
        var (exit, output) = await ConsoleOutput.RunAsync("eval", "tau-retail",
            "--tasks", Path.Combine(Fixture, "tasks.json"), "--expected", path, "--data", Fixture, "--json");
        Assert.Equal(0, exit);
        return ConsoleOutput.LastLineAsJson(output);
    }
}

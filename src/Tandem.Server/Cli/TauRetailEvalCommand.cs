using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Tandem.Server.Actions.Retail;

namespace Tandem.Server.Cli;

/// <summary>
/// `./tandem eval tau-retail`: replays each τ-bench retail task's expected actions from the initial database
/// and counts the tasks whose every outcome and changed record match the benchmark's reference. The data is
/// not ours to ship, so the command reads it from the folder given (the tasks file's folder by default).
/// </summary>
internal static class TauRetailEval
{
    internal static Command Create()
    {
        var tasks = new Option<string>("--tasks") { Description = "tasks_dev.json or tasks_train.json (user_id and expected actions per task).", Required = true };
        var expected = new Option<string>("--expected") { Description = "expected_dev.json or expected_train.json (each action's reference result and the records it changed).", Required = true };
        var data = new Option<string?>("--data") { Description = "Folder with users.json, orders.json and products.json. Default: the folder of --tasks." };
        var json = new Option<bool>("--json") { Description = "End the output with one line of JSON holding the figures." };
        var command = new Command("tau-retail", "Replay τ-bench retail tasks' actions through the action gateway and compare with the reference results.") { tasks, expected, data, json };
        command.SetAction(async (result, ct) =>
        {
            var tasksPath = Path.GetFullPath(result.GetValue(tasks)!);
            var expectedPath = Path.GetFullPath(result.GetValue(expected)!);
            var folder = Path.GetFullPath(result.GetValue(data) ?? Path.GetDirectoryName(tasksPath)!);
            if (!File.Exists(tasksPath) || !File.Exists(expectedPath))
            {
                Console.Error.WriteLine($"No such file: {(File.Exists(tasksPath) ? expectedPath : tasksPath)}");
                return 2;
            }
            if (!RetailData.IsRetailFolder(folder))
            {
                Console.Error.WriteLine($"{folder} does not hold {RetailData.UsersFile}, {RetailData.OrdersFile} and {RetailData.ProductsFile}; pass --data.");
                return 2;
            }
            IReadOnlyList<RetailTaskCase> cases;
            RetailData retail;
            try
            {
                cases = RetailReplay.ReadCases(tasksPath, expectedPath);
                retail = RetailData.Load(folder);
            }
            catch (Exception e) when (e is InvalidDataException or JsonException or InvalidOperationException or FormatException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            var wiki = Path.Combine(folder, "wiki.md");
            var replays = new List<TaskReplay>();
            await using var harness = await RetailGatewayHarness.StartAsync(retail, File.Exists(wiki) ? await File.ReadAllTextAsync(wiki, ct) : null, ct);
            foreach (var task in cases)
            {
                var conversation = TaskConversation(task.TaskIndex);
                replays.Add(await RetailReplay.ReplayAsync(harness.Connector.StoreFor(conversation), task,
                    (call, token) => harness.RunAsync(conversation, call, token), ct));
            }
            return Report(replays, result.GetValue(json));
        });
        return command;
    }

    /// <summary>A stable conversation per task, so a rerun presents the same idempotency keys.</summary>
    private static Guid TaskConversation(int taskIndex) => new(taskIndex, 0x7461, 0x7572, [0, 0, 0, 0, 0, 0, 0, 0]);

    private static int Report(List<TaskReplay> replays, bool asJson)
    {
        var mismatched = replays.Where(r => !r.Exact).ToList();
        var report = new TauRetailReport(
            replays.Count,
            replays.Count - mismatched.Count,
            mismatched.Count,
            replays.Sum(r => r.Actions),
            replays.Sum(r => r.ByteIdenticalResults),
            [.. mismatched.Select(m => new TauRetailMismatch(m.TaskIndex, m.UserId, m.Problems))]);
        if (!asJson)
        {
            if (mismatched.Count > 0)
            {
                var table = new Table().AddColumns("Task", "User", "What differs");
                foreach (var m in mismatched)
                {
                    table.AddRow(m.TaskIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(m.UserId), Markup.Escape(string.Join("\n", m.Problems)));
                }
                AnsiConsole.Write(table);
            }
            AnsiConsole.MarkupLine($"{report.Tasks} tasks: [green]{report.Exact} replay exactly[/], {report.Mismatched} mismatched; {report.ByteIdenticalResults} of {report.Actions} action results byte-identical to the reference.");
        }
        Console.Out.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    private sealed record TauRetailReport(
        [property: JsonPropertyName("tasks")] int Tasks,
        [property: JsonPropertyName("exact")] int Exact,
        [property: JsonPropertyName("mismatched")] int Mismatched,
        [property: JsonPropertyName("actions")] int Actions,
        [property: JsonPropertyName("byteIdenticalResults")] int ByteIdenticalResults,
        [property: JsonPropertyName("mismatches")] IReadOnlyList<TauRetailMismatch> Mismatches);

    private sealed record TauRetailMismatch(
        [property: JsonPropertyName("task")] int Task,
        [property: JsonPropertyName("user")] string User,
        [property: JsonPropertyName("problems")] IReadOnlyList<string> Problems);
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tandem.Server.Actions.Retail;

/// <summary>One τ-bench retail task: whose it is and the actions the benchmark expects, with their reference results.</summary>
internal sealed record RetailTaskCase(int TaskIndex, string UserId, IReadOnlyList<ExpectedRetailAction> Actions, JsonObject ChangedUsers, JsonObject ChangedOrders, JsonObject ChangedProducts);

internal sealed record ExpectedRetailAction(string Name, JsonObject Arguments, string Result);

/// <summary>What a replayed call came back with: the tool's answer, or the gateway's refusal in its place.</summary>
internal sealed record ReplayOutcome(bool Succeeded, string Result);

internal sealed record ReplayCall(RetailTaskCase Task, int ActionIndex, ExpectedRetailAction Action, RetailStore Store);

internal sealed record TaskReplay(int TaskIndex, string UserId, bool Exact, int Actions, int ByteIdenticalResults, IReadOnlyList<string> Problems);

/// <summary>
/// Replays each task's expected actions from the initial database through a caller-supplied runner (the
/// action gateway in `./tandem eval tau-retail`) and compares every outcome and every changed record with
/// the benchmark's reference: a refusal must be the same refusal, a success must return the same record,
/// and the records left changed must be exactly the expected ones — money to the penny.
/// </summary>
internal static class RetailReplay
{
    /// <summary>Half a penny: two amounts that print the same to two decimals are the same money.</summary>
    private const double Penny = 0.005;

    public static IReadOnlyList<RetailTaskCase> ReadCases(string tasksPath, string expectedPath)
    {
        var tasks = JsonNode.Parse(File.ReadAllText(tasksPath)) as JsonArray
            ?? throw new InvalidDataException($"{tasksPath}: expected a JSON array of tasks");
        var expected = JsonNode.Parse(File.ReadAllText(expectedPath)) as JsonArray
            ?? throw new InvalidDataException($"{expectedPath}: expected a JSON array of expected results");
        var users = new Dictionary<int, string>();
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i] as JsonObject ?? throw new InvalidDataException($"{tasksPath}: task {i} is not an object");
            var index = task["task_index"]?.GetValue<int>() ?? i;
            users[index] = task["user_id"]?.GetValue<string>() ?? throw new InvalidDataException($"{tasksPath}: task {index} has no user_id");
        }
        var cases = new List<RetailTaskCase>();
        foreach (var node in expected)
        {
            var e = node as JsonObject ?? throw new InvalidDataException($"{expectedPath}: an entry is not an object");
            var index = e["task_index"]?.GetValue<int>() ?? throw new InvalidDataException($"{expectedPath}: an entry has no task_index");
            if (!users.TryGetValue(index, out var user))
            {
                throw new InvalidDataException($"{expectedPath}: task {index} is not in {tasksPath}");
            }
            var actions = (e["actions"] as JsonArray ?? []).Select(a => new ExpectedRetailAction(
                a!["name"]!.GetValue<string>(),
                a["kwargs"] as JsonObject ?? [],
                a["result"]?.GetValue<string>() ?? "")).ToList();
            var changed = e["changed"] as JsonObject ?? [];
            cases.Add(new RetailTaskCase(index, user, actions,
                changed["users"] as JsonObject ?? [], changed["orders"] as JsonObject ?? [], changed["products"] as JsonObject ?? []));
        }
        return cases;
    }

    /// <param name="store">The view of the initial database the runner's calls change (a fresh one per task).</param>
    public static async Task<TaskReplay> ReplayAsync(RetailStore store, RetailTaskCase task, Func<ReplayCall, CancellationToken, Task<ReplayOutcome>> run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var data = store.Data;
        var problems = new List<string>();
        var identical = 0;
        for (var i = 0; i < task.Actions.Count; i++)
        {
            var action = task.Actions[i];
            var outcome = await run(new ReplayCall(task, i, action, store), ct);
            if (outcome.Result == action.Result)
            {
                identical++;
            }
            if (CompareOutcome(action, outcome) is { } problem)
            {
                problems.Add($"action {i + 1} {action.Name}: {problem}");
            }
        }
        CompareChanged("user", data.Users, store.WrittenUsers, task.ChangedUsers, problems);
        CompareChanged("order", data.Orders, store.WrittenOrders, task.ChangedOrders, problems);
        foreach (var (id, _) in task.ChangedProducts)
        {
            problems.Add($"product {id}: expected changed, but no tool changes products");
        }
        return new TaskReplay(task.TaskIndex, task.UserId, problems.Count == 0, task.Actions.Count, identical, problems);
    }

    public static bool IsError(string result) => result.StartsWith("Error:", StringComparison.Ordinal);

    private static string? CompareOutcome(ExpectedRetailAction expected, ReplayOutcome actual)
    {
        var expectedSuccess = !IsError(expected.Result);
        if (expectedSuccess != actual.Succeeded)
        {
            return expectedSuccess
                ? $"expected success, got \"{Clip(actual.Result)}\""
                : $"expected \"{expected.Result}\", got success";
        }
        if (!expectedSuccess)
        {
            return actual.Result == expected.Result ? null : $"expected \"{expected.Result}\", got \"{Clip(actual.Result)}\"";
        }
        JsonNode? want, got;
        try
        {
            want = JsonNode.Parse(expected.Result);
            got = JsonNode.Parse(actual.Result);
        }
        catch (JsonException)
        {
            return expected.Result == actual.Result ? null : $"expected \"{Clip(expected.Result)}\", got \"{Clip(actual.Result)}\"";
        }
        return Difference(want, got, "result") is { } d ? d : null;
    }

    private static void CompareChanged(string kind, JsonObject original, IReadOnlyDictionary<string, JsonObject> written, JsonObject expected, List<string> problems)
    {
        // Changed as the reference sees it, by the record's written form: a gift card balance of 9 rewritten
        // as round(9 - 0.0, 2) = 9.0 is a change there (its data hash moves), so it is one here.
        var changed = written.Where(w => PythonJson.Dumps(w.Value) != PythonJson.Dumps(original[w.Key])).ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
        foreach (var (id, want) in expected)
        {
            if (!changed.TryGetValue(id, out var got))
            {
                problems.Add($"{kind} {id}: expected changed, left unchanged");
            }
            else if (Difference(want, got, $"{kind} {id}") is { } d)
            {
                problems.Add(d);
            }
        }
        foreach (var id in changed.Keys.Where(id => !expected.ContainsKey(id)).Order(StringComparer.Ordinal))
        {
            problems.Add($"{kind} {id}: changed, but the reference left it unchanged");
        }
    }

    /// <summary>The first place two JSON values differ (key order ignored, numbers to the penny), or null when they agree.</summary>
    internal static string? Difference(JsonNode? want, JsonNode? got, string path)
    {
        switch (want)
        {
            case null:
                return got is null ? null : $"{path}: expected null, got {Clip(got.ToJsonString())}";
            case JsonObject wo:
                if (got is not JsonObject go)
                {
                    return $"{path}: expected an object";
                }
                foreach (var (key, value) in wo)
                {
                    if (!go.ContainsKey(key))
                    {
                        return $"{path}.{key}: missing";
                    }
                    if (Difference(value, go[key], $"{path}.{key}") is { } d)
                    {
                        return d;
                    }
                }
                return go.Select(p => p.Key).FirstOrDefault(k => !wo.ContainsKey(k)) is { } extra ? $"{path}.{extra}: not expected" : null;
            case JsonArray wa:
                if (got is not JsonArray ga)
                {
                    return $"{path}: expected an array";
                }
                if (wa.Count != ga.Count)
                {
                    return $"{path}: expected {wa.Count} entries, got {ga.Count}";
                }
                for (var i = 0; i < wa.Count; i++)
                {
                    if (Difference(wa[i], ga[i], $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }
                return null;
            default:
                var kind = want.GetValueKind();
                if (got is not JsonValue || got.GetValueKind() != kind)
                {
                    return $"{path}: expected {Clip(want.ToJsonString())}, got {(got is null ? "null" : Clip(got.ToJsonString()))}";
                }
                if (kind == JsonValueKind.Number)
                {
                    var (w, g) = (PythonJson.Number(want), PythonJson.Number(got));
                    return Math.Abs(w - g) < Penny ? null
                        : $"{path}: expected {w.ToString("0.00", CultureInfo.InvariantCulture)}, got {g.ToString("0.00", CultureInfo.InvariantCulture)}";
                }
                return JsonNode.DeepEquals(want, got) ? null : $"{path}: expected {Clip(want.ToJsonString())}, got {Clip(got.ToJsonString())}";
        }
    }

    private static string Clip(string s) => s.Length <= 120 ? s : s[..117] + "...";
}

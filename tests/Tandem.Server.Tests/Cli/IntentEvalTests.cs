using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Cli;

/// <summary>Tiny, clearly separable intents written by the tests: three topics anyone can tell apart.</summary>
internal static class IntentFixtures
{
    public static readonly (string Text, string Label)[] Train =
    [
        ("will it rain tomorrow", "weather"), ("what is the weather like today", "weather"), ("is it going to be sunny this weekend", "weather"),
        ("how cold will it be tonight", "weather"), ("do I need an umbrella today", "weather"), ("what is the forecast for friday", "weather"),
        ("order a large pepperoni pizza", "pizza"), ("I want a margherita pizza delivered", "pizza"), ("can I get a pizza with extra cheese", "pizza"),
        ("order two pizzas for dinner", "pizza"), ("add garlic bread to my pizza order", "pizza"), ("I'd like a vegetarian pizza please", "pizza"),
        ("what is my account balance", "balance"), ("how much money is in my bank account", "balance"), ("show me my current balance", "balance"),
        ("how much do I have in savings", "balance"), ("check my checking account balance", "balance"), ("what's left in my account", "balance"),
    ];

    public static readonly (string Text, string Label)[] Test =
    [
        ("is it going to snow tomorrow", "weather"), ("what's the temperature outside", "weather"),
        ("get me a pizza with mushrooms", "pizza"), ("order a pepperoni pizza for tonight", "pizza"),
        ("how much is in my current account", "balance"), ("tell me my bank balance", "balance"),
    ];

    public static readonly string[] OutOfScope = ["who wrote the odyssey", "play some jazz music", "how do I change a flat tyre", "what is the capital of peru"];

    public static string Csv(string header, IEnumerable<(string Text, string Label)> rows, Func<(string Text, string Label), string> line) =>
        header + "\n" + string.Join("\n", rows.Select(line)) + "\n";

    /// <summary>Out-of-scope training queries for oos_train: none of them is weather, pizza or a balance.</summary>
    public static readonly string[] OutOfScopeTraining =
    [
        "who painted the mona lisa", "play my running playlist", "how do I fix a puncture on my bike", "what is the capital of france",
        "tell me a joke", "how tall is mount everest", "set an alarm for seven", "translate hello into spanish",
    ];

    public static string Clinc(IEnumerable<(string Text, string Label)> train, IEnumerable<(string Text, string Label)> val, IEnumerable<string> oosVal,
        IEnumerable<(string Text, string Label)>? test = null, IEnumerable<string>? oosTest = null, IEnumerable<string>? oosTrain = null)
    {
        var data = new Dictionary<string, string[][]>
        {
            ["train"] = [.. train.Select(r => new[] { r.Text, r.Label })],
            ["val"] = [.. val.Select(r => new[] { r.Text, r.Label })],
            ["oos_train"] = [.. (oosTrain ?? []).Select(t => new[] { t, "oos" })],
            ["oos_val"] = [.. oosVal.Select(t => new[] { t, "oos" })],
        };
        if (test is not null)
        {
            data["test"] = [.. test.Select(r => new[] { r.Text, r.Label })];
            data["oos_test"] = [.. (oosTest ?? []).Select(t => new[] { t, "oos" })];
        }
        return JsonSerializer.Serialize(data);
    }
}

[Collection(ConsoleOutput.Name)]
public sealed class EvalIntentsReadsBothColumnFormatsAndEndsWithItsFigures
{
    [Fact]
    public async Task ABanking77TrainingFileAndABitextTestFileGiveTheNamedJsonFields()
    {
        var dir = TestPaths.NewTempDir("tandem-eval-intents");
        var train = Path.Combine(dir, "train.csv");
        var test = Path.Combine(dir, "test.csv");
        await File.WriteAllTextAsync(train, IntentFixtures.Csv("text,category", IntentFixtures.Train, r => $"{r.Text},{r.Label}"));
        // Bitext has more columns than these two, in its own order.
        await File.WriteAllTextAsync(test, IntentFixtures.Csv("flags,utterance,category,intent", IntentFixtures.Test, r => $"B,\"{r.Text}\",X,{r.Label}"));

        var (exit, output) = await ConsoleOutput.RunAsync("eval", "intents", "--train", train, "--test", test, "--cache", "none", "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        Assert.Equal(18, json.GetProperty("n_train").GetInt32());
        Assert.Equal(6, json.GetProperty("n_test").GetInt32());
        Assert.True(json.GetProperty("accuracy").GetDouble() >= 5 / 6.0, output);
        Assert.InRange(json.GetProperty("macro_f1").GetDouble(), 0.5, 1);
        Assert.True(json.GetProperty("train_seconds").GetDouble() >= 0);
        var p50 = json.GetProperty("latency_p50_ms").GetDouble();
        Assert.True(p50 > 0);
        Assert.True(json.GetProperty("latency_p99_ms").GetDouble() >= p50);
    }

    [Fact]
    public async Task TheNearestExampleHeadIsMeasuredTheSameWay()
    {
        var dir = TestPaths.NewTempDir("tandem-eval-intents-nearest");
        var train = Path.Combine(dir, "train.csv");
        await File.WriteAllTextAsync(train, IntentFixtures.Csv("text,category", IntentFixtures.Train, r => $"{r.Text},{r.Label}"));
        var test = Path.Combine(dir, "test.csv");
        await File.WriteAllTextAsync(test, IntentFixtures.Csv("text,category", IntentFixtures.Test, r => $"{r.Text},{r.Label}"));

        var (exit, output) = await ConsoleOutput.RunAsync("eval", "intents", "--train", train, "--test", test, "--head", "nearest", "--cache", "none", "--json");

        Assert.Equal(0, exit);
        Assert.True(ConsoleOutput.LastLineAsJson(output).GetProperty("accuracy").GetDouble() >= 5 / 6.0, output);
    }
}

[Collection(ConsoleOutput.Name)]
public sealed class EvalIntentsRefusesFilesItCannotRead
{
    [Theory]
    [InlineData("question,answer\nhello,greeting\n", "text,category")]
    [InlineData("", "empty")]
    [InlineData("text,category\n", "no examples")]
    [InlineData("text,category\nhello\n", "record 2")]
    public async Task ABadTrainingFileExitsNonZeroNamingTheProblem(string content, string named)
    {
        var dir = TestPaths.NewTempDir("tandem-eval-intents-bad");
        var train = Path.Combine(dir, "train.csv");
        await File.WriteAllTextAsync(train, content);
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            (exit, _) = await ConsoleOutput.RunAsync("eval", "intents", "--train", train, "--test", train, "--cache", "none", "--json");
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, exit);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFileExitsNonZero()
    {
        var missing = Path.Combine(TestPaths.NewTempDir("tandem-eval-intents-missing"), "nope.csv");

        var (exit, _) = await ConsoleOutput.RunAsync("eval", "intents", "--train", missing, "--test", missing, "--cache", "none");

        Assert.Equal(2, exit);
    }
}

[Collection(ConsoleOutput.Name)]
public sealed class EvalOosChoosesItsThresholdWithinTheRejectionBudget
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    public async Task OnTheValidationSetItselfNoMoreThanTheBudgetIsRejected(double budget)
    {
        var dir = TestPaths.NewTempDir("tandem-eval-oos");
        var data = Path.Combine(dir, "data.json");
        var val = IntentFixtures.Train.Where((_, i) => i % 3 == 0).Concat(IntentFixtures.Test).ToList();
        await File.WriteAllTextAsync(data, IntentFixtures.Clinc(IntentFixtures.Train, val, IntentFixtures.OutOfScope));
        // The reported set is the validation set, so the budget must hold on it exactly.
        var testData = Path.Combine(dir, "test.json");
        await File.WriteAllTextAsync(testData, IntentFixtures.Clinc([], [], [], val, IntentFixtures.OutOfScope));

        var (exit, output) = await ConsoleOutput.RunAsync("eval", "oos", "--data", data, "--test-data", testData,
            "--max-in-scope-rejection", budget.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cache", "none", "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        Assert.Equal("test", json.GetProperty("reported_on").GetString());
        Assert.True(json.GetProperty("in_scope_rejection").GetDouble() <= budget, output);
        Assert.InRange(json.GetProperty("oos_recall").GetDouble(), 0, 1);
        Assert.InRange(json.GetProperty("in_scope_accuracy").GetDouble(), 0, 1);
        Assert.True(json.TryGetProperty("threshold", out _));
        Assert.True(json.TryGetProperty("latency_p50_ms", out _));
    }

    [Fact]
    public async Task WithoutTestKeysTheOddHalfOfValidationIsReported()
    {
        var dir = TestPaths.NewTempDir("tandem-eval-oos-public");
        var data = Path.Combine(dir, "data.json");
        await File.WriteAllTextAsync(data, IntentFixtures.Clinc(IntentFixtures.Train, IntentFixtures.Test, IntentFixtures.OutOfScope));

        var (exit, output) = await ConsoleOutput.RunAsync("eval", "oos", "--data", data, "--cache", "none", "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        Assert.Equal(3, json.GetProperty("n_in_scope").GetInt32());
        Assert.Equal(2, json.GetProperty("n_oos").GetInt32());
        Assert.StartsWith("val", json.GetProperty("reported_on").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheOutOfScopeClassItsTrainingQueriesAreLearnedAndWhatItWinsIsRejected()
    {
        var dir = TestPaths.NewTempDir("tandem-eval-oos-class");
        var data = Path.Combine(dir, "data.json");
        await File.WriteAllTextAsync(data, IntentFixtures.Clinc(IntentFixtures.Train, IntentFixtures.Test, IntentFixtures.OutOfScope, oosTrain: IntentFixtures.OutOfScopeTraining));
        var testData = Path.Combine(dir, "test.json");
        await File.WriteAllTextAsync(testData, IntentFixtures.Clinc([], [], [], IntentFixtures.Test, IntentFixtures.OutOfScope));

        var (exit, output) = await ConsoleOutput.RunAsync("eval", "oos", "--data", data, "--test-data", testData,
            "--max-in-scope-rejection", "0", "--oos-class", "--rule", "recall", "--cache", "none", "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        Assert.Equal(IntentFixtures.Train.Length + IntentFixtures.OutOfScopeTraining.Length, json.GetProperty("n_train").GetInt32());
        Assert.Contains("oos_train as class", json.GetProperty("classifier").GetString(), StringComparison.Ordinal);
        Assert.Equal("recall", json.GetProperty("rule").GetString());
        // With no rejection budget the threshold rejects nothing by itself: what is rejected, the class rejected.
        Assert.True(json.GetProperty("oos_recall").GetDouble() > json.GetProperty("in_scope_rejection").GetDouble(), output);
    }

    [Fact]
    public async Task TheOutOfScopeClassIsTrainedByDefaultAndCanBeLeftOut()
    {
        var dir = TestPaths.NewTempDir("tandem-eval-oos-default");
        var data = Path.Combine(dir, "data.json");
        await File.WriteAllTextAsync(data, IntentFixtures.Clinc(IntentFixtures.Train, IntentFixtures.Test, IntentFixtures.OutOfScope, oosTrain: IntentFixtures.OutOfScopeTraining));

        var (_, withClass) = await ConsoleOutput.RunAsync("eval", "oos", "--data", data, "--cache", "none", "--json");
        var (exit, without) = await ConsoleOutput.RunAsync("eval", "oos", "--data", data, "--no-oos-class", "--cache", "none", "--json");

        Assert.Equal(0, exit);
        Assert.Equal(IntentFixtures.Train.Length + IntentFixtures.OutOfScopeTraining.Length, ConsoleOutput.LastLineAsJson(withClass).GetProperty("n_train").GetInt32());
        Assert.Contains("l2=0.001", ConsoleOutput.LastLineAsJson(withClass).GetProperty("classifier").GetString(), StringComparison.Ordinal);
        Assert.Equal(IntentFixtures.Train.Length, ConsoleOutput.LastLineAsJson(without).GetProperty("n_train").GetInt32());
        Assert.DoesNotContain("oos_train as class", ConsoleOutput.LastLineAsJson(without).GetProperty("classifier").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBalancedRuleNamesItsWeightAndMarginAndStaysWithinTheBudgetLessTheMargin()
    {
        var dir = TestPaths.NewTempDir("tandem-eval-oos-balanced");
        var data = Path.Combine(dir, "data.json");
        var val = IntentFixtures.Train.Concat(IntentFixtures.Test).ToList();
        await File.WriteAllTextAsync(data, IntentFixtures.Clinc(IntentFixtures.Train, val, IntentFixtures.OutOfScope, oosTrain: IntentFixtures.OutOfScopeTraining));
        // The reported set is the validation set, so what held on one holds on the other.
        var testData = Path.Combine(dir, "test.json");
        await File.WriteAllTextAsync(testData, IntentFixtures.Clinc([], [], [], val, IntentFixtures.OutOfScope));

        var (exit, output) = await ConsoleOutput.RunAsync("eval", "oos", "--data", data, "--test-data", testData,
            "--max-in-scope-rejection", "0.25", "--safety-margin", "0.05", "--oos-class", "--knn", "3", "--cache", "none", "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        Assert.Equal("balanced", json.GetProperty("rule").GetString());
        Assert.Equal(0.05, json.GetProperty("safety_margin").GetDouble(), 6);
        Assert.Contains(json.GetProperty("similarity_weight").GetDouble(), new[] { 0, 0.5, 1, 2 });
        Assert.Contains("knn(k=3", json.GetProperty("classifier").GetString(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("in_scope_rejection").GetDouble() <= 0.20, output);
        // Four plainly off-topic questions against tiny, separable intents: most are told apart.
        Assert.True(json.GetProperty("oos_recall").GetDouble() >= 0.5, output);
    }

    [Theory]
    [InlineData("--safety-margin", "0.2")]
    [InlineData("--knn", "-1")]
    [InlineData("--knn-weight", "1.5")]
    public async Task ASettingOutsideItsRangeExitsNonZeroNamingIt(string option, string value)
    {
        var dir = TestPaths.NewTempDir("tandem-eval-oos-range");
        var data = Path.Combine(dir, "data.json");
        await File.WriteAllTextAsync(data, IntentFixtures.Clinc(IntentFixtures.Train, IntentFixtures.Test, IntentFixtures.OutOfScope));
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            (exit, _) = await ConsoleOutput.RunAsync("eval", "oos", "--data", data, option, value, "--cache", "none");
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, exit);
        Assert.Contains(option, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"train\": [[\"hello\", \"greeting\"]]}")]
    [InlineData("not json")]
    public async Task AFileThatIsNotClincDataExitsNonZero(string content)
    {
        var dir = TestPaths.NewTempDir("tandem-eval-oos-bad");
        var data = Path.Combine(dir, "data.json");
        await File.WriteAllTextAsync(data, content);

        var (exit, _) = await ConsoleOutput.RunAsync("eval", "oos", "--data", data, "--cache", "none");

        Assert.Equal(2, exit);
    }
}

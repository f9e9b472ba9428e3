using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Understanding;

/// <summary>The linear head trained on the firm's examples when the firm loads: what the turn's audit says, what a pack change does, what is no topic at all.</summary>
public abstract class TheFirmsTurnDecidesItsTopicWithTheTrainedClassifier
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task TheUnderstandStageNamesTheLinearClassifiersVersionAndItsMargin()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("hiya, do you deliver to the isle of wight and how much is it for a sofa");

        var output = await UnderstandOutputAsync(host, turn.Id);

        Assert.StartsWith("linear@", output.GetProperty("classifierVersion").GetString(), StringComparison.Ordinal);
        Assert.Equal("delivery", output.GetProperty("topic").GetString());
        // Probabilities: the candidates' scores are a share of one, best first.
        var scores = output.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("score").GetDouble()).ToList();
        Assert.InRange(scores.Sum(), 0, 1.0001);
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.InRange(output.GetProperty("modeMargin").GetDouble(), 0, 1);
        Assert.Equal("share-of-best", output.GetProperty("modeMarginRule").GetString());
    }

    [Fact]
    public async Task ChangingATopicsExamplesChangesTheClassifierVersionAtTheNextLoad()
    {
        var pack = TestPaths.CopyOfReferenceFirm();
        var dataDir = TestPaths.NewTempDir("tandem-topics-version");
        var connectionString = Store == Store.Postgres ? await Postgres.CreateDatabaseAsync() : null;
        var settings = new Dictionary<string, string?> { ["Tandem:Firms:0"] = pack };
        string? before;
        await using (var first = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString, settings: settings))
        {
            var turn = await (await first.StartConversationAsync()).SayAsync("How long does a refund take to show on my card?");
            before = (await UnderstandOutputAsync(first, turn.Id)).GetProperty("classifierVersion").GetString();
        }
        var topics = Path.Combine(pack, "topics.yaml");
        var yaml = await File.ReadAllTextAsync(topics);
        Assert.Contains("      - \"How much is delivery on a sofa?\"\n", yaml, StringComparison.Ordinal);
        await File.WriteAllTextAsync(topics, yaml.Replace("      - \"How much is delivery on a sofa?\"\n",
            "      - \"How much is delivery on a sofa?\"\n      - \"what do you charge to deliver a wardrobe to Cardiff\"\n", StringComparison.Ordinal));

        await using var second = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connectionString, settings: settings);
        var again = await (await second.StartConversationAsync()).SayAsync("How long does a refund take to show on my card?");
        var after = (await UnderstandOutputAsync(second, again.Id)).GetProperty("classifierVersion").GetString();

        Assert.StartsWith("linear@", before, StringComparison.Ordinal);
        Assert.StartsWith("linear@", after, StringComparison.Ordinal);
        Assert.NotEqual(before, after);
    }

    [Theory]
    [InlineData("who won the football last night")]
    [InlineData("what's the capital of Peru")]
    public async Task AClearlyOutOfScopeMessageIsNoneOfTheFirmsTopics(string text)
    {
        await using var host = await TandemHost.StartAsync(Store);
        var turn = await (await host.StartConversationAsync()).SayAsync(text);

        var output = await UnderstandOutputAsync(host, turn.Id);

        Assert.True(output.GetProperty("outOfScope").GetBoolean(), $"'{text}' was taken as {output.GetProperty("topic")}");
        Assert.Null(turn.Topic);
        Assert.NotEqual("send", turn.Decision);
    }

    [Fact]
    public async Task AFirmThatChoosesTheNearestExampleKeepsIt()
    {
        var pack = TestPaths.CopyOfReferenceFirm();
        await File.AppendAllTextAsync(Path.Combine(pack, "firm.yaml"), "\ntopics_classifier: nearest\n");
        await using var host = await TandemHost.StartAsync(Store, settings: new Dictionary<string, string?> { ["Tandem:Firms:0"] = pack });
        var turn = await (await host.StartConversationAsync()).SayAsync("How much is delivery on a sofa?");

        var output = await UnderstandOutputAsync(host, turn.Id);

        Assert.StartsWith("nearest-anchor@", output.GetProperty("classifierVersion").GetString(), StringComparison.Ordinal);
        Assert.Equal(0.05, output.GetProperty("modeMargin").GetDouble());
        Assert.Equal("distance-from-best", output.GetProperty("modeMarginRule").GetString());
    }

    private static async Task<JsonElement> UnderstandOutputAsync(TandemHost host, Guid turnId)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var payload = await db.AuditEvents.Where(e => e.Kind == "turn.understand" && e.TurnId == turnId).Select(e => e.Payload).SingleAsync();
        using var json = JsonDocument.Parse(payload!);
        return json.RootElement.GetProperty("output").Clone();
    }
}

public sealed class TheFirmsTurnDecidesItsTopicWithTheTrainedClassifierOnSqlite : TheFirmsTurnDecidesItsTopicWithTheTrainedClassifier
{
    protected override Store Store => Store.Sqlite;
}

public sealed class TheFirmsTurnDecidesItsTopicWithTheTrainedClassifierOnPostgres : TheFirmsTurnDecidesItsTopicWithTheTrainedClassifier
{
    protected override Store Store => Store.Postgres;
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Server.Cli;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Privacy;

public abstract class TheDataMapShowsWhereDataGoes
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task TheMapNamesSpecialCategoryDataRetentionTheProviderAndLiveTopicModes()
    {
        await using var host = await TandemHost.StartAsync(Store, settings: new Dictionary<string, string?>
        {
            ["Tandem:Llm:Provider"] = "openai",
            ["Tandem:Llm:Endpoint"] = "https://llm.internal.example:8443/v1",
            ["Tandem:Llm:Model"] = "mistral-small",
        });
        using var admin = host.Admin();
        (await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/topics/delivery/mode", new { mode = "copilot" })).EnsureSuccessStatusCode();

        var map = await admin.GetFromJsonAsync<JsonElement>("/api/v1/privacy/datamap?firm=harbour-home");

        Assert.Equal("https://harbour-home.example/privacy", map.GetProperty("privacyNoticeUrl").GetString());
        var needs = map.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "support_needs");
        Assert.True(needs.GetProperty("specialCategory").GetBoolean());
        Assert.Contains("llm", needs.GetProperty("processedBy").EnumerateArray().Select(p => p.GetString()));
        var llm = map.GetProperty("processors").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "llm");
        Assert.Equal("llm.internal.example", llm.GetProperty("host").GetString());
        Assert.Equal(JsonValueKind.Null, llm.GetProperty("trainsOnData").ValueKind); // the pack doesn't say: shown as not stated
        Assert.Equal("2 years", map.GetProperty("retention").GetProperty("transcripts").GetString());
        Assert.Equal("6 years", map.GetProperty("retention").GetProperty("auditPayloads").GetString());
        var topics = map.GetProperty("topics").EnumerateArray().ToList();
        Assert.Equal("copilot", topics.Single(t => t.GetProperty("topic").GetString() == "delivery").GetProperty("mode").GetString());
        var complaint = topics.Single(t => t.GetProperty("topic").GetString() == "complaint");
        Assert.Equal("human", complaint.GetProperty("mode").GetString());
        Assert.True(complaint.GetProperty("neverAutonomous").GetBoolean());
    }

    [Fact]
    public async Task WithoutAnLlmProviderNothingLeavesTheServerAndACustomerCannotReadTheMap()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var conversation = await host.StartConversationAsync();
        using var customer = conversation.Client();

        var map = await admin.GetFromJsonAsync<JsonElement>("/api/v1/privacy/datamap?firm=harbour-home");
        var forbidden = await customer.GetAsync(new Uri("/api/v1/privacy/datamap?firm=harbour-home", UriKind.Relative));
        var unknown = await admin.GetAsync(new Uri("/api/v1/privacy/datamap?firm=nobody", UriKind.Relative));

        var llm = map.GetProperty("processors").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "llm");
        Assert.Equal("none", llm.GetProperty("kind").GetString());
        Assert.False(llm.GetProperty("trainsOnData").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

public sealed class TheDataMapShowsWhereDataGoesOnSqlite : TheDataMapShowsWhereDataGoes
{
    protected override Store Store => Store.Sqlite;
}

public sealed class TheDataMapShowsWhereDataGoesOnPostgres : TheDataMapShowsWhereDataGoes
{
    protected override Store Store => Store.Postgres;
}

[Collection(ConsoleOutput.Name)]
public sealed class ThePrivacyDatamapCommandPrintsTheMap
{
    [Fact]
    public async Task TheLastLineIsOneJsonObjectWithTheCategoriesAndTopics()
    {
        var dataDir = TestPaths.NewTempDir("tandem-datamap-cli");
        await using (var host = await TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir))
        {
            using var admin = host.Admin();
            (await admin.GetAsync(new Uri("/health", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = await TandemCli.RunAsync(["privacy", "datamap", "--data-dir", dataDir, "--json"]);
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(0, exit);
        Assert.Contains("Support needs and vulnerability", output.ToString(), StringComparison.Ordinal);
        var last = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        var json = JsonDocument.Parse(last).RootElement;
        Assert.Equal("harbour-home", json.GetProperty("firm").GetString());
        Assert.Equal(8, json.GetProperty("categories").GetArrayLength());
        Assert.Contains(json.GetProperty("topics").EnumerateArray(), t => t.GetProperty("topic").GetString() == "delivery");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Server.Cli;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Insights;

/// <summary>`./tandem readiness --json` reads the database `serve` wrote and ends with one JSON object.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class TheReadinessCommandPrintsEachTopic
{
    [Fact]
    public async Task TheLastLineIsOneJsonObjectWithEveryTopic()
    {
        var dataDir = TestPaths.NewTempDir("tandem-readiness-cli");
        // The command judges the last days by the wall clock, so the history is written just before now.
        await using (var host = await TandemHost.StartAsync(Store.Sqlite, now: DateTimeOffset.UtcNow - TimeSpan.FromHours(2), dataDir: dataDir))
        {
            using var admin = host.Admin();
            for (var i = 0; i < 3; i++)
            {
                var conversation = await host.StartConversationAsync();
                Assert.Equal("review", (await conversation.SayAsync(CopilotHistory.Question)).Decision);
                var draft = await CopilotHistory.DraftIdAsync(admin, conversation.Id);
                var response = i == 0
                    ? await admin.PostAsJsonAsync($"/api/v1/drafts/{draft}/reject", new { reason = "wrong fee" })
                    : await admin.PostAsync($"/api/v1/drafts/{draft}/approve", null);
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }
        }

        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = await TandemCli.RunAsync(["readiness", "--data-dir", dataDir, "--days", "30", "--json"]);
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.Equal(0, exit);
        var last = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        var json = JsonDocument.Parse(last).RootElement;
        Assert.Equal("harbour-home", json.GetProperty("firm").GetString());
        Assert.Equal(30, json.GetProperty("days").GetInt32());
        var topic = json.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == CopilotHistory.Topic);
        Assert.False(topic.GetProperty("eligible").GetBoolean());
        Assert.Equal(3, topic.GetProperty("reviewed").GetInt32());
        Assert.Equal(1, topic.GetProperty("overrides").GetInt32());
        Assert.Equal(0.333333, topic.GetProperty("override_rate").GetDouble());
        Assert.True(topic.GetProperty("override_upper_95").GetDouble() > 0.333333);
        Assert.Equal(["too_few_reviews", "override_rate_too_high"], topic.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        var never = json.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == "complaint");
        Assert.Contains("never_autonomous", never.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task OnlyThirtyOrSixtyDaysAreAccepted()
    {
        var dataDir = TestPaths.NewTempDir("tandem-readiness-cli-days");
        Assert.Equal(2, await TandemCli.RunAsync(["readiness", "--data-dir", dataDir, "--days", "45"]));
        Assert.Equal(2, await TandemCli.RunAsync(["readiness", "--data-dir", dataDir]));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Api;

/// <summary>The customer side of API v1, on each database.</summary>
public abstract class ConversationApiTests
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task StartingAConversationReturnsItsIdAndACustomerToken()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var client = host.Client();
        var response = await client.PostAsJsonAsync("/api/v1/conversations", new { firm = "harbour-home" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out _));
        Assert.StartsWith("tdc_", body.GetProperty("accessToken").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownOrMissingFirmIsAProblemThatSaysWhich()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var client = host.Client();
        var unknown = await client.PostAsJsonAsync("/api/v1/conversations", new { firm = "no-such-firm" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-such-firm", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var missing = await client.PostAsJsonAsync("/api/v1/conversations", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("firm is required", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameClientMessageIdReturnsTheSameIdAndStoresOneMessage()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var first = await conversation.SendAsync("Do you deliver on Saturdays?", "client-1");
        var second = await conversation.SendAsync("Do you deliver on Saturdays?", "client-1");
        Assert.Equal(first, second);
        var messages = await conversation.MessagesAsync();
        Assert.Single(messages, m => m.Author == "customer");
        var turns = await conversation.TurnsAsync();
        Assert.Single(turns);
    }

    [Theory]
    [InlineData("{\"nope\":1}", "text is required")]
    [InlineData("{\"text\":\"   \"}", "text is required")]
    [InlineData("{\"text\":42}", "malformed request")]
    [InlineData("{\"text\":\"unterminated", "malformed request")]
    [InlineData("[1,2,3]", "malformed request")]
    public async Task AMalformedMessageGetsAProblemDetailsNamingTheProblem(string body, string expectedTitle)
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        using var client = conversation.Client();
        var response = await client.PostAsync($"/api/v1/conversations/{conversation.Id}/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expectedTitle, problem.GetProperty("title").GetString());
        Assert.Empty(await conversation.MessagesAsync());
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsRefusedWithWhatToSend()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        using var client = conversation.Client();
        var response = await client.PostAsync($"/api/v1/conversations/{conversation.Id}/messages", new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await conversation.MessagesAsync());
    }

    [Fact]
    public async Task ATooLongMessageIsRefusedWithItsLength()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        using var client = conversation.Client();
        var response = await client.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/messages", new { text = new string('a', 4001) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("4001", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACustomerTokenOpensOnlyItsOwnConversation()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var mine = await host.StartConversationAsync();
        var theirs = await host.StartConversationAsync();
        using var client = mine.Client();
        var response = await client.GetAsync($"/api/v1/conversations/{theirs.Id}/messages");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var post = await client.PostAsJsonAsync($"/api/v1/conversations/{theirs.Id}/messages", new { text = "hello" });
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task TurnsNeedAStaffKey()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        using var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/conversations/{conversation.Id}/turns")).StatusCode);
        using var customer = conversation.Client();
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/v1/conversations/{conversation.Id}/turns")).StatusCode);
        using var wrongKey = host.Client("not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync($"/api/v1/conversations/{conversation.Id}/turns")).StatusCode);
        using var admin = host.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/conversations/{conversation.Id}/turns")).StatusCode);
    }

    [Fact]
    public async Task AnAutonomousQuestionWithGoodEvidenceIsAnsweredWithItsSource()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("How much does standard delivery cost?");
        Assert.Equal("send", turn.Decision);
        Assert.Equal("delivery", turn.Topic);
        Assert.Contains("autonomous_confident", turn.Reasons);
        var reply = (await conversation.WaitForMessagesAsync(ms => ms.Any(m => m.Author == "ai"))).Single(m => m.Author == "ai");
        Assert.Contains("£4.95", reply.Text, StringComparison.Ordinal);
        Assert.Contains(reply.Citations, c => c.Source == "delivery-options-and-costs.md");
    }

    [Fact]
    public async Task AskingForAPersonHandsOffAndSaysWhenAPersonWillReply()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("Can I talk to a person please?");
        Assert.Equal("handoff", turn.Decision);
        Assert.Contains(turn.Signals, s => s.Kind == "human_request");
        var messages = await conversation.WaitForMessagesAsync(ms => ms.Any(m => m.Author == "system"));
        Assert.Contains(messages, m => m.Author == "system");
        Assert.DoesNotContain(messages, m => m.Author == "ai");
    }

    [Fact]
    public async Task OutOfHoursTheCustomerIsToldTheNextOpeningTime()
    {
        await using var host = await TandemHost.StartAsync(Store, TestClock.Closed);
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("I want to speak to a human");
        Assert.Equal("handoff", turn.Decision);
        Assert.Contains("out_of_hours", turn.Reasons);
        var told = (await conversation.WaitForMessagesAsync(ms => ms.Any(m => m.Author == "system"))).Single(m => m.Author == "system");
        // Sunday afternoon: a person replies from 09:00 on Monday.
        Assert.Contains("Monday 23 November at 09:00", told.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTalkToAPersonButtonHandsOffAtOnce()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        using var client = conversation.Client();
        var response = await client.PostAsync($"/api/v1/conversations/{conversation.Id}/handoff", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var admin = host.Admin();
        var queue = await admin.GetFromJsonAsync<List<InboxItemView>>("/api/v1/inbox");
        Assert.Contains(queue!, i => i.ConversationId == conversation.Id && i.Kind == "handoff");
    }

    [Fact]
    public async Task ASelfHarmMessageHandsOffUrgentlyWithTheHelpline()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("honestly I don't want to be here anymore, what's the point");
        Assert.Equal("handoff", turn.Decision);
        Assert.Contains("urgent_signal", turn.Reasons);
        var told = (await conversation.WaitForMessagesAsync(ms => ms.Any(m => m.Author == "system"))).Single(m => m.Author == "system");
        Assert.Contains("116 123", told.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageInAnotherLanguageIsRecordedAndNotAnsweredUnseen()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("Bonjour, combien coûte la livraison standard pour ma commande ?");
        Assert.NotEqual("send", turn.Decision);
        Assert.Contains("other_language", turn.Reasons);
        using var admin = host.Admin();
        var details = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{conversation.Id}");
        Assert.Equal("fr", details.GetProperty("language").GetString());
    }

    [Fact]
    public async Task ACopilotRequestIsNeverSentWithoutAnAgent()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("I'd like to cancel my order please, it hasn't shipped yet");
        Assert.Equal("review", turn.Decision);
        Assert.Contains("copilot_topic", turn.Reasons);
        await Task.Delay(200);
        Assert.DoesNotContain(await conversation.MessagesAsync(), m => m.Author == "ai");
    }
}

public sealed class ConversationApiOnSqlite : ConversationApiTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class ConversationApiOnPostgres : ConversationApiTests
{
    protected override Store Store => Store.Postgres;
}

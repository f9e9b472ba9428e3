using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Privacy;

public abstract class CustomersCanAskWhyAndAreToldHowTheirDataIsUsed
{
    protected abstract Store Store { get; }

    [Theory]
    [InlineData("why did you say that?")]
    [InlineData("what's that based on?")]
    [InlineData("Where did you get that from")]
    public async Task WhyDidYouSayThatIsAnsweredFromThePreviousAnswersSourcesAndRule(string question)
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var answer = await conversation.SayAsync("How much is delivery on a sofa?");
        Assert.Equal("send", answer.Decision);
        var cited = Assert.Single(answer.Citations.Select(c => c.Title).Distinct());

        var why = await conversation.SayAsync(question);

        Assert.True(why.Reasons.SequenceEqual(["explanation_request"]),
            $"reasons {string.Join(", ", why.Reasons)}; signals {string.Join("; ", why.Signals)}");
        Assert.Equal("send", why.Decision);
        Assert.Contains(answer.Id.ToString(), why.Explanation, StringComparison.Ordinal);
        var reply = (await conversation.MessagesAsync()).Last(m => m.Author == "ai");
        Assert.Contains($"\"{cited}\"", reply.Text, StringComparison.Ordinal);
        Assert.Contains("on my own", reply.Text, StringComparison.Ordinal);
        Assert.Contains("speak to a person", reply.Text, StringComparison.Ordinal);
        Assert.Equal(answer.Citations.Select(c => c.Source), reply.Citations.Select(c => c.Source));
    }

    [Theory]
    [InlineData("why did you say that you useless idiot")]
    [InlineData("why did you say that? I want to speak to a real person")]
    public async Task AnExplanationRequestThatAlsoAbusesOrAsksForAPersonGoesToAPerson(string message)
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        Assert.Equal("send", (await conversation.SayAsync("How much is delivery on a sofa?")).Decision);

        var why = await conversation.SayAsync(message);

        Assert.DoesNotContain("explanation_request", why.Reasons);
        Assert.Equal("handoff", why.Decision);
    }

    [Fact]
    public async Task AnApprovedDraftIsExplainedAsCheckedByAPerson()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var drafted = await conversation.SayAsync("Can I swap the grey cushions for the blue ones on my order please?");
        Assert.Equal("review", drafted.Decision);
        using var admin = host.Admin();
        var queue = await admin.GetFromJsonAsync<List<InboxItemView>>("/api/v1/inbox") ?? [];
        var draft = Assert.Single(queue, i => i.ConversationId == conversation.Id).DraftId;
        (await admin.PostAsync(new Uri($"/api/v1/drafts/{draft}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();

        var why = await conversation.SayAsync("where did you get that from");

        Assert.Equal("send", why.Decision);
        var reply = (await conversation.MessagesAsync()).Last(m => m.Author == "ai");
        Assert.Contains("checked that reply and approved it", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskingWhyBeforeAnyAnswerSaysThereIsNothingToExplain()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();

        var why = await conversation.SayAsync("how do you know that");

        Assert.Equal("send", why.Decision);
        Assert.Contains("haven't answered a question", (await conversation.MessagesAsync()).Last(m => m.Author == "ai").Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWidgetSettingsCarryTheDisclosureAndThePrivacyNotice()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var anonymous = host.Client();

        var settings = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/firms/harbour-home/widget");

        Assert.StartsWith("Hello, I'm Harbour Home's AI assistant", settings.GetProperty("aiDisclosure").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://harbour-home.example/privacy", settings.GetProperty("privacyNoticeUrl").GetString());
    }
}

public sealed class CustomersCanAskWhyOnSqlite : CustomersCanAskWhyAndAreToldHowTheirDataIsUsed
{
    protected override Store Store => Store.Sqlite;
}

public sealed class CustomersCanAskWhyOnPostgres : CustomersCanAskWhyAndAreToldHowTheirDataIsUsed
{
    protected override Store Store => Store.Postgres;
}

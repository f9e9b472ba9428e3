using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Firms;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Api;

/// <summary>
/// The embedded responder answers with the firm's own words, so a passage that is merely about the same
/// kind of thing ("if you received something as a gift…" for "do you sell gift cards?") would be sent,
/// cited and grounded, and still not answer. Such a turn goes to an agent, and the audit says why.
/// </summary>
public abstract class AQuestionTheKnowledgeDoesNotAnswerGoesToAnAgent
{
    protected abstract Store Store { get; }

    private static readonly string[] AutonomousTopics = ["delivery", "tracking_info", "returns_policy", "payment_methods", "contact", "reviews", "newsletter", "account_help", "invoices_info"];

    [Theory]
    // The reported case: the returns policy's "Gifts" section was sent without review.
    [InlineData("do you sell gift cards?")]
    // Delivery says the two-person team can't assemble furniture; nothing says how a table arrives.
    [InlineData("does the dining table come in bits")]
    public async Task AnUnansweredQuestionInAnAutonomousTopicGoesToReviewWithTheReasonInTheAudit(string question)
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();

        var turn = await conversation.SayAsync(question);

        Assert.Contains(turn.Topic, AutonomousTopics);
        Assert.Equal("review", turn.Decision);
        Assert.Contains("no_evidence", turn.Reasons);
        Assert.Null(turn.Draft);
        Assert.Empty(turn.Citations);
        // The customer is told a person will check, and is sent no excerpt.
        var messages = await conversation.WaitForMessagesAsync(m => m.Any(x => x.Author != "customer"));
        Assert.DoesNotContain(messages, m => m.Citations.Count > 0);

        var draftStage = await StageAsync(host, turn.Id, "turn.draft");
        var method = draftStage.GetProperty("output").GetProperty("method").GetString();
        Assert.NotNull(method);
        Assert.StartsWith("none: the best passage (", method, StringComparison.Ordinal);
        Assert.Contains("coverage", method, StringComparison.Ordinal);
        Assert.Contains("similarity", method, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerableParaphraseWithFewSharedWordsIsStillAnswered()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();

        // your-account.md: "After 5 unsuccessful attempts to sign in, your account is locked for 15 minutes."
        var turn = await conversation.SayAsync("locked out after too many goes at my password");

        Assert.Equal("send", turn.Decision);
        Assert.NotNull(turn.Draft);
        Assert.Equal("your-account.md", Assert.Single(turn.Citations).Source);
        // The passage shares few of the customer's words; it answers because it is close in meaning.
        var retrieve = await StageAsync(host, turn.Id, "turn.retrieve");
        var first = retrieve.GetProperty("output").EnumerateArray().First(p => p.GetProperty("source").GetString() == "your-account.md");
        var coverage = first.GetProperty("coverage").GetDouble();
        var dense = first.GetProperty("dense").GetDouble();
        Assert.True(coverage < FirmPolicyDefinition.DefaultAnswerCoverage, $"coverage {coverage}");
        Assert.True(dense >= FirmPolicyDefinition.DefaultAnswerSimilarity, $"dense {dense}");
    }

    private static async Task<JsonElement> StageAsync(TandemHost host, Guid turnId, string kind)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var payload = await db.AuditEvents.Where(e => e.TurnId == turnId && e.Kind == kind).Select(e => e.Payload).SingleAsync();
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.Clone();
    }
}

public sealed class AQuestionTheKnowledgeDoesNotAnswerGoesToAnAgentOnSqlite : AQuestionTheKnowledgeDoesNotAnswerGoesToAnAgent
{
    protected override Store Store => Store.Sqlite;
}

public sealed class AQuestionTheKnowledgeDoesNotAnswerGoesToAnAgentOnPostgres : AQuestionTheKnowledgeDoesNotAnswerGoesToAnAgent
{
    protected override Store Store => Store.Postgres;
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Insights;

/// <summary>
/// Complaints on conversations the assistant answered alone, with no worse record from people to
/// compare with, send the topic back to co-pilot on their own (docs/metrics.md, "Demotion").
/// </summary>
public abstract class ComplaintsSendAnAutonomousTopicBack
{
    protected abstract Store Store { get; }

    private const string Topic = "delivery";
    private const string Question = "How much is delivery on a sofa?";
    private const string Complaint = "That's not what your website said and now I've paid twice for delivery. I'm really unhappy and I want to make a formal complaint.";

    [Fact]
    public async Task AComplaintAfterAnAutonomousAnswerDemotesTheTopicWithItsFigures()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        var answer = await conversation.SayAsync(Question);
        Assert.Equal("send", answer.Decision);
        Assert.Equal("autonomous", await ModeAsync(host));

        var complaint = await conversation.SayAsync(Complaint);

        Assert.Equal("handoff", complaint.Decision);
        var demoted = await DemotionAsync(host);
        var why = JsonDocument.Parse(demoted.Payload).RootElement;
        Assert.Equal("complaint_rate_regressed", why.GetProperty("reason").GetString());
        Assert.Equal(Topic, why.GetProperty("topic").GetString());
        Assert.Equal("autonomous", why.GetProperty("before").GetString());
        Assert.Equal("copilot", why.GetProperty("after").GetString());
        Assert.Equal(1, why.GetProperty("aiConversations").GetInt32());
        Assert.Equal(1, why.GetProperty("aiComplaints").GetInt32());
        Assert.Equal("system", demoted.Actor);
        Assert.Equal("copilot", await ModeAsync(host));

        // The very next question on the topic is drafted for an agent.
        var next = await (await host.StartConversationAsync()).SayAsync(Question);
        Assert.Equal("review", next.Decision);
        Assert.Contains("copilot_topic", next.Reasons);
    }

    [Fact]
    public async Task AConversationThatOpensWithAComplaintDoesNotCountAgainstTheAssistant()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        Assert.Equal("handoff", (await conversation.SayAsync(Complaint)).Decision);

        // A later question on an autonomous topic is still answered alone.
        var answer = await (await host.StartConversationAsync()).SayAsync(Question);

        Assert.Equal("send", answer.Decision);
        Assert.Equal("autonomous", await ModeAsync(host));
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.False(await db.AuditEvents.AsNoTracking().AnyAsync(e => e.Kind == "topic.auto_demoted"));
    }

    private static async Task<Tandem.Data.Audit.AuditEvent> DemotionAsync(TandemHost host)
    {
        // The check runs just after the turn that raised the complaint is committed.
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await db.AuditEvents.AsNoTracking().SingleOrDefaultAsync(e => e.Kind == "topic.auto_demoted") is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException("No topic.auto_demoted event within 10 s of the complaint.");
    }

    private static async Task<string> ModeAsync(TandemHost host)
    {
        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        return (await db.TopicSettings.AsNoTracking().SingleAsync(t => t.FirmId == "harbour-home" && t.TopicId == Topic)).Mode;
    }
}

public sealed class ComplaintsSendAnAutonomousTopicBackOnSqlite : ComplaintsSendAnAutonomousTopicBack
{
    protected override Store Store => Store.Sqlite;
}

public sealed class ComplaintsSendAnAutonomousTopicBackOnPostgres : ComplaintsSendAnAutonomousTopicBack
{
    protected override Store Store => Store.Postgres;
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Server.Realtime;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Llm;

/// <summary>
/// The widget opens its event stream just after its first message starts the conversation, so the
/// first sentences of a fast reply can be released before it is listening. The stream begins with
/// the sentences of the reply still being written; once the turn ends (retract or status), it does not.
/// </summary>
public sealed class AWidgetThatConnectsMidReplySeesWhatWasReleased
{
    [Theory]
    [MemberData(nameof(LlmTestKit.Stores), MemberType = typeof(LlmTestKit))]
    public async Task TheEventStreamStartsWithTheSentencesAlreadyReleasedOfTheReplyInProgress(Store store)
    {
        await using var host = await TandemHost.StartAsync(store);
        var conversation = await host.StartConversationAsync();
        var events = host.Services.GetRequiredService<ConversationEvents>();
        var turn = Guid.NewGuid();
        events.Publish(new ConversationEvent("delta", conversation.Id, "harbour-home", new { turnId = turn, index = 0, text = "Standard delivery costs £4.95." }));
        events.Publish(new ConversationEvent("draft-delta", conversation.Id, "harbour-home", new { turnId = turn, index = 0, text = "A co-pilot draft the customer must not see." }));

        var (opening, deltas) = await OpeningEventsAsync(conversation, untilDeltas: 1);

        Assert.Contains("event: status", opening, StringComparison.Ordinal);
        var delta = Assert.Single(deltas);
        Assert.Equal("Standard delivery costs £4.95.", delta.GetProperty("text").GetString());
        Assert.Equal(turn, delta.GetProperty("turnId").GetGuid());
        Assert.DoesNotContain("draft", opening, StringComparison.Ordinal);

        // The turn ends: nothing is replayed any more, to the widget or anyone else.
        events.Publish(new ConversationEvent("status", conversation.Id, "harbour-home", new { status = "open" }));
        Assert.Empty(events.InFlight(conversation.Id));
    }

    [Fact]
    public void ARetractedReplyIsNotReplayedAndConversationsAreKeptApart()
    {
        var events = new ConversationEvents();
        var (one, two) = (Guid.NewGuid(), Guid.NewGuid());
        events.Publish(new ConversationEvent("delta", one, "f", new { index = 0, text = "First." }));
        events.Publish(new ConversationEvent("delta", one, "f", new { index = 1, text = "Second." }));
        events.Publish(new ConversationEvent("delta", two, "f", new { index = 0, text = "Other." }));
        events.Publish(new ConversationEvent("message", one, "f", null));

        Assert.Equal(2, events.InFlight(one).Count);
        Assert.Single(events.InFlight(two));

        events.Publish(new ConversationEvent("retract", one, "f", null));
        Assert.Empty(events.InFlight(one));
        Assert.Single(events.InFlight(two));
    }

    /// <summary>Reads the event stream from its start until it has carried this many deltas.</summary>
    private static async Task<(string Opening, List<JsonElement> Deltas)> OpeningEventsAsync(CustomerConversation conversation, int untilDeltas)
    {
        using var client = conversation.Client();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync(new Uri($"/api/v1/conversations/{conversation.Id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var seen = new System.Text.StringBuilder();
        var deltas = new List<JsonElement>();
        while (deltas.Count < untilDeltas && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);
            if (line == "event: delta" && await reader.ReadLineAsync(timeout.Token) is { } data)
            {
                deltas.Add(JsonSerializer.Deserialize<JsonElement>(data["data: ".Length..]));
            }
        }
        return (seen.ToString(), deltas);
    }
}

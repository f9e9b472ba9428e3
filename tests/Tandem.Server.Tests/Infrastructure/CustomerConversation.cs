using System.Net.Http.Json;
using System.Text.Json;

namespace Tandem.Server.Tests.Infrastructure;

public sealed record CitationView(string Source, string Title, string? Url);

public sealed record MessageView(Guid Id, string Author, string? AuthorName, string Text, DateTimeOffset CreatedAt, List<CitationView> Citations);

public sealed record SignalView(string Kind, string Evidence);

public sealed record TurnView(
    Guid Id, Guid MessageId, string Status, string? Topic, double TopicConfidence, List<SignalView> Signals, double Confidence,
    string? Decision, List<string> Reasons, string? Explanation, string? Draft, List<CitationView> Citations, JsonElement Actions);

public sealed record InboxItemView(string Kind, Guid ConversationId, Guid? DraftId, string? Draft, string? Topic, bool Urgent, int Version);

/// <summary>A conversation as the customer holds it: its id and bearer token.</summary>
public sealed class CustomerConversation(TandemHost host, Guid id, string token)
{
    public Guid Id { get; } = id;
    public string Token { get; } = token;

    public HttpClient Client() => host.Client(Token);

    public async Task<Guid> SendAsync(string text, string? clientMessageId = null)
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync($"/api/v1/conversations/{Id}/messages", new { text, clientMessageId = clientMessageId ?? Guid.NewGuid().ToString() });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("id").GetGuid();
    }

    public async Task<List<MessageView>> MessagesAsync()
    {
        using var client = Client();
        return await client.GetFromJsonAsync<List<MessageView>>($"/api/v1/conversations/{Id}/messages") ?? [];
    }

    public async Task<List<TurnView>> TurnsAsync()
    {
        using var admin = host.Admin();
        return await admin.GetFromJsonAsync<List<TurnView>>($"/api/v1/conversations/{Id}/turns") ?? [];
    }

    /// <summary>Waits until the turn for this message has a decision.</summary>
    public async Task<TurnView> TurnForAsync(Guid messageId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var turn = (await TurnsAsync()).FirstOrDefault(t => t.MessageId == messageId && t.Decision is not null);
            if (turn is not null)
            {
                return turn;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No decision for message {messageId} within the timeout.");
    }

    public async Task<TurnView> SayAsync(string text) => await TurnForAsync(await SendAsync(text));

    public async Task<List<MessageView>> WaitForMessagesAsync(Func<List<MessageView>, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        List<MessageView> messages = [];
        while (DateTime.UtcNow < deadline)
        {
            messages = await MessagesAsync();
            if (until(messages))
            {
                return messages;
            }
            await Task.Delay(50);
        }
        return messages;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Insights;

/// <summary>
/// Sixty simulated days of co-pilot work on one topic, driven through the real API: each day a customer
/// asks to cancel an order, the assistant drafts a reply, and ten minutes later an agent approves, edits
/// or rejects it. Every tenth conversation is resolved by the agent.
/// </summary>
internal static class CopilotHistory
{
    public const string Topic = "cancellation";
    public const string Question = "Can I cancel just the mirror and keep the rest of my order?";
    public const int Days = 60;
    public static readonly TimeSpan ReviewAfter = TimeSpan.FromMinutes(10);

    /// <summary>Days with a minor edit (a greeting): not overrides.</summary>
    public static readonly int[] MinorEdits = [5, 15];
    /// <summary>The day the reply was rewritten: an override.</summary>
    public const int SubstantialEdit = 25;
    /// <summary>The day the draft was rejected: an override, and the conversation goes to the agent.</summary>
    public const int Rejected = 40;
    /// <summary>Conversations the agent marks resolved (day % 10 == 9).</summary>
    public static bool Resolved(int day) => day % 10 == 9;

    public static async Task<DateTimeOffset> DriveAsync(TandemHost host)
    {
        var start = host.Clock.GetUtcNow();
        using var admin = host.Admin();
        for (var day = 0; day < Days; day++)
        {
            var conversation = await host.StartConversationAsync();
            var turn = await conversation.SayAsync(Question);
            Assert.Equal("review", turn.Decision);
            Assert.Equal(Topic, turn.Topic);
            var draftId = await DraftIdAsync(admin, conversation.Id);
            var draft = turn.Draft!;
            host.Clock.Advance(ReviewAfter);
            HttpResponseMessage response;
            if (MinorEdits.Contains(day))
            {
                response = await admin.PostAsJsonAsync($"/api/v1/drafts/{draftId}/edit", new { text = "Hi there, " + draft });
            }
            else if (day == SubstantialEdit)
            {
                response = await admin.PostAsJsonAsync($"/api/v1/drafts/{draftId}/edit", new { text = "Your order has already gone to the warehouse, so I've asked them to stop it and will email you by 5pm." });
            }
            else if (day == Rejected)
            {
                response = await admin.PostAsJsonAsync($"/api/v1/drafts/{draftId}/reject", new { reason = "made-to-order item: cancellation fee not mentioned" });
            }
            else
            {
                response = await admin.PostAsync($"/api/v1/drafts/{draftId}/approve", null);
            }
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            if (Resolved(day))
            {
                Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/conversations/{conversation.Id}/resolve", null)).StatusCode);
            }
            // The next day; after the last one, half a day, so a 60-day window still holds the first.
            host.Clock.Advance(day < Days - 1 ? TimeSpan.FromDays(1) - ReviewAfter : TimeSpan.FromHours(12) - ReviewAfter);
        }
        return start;
    }

    public static async Task<Guid> DraftIdAsync(HttpClient admin, Guid conversationId)
    {
        var queue = await admin.GetFromJsonAsync<List<InboxItemView>>("/api/v1/inbox") ?? [];
        var item = Assert.Single(queue, i => i.ConversationId == conversationId && i.Kind == "review");
        return item.DraftId!.Value;
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static JsonElement TopicOf(JsonElement readiness, string topic) =>
        readiness.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == topic);

    public static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}

using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Server.Access;
using Tandem.Server.Inbox;
using Tandem.Server.Realtime;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Llm;

/// <summary>
/// On a co-pilot topic the model's draft is written for an agent, not for the customer: its sentences
/// are published as draft-delta events that the inbox shows live, the customer's event stream never
/// carries them, and once the turn commits the live text gives way to the draft to review.
/// </summary>
public sealed class CopilotDraftsStreamToTheInboxOnly
{
    /// <summary>Payment problems are co-pilot at Harbour Home; the answer cites the payment article's "If your payment fails".</summary>
    private const string Question = "Why would my card be declined at checkout? I've checked the details and they're all correct";

    private const string CarefulAnswer =
        "A payment can fail when the billing address doesn't exactly match the address your card is registered to {cite:billing address doesn't exactly match}. " +
        "We can't see why a bank has declined a payment, so if it keeps happening, your bank is the best place to ask {cite:We can't see why a bank has declined}.";

    [Theory]
    [MemberData(nameof(LlmTestKit.StoresAndWires), MemberType = typeof(LlmTestKit))]
    public async Task TheDraftIsPublishedSentenceBySentenceForTheInboxAndNeverReachesTheCustomersStream(Store store, Wire wire)
    {
        await using var stub = ProviderStub.Start(wire, new StubReply.Text(CarefulAnswer));
        await using var host = await LlmTestKit.StartAsync(store, stub);
        var conversation = await host.StartConversationAsync();
        var events = LlmTestKit.Watch(host, conversation.Id);
        await using var customerStream = await CustomerStream.OpenAsync(conversation);

        var turn = await conversation.SayAsync(Question);

        Assert.Equal("payment_problem", turn.Topic);
        Assert.Equal("review", turn.Decision);
        var draft = Assert.IsType<string>(turn.Draft);
        Assert.Contains("billing address", draft, StringComparison.Ordinal);

        // Published for the inbox: each sentence once, in order, for this turn; nothing as a customer delta.
        var deltas = events.Where(e => e.Type == "draft-delta").ToList();
        Assert.Equal(2, deltas.Count);
        Assert.All(deltas, d => Assert.Equal(turn.Id, System.Text.Json.JsonSerializer.SerializeToElement(d.Data).GetProperty("turnId").GetGuid()));
        Assert.Equal([0, 1], deltas.Select(d => System.Text.Json.JsonSerializer.SerializeToElement(d.Data).GetProperty("index").GetInt32()));
        Assert.Equal(draft, string.Join(" ", deltas.Select(LlmTestKit.Text)));
        Assert.DoesNotContain(events, e => e.Type == "delta");
        var kinds = events.Select(e => e.Type).ToList();
        Assert.True(kinds.LastIndexOf("draft-delta") < kinds.LastIndexOf("inbox"));

        // The customer's stream saw the turn end (its status after the commit) and none of the draft.
        var seen = await customerStream.UntilAsync(text => Occurrences(text, "event: status") >= 2);
        Assert.Equal(2, Occurrences(seen, "event: status"));
        Assert.DoesNotContain("draft-delta", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("event: delta", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("billing address", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("best place to ask", seen, StringComparison.Ordinal);
        var messages = await conversation.MessagesAsync();
        Assert.DoesNotContain(messages, m => m.Author == "ai" && m.Text.Contains("billing address", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(LlmTestKit.Stores), MemberType = typeof(LlmTestKit))]
    public async Task OnlyStaffOfTheConversationsFirmHoldTheLiveDraftAndItGoesWhenTheTurnCommits(Store store)
    {
        await using var stub = ProviderStub.Start(Wire.OpenAi, new StubReply.Text(CarefulAnswer));
        await using var host = await LlmTestKit.StartAsync(store, stub);
        var conversation = await host.StartConversationAsync();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var ours = new LiveDrafts(Staff("agent", "harbour-home"), clock);
        var everyFirm = new LiveDrafts(Staff("admin", "*"), clock);
        var anotherFirm = new LiveDrafts(Staff("agent", "north-quay-cycles"), clock);
        var customer = new LiveDrafts(Customer(conversation.Id), clock);
        var sentencesSeen = new List<int>();
        var leaks = new List<string>();
        var gate = new Lock();
        host.Services.GetRequiredService<ConversationEvents>().Published += e =>
        {
            lock (gate)
            {
                ours.Apply(e);
                everyFirm.Apply(e);
                anotherFirm.Apply(e);
                customer.Apply(e);
                if (e.Type == "draft-delta")
                {
                    // Recorded, not asserted here: a throw would land in the turn that published the event.
                    sentencesSeen.Add(ours.For(conversation.Id)?.Sentences.Count ?? 0);
                    if (anotherFirm.For(conversation.Id) is not null || customer.For(conversation.Id) is not null)
                    {
                        leaks.Add("another firm's staff or the customer held the live draft");
                    }
                    if (ours.For(conversation.Id)?.Text != everyFirm.For(conversation.Id)?.Text)
                    {
                        leaks.Add("installation-wide staff saw a different live draft");
                    }
                }
            }
        };

        var turn = await conversation.SayAsync(Question);

        lock (gate)
        {
            // While the turn ran, the firm's agent held the first sentence, then both; afterwards nothing is left.
            Assert.Equal([1, 2], sentencesSeen);
            Assert.Empty(leaks);
            Assert.Empty(ours.All);
            Assert.Empty(everyFirm.All);
            Assert.Empty(anotherFirm.All);
        }
        Assert.Equal("review", turn.Decision);
    }

    [Fact]
    public void ARetractOfTheTurnDropsItsLiveTextButNotALaterTurns()
    {
        var clock = new TestClock(TestClock.OpeningHours);
        var live = new LiveDrafts(Staff("agent", "harbour-home"), clock);
        var conversation = Guid.NewGuid();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        Assert.True(live.Apply(Delta(conversation, first, 0, "Our standard delivery is £4.95.")));
        Assert.True(live.Apply(Delta(conversation, second, 0, "Sorry, let me check that order for you.")));
        Assert.False(live.Apply(new ConversationEvent("retract", conversation, "harbour-home", new { turnId = first })));
        Assert.Equal("Sorry, let me check that order for you.", live.For(conversation)?.Text);

        Assert.True(live.Apply(new ConversationEvent("retract", conversation, "harbour-home", new { turnId = second })));
        Assert.Null(live.For(conversation));
    }

    [Fact]
    public void ADraftWhoseTurnWentQuietForAMinuteIsDropped()
    {
        var clock = new TestClock(TestClock.OpeningHours);
        var live = new LiveDrafts(Staff("agent", "harbour-home"), clock);
        var conversation = Guid.NewGuid();
        live.Apply(Delta(conversation, Guid.NewGuid(), 0, "Thanks for waiting, I'm looking into the payment now."));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(live.DropAbandoned());
        clock.Advance(LiveDrafts.Abandoned);
        Assert.True(live.DropAbandoned());
        Assert.Empty(live.All);
    }

    [Fact]
    public void SentencesAreShownInTheOrderTheModelWroteThem()
    {
        var live = new LiveDrafts(Staff("viewer", "harbour-home"), new TestClock(TestClock.OpeningHours));
        var conversation = Guid.NewGuid();
        var turn = Guid.NewGuid();

        live.Apply(Delta(conversation, turn, 1, "Your bank is the best place to ask."));
        live.Apply(Delta(conversation, turn, 0, "We can't see why a bank declined a payment."));

        Assert.Equal(["We can't see why a bank declined a payment.", "Your bank is the best place to ask."], live.For(conversation)?.Sentences);
    }

    private static ConversationEvent Delta(Guid conversation, Guid turn, int index, string text) =>
        new("draft-delta", conversation, "harbour-home", new { turnId = turn, index, text });

    private static ClaimsPrincipal Staff(string role, string firm) =>
        new(new ClaimsIdentity([new Claim(TandemClaims.Role, role), new Claim(TandemClaims.Firm, firm), new Claim(TandemClaims.Name, "Priya")], "test"));

    /// <summary>A customer's principal carries its conversation, never a firm: it must hold no live draft even of its own conversation.</summary>
    private static ClaimsPrincipal Customer(Guid conversation) =>
        new(new ClaimsIdentity([new Claim(TandemClaims.Role, "customer"), new Claim(TandemClaims.Conversation, conversation.ToString())], "test"));

    private static int Occurrences(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    /// <summary>The customer's server-sent event stream (what the widget reads), recorded as raw text.</summary>
    private sealed class CustomerStream : IAsyncDisposable
    {
        private readonly HttpClient _client;
        private readonly HttpResponseMessage _response;
        private readonly CancellationTokenSource _stop = new();
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();
        private readonly Task _reading;

        private CustomerStream(HttpClient client, HttpResponseMessage response)
        {
            _client = client;
            _response = response;
            _reading = ReadAsync();
        }

        public static async Task<CustomerStream> OpenAsync(CustomerConversation conversation)
        {
            var client = conversation.Client();
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/conversations/{conversation.Id}/events");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            var stream = new CustomerStream(client, response);
            // Subscribed once the first status is written: only then is every later event certain to arrive.
            await stream.UntilAsync(text => text.Contains("event: status", StringComparison.Ordinal));
            return stream;
        }

        public async Task<string> UntilAsync(Func<string, bool> done)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                var text = Text;
                if (done(text))
                {
                    return text;
                }
                await Task.Delay(25);
            }
            return Text;
        }

        private string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        private async Task ReadAsync()
        {
            try
            {
                await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
                var buffer = new byte[4096];
                var decoder = Encoding.UTF8.GetDecoder();
                var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
                int read;
                while ((read = await body.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    var n = decoder.GetChars(buffer, 0, read, chars, 0);
                    lock (_gate)
                    {
                        _text.Append(chars, 0, n);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
            {
                // Closed at the end of the test.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reading;
            _response.Dispose();
            _client.Dispose();
            _stop.Dispose();
        }
    }
}

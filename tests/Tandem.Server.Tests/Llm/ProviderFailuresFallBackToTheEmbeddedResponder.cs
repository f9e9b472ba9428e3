using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Llm;

/// <summary>
/// Whatever goes wrong at the provider — errors, rate limits, garbage, silence, slowness — the turn
/// is answered by the embedded responder instead, the failure is recorded, and the circuit breaker
/// shows in /health.
/// </summary>
public sealed class ProviderFailuresFallBackToTheEmbeddedResponder
{
    public static TheoryData<Store, Wire, string> Failures
    {
        get
        {
            var data = new TheoryData<Store, Wire, string>();
            foreach (var wire in new[] { Wire.OpenAi, Wire.Ollama })
            {
                foreach (var failure in new[] { "500", "429", "malformed", "empty", "slow" })
                {
                    data.Add(Store.Sqlite, wire, failure);
                    data.Add(Store.Postgres, wire, failure);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task TheCustomerStillGetsTheFirmsOwnAnswer(Store store, Wire wire, string failure)
    {
        StubReply reply = failure switch
        {
            "500" => new StubReply.Status(500),
            "429" => new StubReply.Status(429),
            "malformed" => new StubReply.Malformed(),
            "empty" => new StubReply.Text(""),
            _ => new StubReply.Slow(TimeSpan.FromSeconds(20), new StubReply.Text(LlmTestKit.DeliveryAnswer)),
        };
        await using var stub = ProviderStub.Start(wire, reply);
        await using var host = await LlmTestKit.StartAsync(store, stub);
        var conversation = await host.StartConversationAsync();

        var turn = await conversation.SayAsync("How much is standard delivery?");

        Assert.Equal("send", turn.Decision);
        Assert.Equal(wire == Wire.Ollama ? "/api/chat" : "/v1/chat/completions", stub.Paths.First());
        Assert.Contains((await conversation.MessagesAsync()).Last(m => m.Author == "ai").Citations, c => c.Source == "delivery-options-and-costs.md");
        var draft = await LlmTestKit.AuditAsync(host, turn.Id, "turn.draft");
        Assert.Equal("embedded", draft.GetProperty("input").GetProperty("responder").GetString());
        var expected = failure switch
        {
            "empty" => "empty_answer",
            "slow" => "timeout",
            _ => "provider_error",
        };
        Assert.Equal(expected, draft.GetProperty("output").GetProperty("llm").GetProperty("fallback").GetString());
    }

    [Theory]
    [InlineData(Store.Sqlite, Wire.OpenAi)]
    [InlineData(Store.Postgres, Wire.OpenAi)]
    [InlineData(Store.Sqlite, Wire.Ollama)]
    public async Task AFailingProviderOpensTheBreakerAndHealthSaysSo(Store store, Wire wire)
    {
        await using var stub = ProviderStub.Start(wire, new StubReply.Status(500));
        await using var host = await LlmTestKit.StartAsync(store, stub, extra: new Dictionary<string, string?>
        {
            ["Tandem:Llm:BreakerMinimumThroughput"] = "2",
            ["Tandem:Llm:BreakerBreakDuration"] = "00:05:00",
        });
        using var anonymous = host.Client();
        var before = await anonymous.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("closed", before.GetProperty("llm").GetProperty("breaker").GetString());
        Assert.Equal(stub.Provider, before.GetProperty("llm").GetProperty("provider").GetString());

        var conversation = await host.StartConversationAsync();
        await conversation.SayAsync("How much is standard delivery?");
        var calls = stub.Requests.Count;
        var turn = await conversation.SayAsync("And how much is next-day delivery?");

        var after = await anonymous.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("open", after.GetProperty("llm").GetProperty("breaker").GetString());
        Assert.Equal(calls, stub.Requests.Count); // the open breaker sent nothing to the provider
        var draft = await LlmTestKit.AuditAsync(host, turn.Id, "turn.draft");
        Assert.Equal("breaker_open", draft.GetProperty("output").GetProperty("llm").GetProperty("fallback").GetString());
    }

    [Fact]
    public async Task WithoutAProviderHealthSaysTheEmbeddedResponderIsInUse()
    {
        await using var host = await TandemHost.StartAsync(Store.Sqlite);
        using var anonymous = host.Client();
        var health = await anonymous.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("none", health.GetProperty("llm").GetProperty("provider").GetString());
    }
}

/// <summary>The model's tokens are charged to the firm's monthly budget; once it is spent, the embedded responder answers.</summary>
public sealed class ASpentBudgetStopsTheModel
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task TheTurnAfterTheLimitIsAnsweredWithoutTheProvider(Store store)
    {
        var pack = TestPaths.CopyOfReferenceFirm();
        // Each answer is 812 tokens in and 64 out: at £20 per million input tokens the first costs about 1.6p.
        File.AppendAllText(Path.Combine(pack, "firm.yaml"), """

            llm_budget:
              monthly_limit: 0.01
              warn_at: 0.5
              input_price_per_million: 20
              output_price_per_million: 60
            """);
        await using var stub = ProviderStub.Start(Wire.OpenAi, new StubReply.Text(LlmTestKit.DeliveryAnswer));
        await using var host = await LlmTestKit.StartAsync(store, stub, pack: pack);
        var conversation = await host.StartConversationAsync();

        var first = await conversation.SayAsync("How much is standard delivery?");
        var second = await conversation.SayAsync("And how much is next-day delivery?");

        Assert.Equal("llm", (await LlmTestKit.AuditAsync(host, first.Id, "turn.draft")).GetProperty("input").GetProperty("responder").GetString());
        Assert.Single(stub.Requests);
        var draft = await LlmTestKit.AuditAsync(host, second.Id, "turn.draft");
        Assert.Equal("embedded", draft.GetProperty("input").GetProperty("responder").GetString());
        Assert.Equal("budget_stopped", draft.GetProperty("output").GetProperty("llm").GetProperty("skipped").GetString());
    }
}

using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Llm;

/// <summary>
/// With a provider configured, an autonomous topic's reply is written by the model from numbered
/// sources, cites them, is streamed to the widget one checked sentence at a time, and is committed as
/// one message with its citations; the audit record names provider, model, host and prompt version.
/// </summary>
public sealed class GroundedRepliesStreamSentenceBySentence
{
    [Theory]
    [MemberData(nameof(LlmTestKit.StoresAndWires), MemberType = typeof(LlmTestKit))]
    public async Task ACitedDeliveryAnswerIsStreamedThenSentWithItsSource(Store store, Wire wire)
    {
        await using var stub = ProviderStub.Start(wire, new StubReply.Text(LlmTestKit.DeliveryAnswer));
        await using var host = await LlmTestKit.StartAsync(store, stub);
        var conversation = await host.StartConversationAsync();
        var events = LlmTestKit.Watch(host, conversation.Id);

        var turn = await conversation.SayAsync("How much is standard delivery?");

        Assert.Equal("send", turn.Decision);
        var reply = (await conversation.MessagesAsync()).Last(m => m.Author == "ai");
        Assert.StartsWith("Standard delivery costs £4.95 and is free when your goods total is over £50.", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("[", reply.Text, StringComparison.Ordinal);
        Assert.Contains(reply.Citations, c => c.Source == "delivery-options-and-costs.md");

        // Two sentences, each released as it passed the guard, in order, before the committed message.
        var kinds = events.Select(e => e.Type).ToList();
        var deltas = events.Where(e => e.Type == "delta").Select(LlmTestKit.Text).ToList();
        Assert.Equal(2, deltas.Count);
        Assert.Equal(reply.Text, string.Join(" ", deltas));
        Assert.True(kinds.IndexOf("delta") < kinds.LastIndexOf("message"));
        Assert.DoesNotContain("retract", kinds);

        var draft = (await LlmTestKit.AuditAsync(host, turn.Id, "turn.draft")).GetProperty("output").GetProperty("llm").GetProperty("audit");
        Assert.Equal(stub.Provider, draft.GetProperty("provider").GetString());
        Assert.Equal("127.0.0.1", draft.GetProperty("endpointHost").GetString());
        Assert.StartsWith("responder.v1@", draft.GetProperty("promptVersion").GetString(), StringComparison.Ordinal);
        Assert.Equal(812, draft.GetProperty("tokensIn").GetInt64());
        Assert.Equal(0, draft.GetProperty("toolRounds").GetInt32());
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task DocumentsGoToTheModelAsDataNotAsInstructions(Store store)
    {
        await using var stub = ProviderStub.Start(Wire.OpenAi, new StubReply.Text(LlmTestKit.DeliveryAnswer));
        await using var host = await LlmTestKit.StartAsync(store, stub);
        var conversation = await host.StartConversationAsync();

        await conversation.SayAsync("How much is standard delivery?");

        var messages = stub.Requests.Single()["messages"]!.AsArray();
        var system = messages.Single(m => m!["role"]!.GetValue<string>() == "system")!["content"]!.ToString();
        Assert.DoesNotContain("£4.95", system, StringComparison.Ordinal);
        Assert.Contains(messages, m => m!["role"]!.GetValue<string>() == "user" && m["content"]!.ToString().Contains("<sources>", StringComparison.Ordinal)
            && m["content"]!.ToString().Contains("Standard delivery costs £4.95", StringComparison.Ordinal));
        Assert.Equal("How much is standard delivery?", messages.Last()!["content"]!.ToString());
    }

    [Theory]
    [InlineData(Store.Sqlite, Wire.OpenAi)]
    [InlineData(Store.Postgres, Wire.Anthropic)]
    public async Task WholeJsonAnswersWorkWhenStreamingIsOff(Store store, Wire wire)
    {
        await using var stub = ProviderStub.Start(wire, new StubReply.Text(LlmTestKit.DeliveryAnswer));
        await using var host = await LlmTestKit.StartAsync(store, stub, streaming: false);
        var conversation = await host.StartConversationAsync();

        var turn = await conversation.SayAsync("How much is standard delivery?");

        Assert.Equal("send", turn.Decision);
        Assert.NotEqual(true, stub.Requests.Single()["stream"]?.GetValue<bool>());
        Assert.Contains((await conversation.MessagesAsync()).Last(m => m.Author == "ai").Citations, c => c.Source == "delivery-options-and-costs.md");
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task AnUncitedPromiseStopsTheStreamRetractsItAndSendsTheDraftForReview(Store store)
    {
        await using var stub = ProviderStub.Start(Wire.OpenAi, new StubReply.Text(
            "Standard delivery costs £4.95 and is free when your goods total is over £50 {cite:Standard delivery costs £4.95}. " +
            "As a thank you we'll also take 10% off your next order."));
        await using var host = await LlmTestKit.StartAsync(store, stub);
        var conversation = await host.StartConversationAsync();
        var events = LlmTestKit.Watch(host, conversation.Id);

        var turn = await conversation.SayAsync("How much is standard delivery?");

        Assert.Equal("review", turn.Decision);
        var check = (await LlmTestKit.AuditAsync(host, turn.Id, "turn.check")).GetProperty("output");
        Assert.False(check.GetProperty("passed").GetBoolean());
        Assert.Contains(check.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("10%", StringComparison.Ordinal));
        // The first sentence was shown, the second never was, and what was shown was taken back before the holding message.
        var kinds = events.Select(e => e.Type).ToList();
        Assert.Single(events, e => e.Type == "delta");
        Assert.True(kinds.IndexOf("retract") > kinds.IndexOf("delta"));
        Assert.True(kinds.IndexOf("retract") < kinds.LastIndexOf("message"));
        var messages = await conversation.MessagesAsync();
        Assert.DoesNotContain(messages, m => m.Author == "ai" && m.Text.Contains("10%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFrenchQuestionAsksTheModelForAFrenchAnswer()
    {
        await using var stub = ProviderStub.Start(Wire.OpenAi, new StubReply.Text("La livraison standard coûte £4.95 {cite:Standard delivery costs £4.95}."));
        await using var host = await LlmTestKit.StartAsync(Store.Sqlite, stub);
        var conversation = await host.StartConversationAsync();

        var turn = await conversation.SayAsync("Bonjour, combien coûte la livraison standard pour ma commande ?");

        var system = stub.Requests.First()["messages"]!.AsArray().First()!["content"]!.ToString();
        Assert.Contains("Reply in French", system, StringComparison.Ordinal);
        // The reply is written in French for the customer, but the embedded model reads English: the
        // question is out of scope for the firm's English anchors, so a person checks the French draft
        // before it goes (docs/llm.md, "Languages").
        Assert.Equal("review", turn.Decision);
        Assert.Contains("out_of_scope", turn.Reasons);
        Assert.StartsWith("La livraison standard coûte £4.95", turn.Draft, StringComparison.Ordinal);
        Assert.DoesNotContain(await conversation.MessagesAsync(), m => m.Author == "ai" && m.Text.Contains("livraison", StringComparison.Ordinal));
    }
}

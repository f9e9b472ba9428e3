using System.Text.Json.Nodes;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Llm;

/// <summary>
/// Provider "ollama" is Ollama's own API, not its OpenAI-compatible /v1: OllamaSharp posts to
/// /api/chat and reads newline-delimited JSON, the token counts from the final object's
/// prompt_eval_count and eval_count. The scenario theories run over this wire too; these tests pin
/// what is particular to it: the request's shape, tool declarations, tool calls whose arguments are
/// JSON objects, and tool results sent back in the tool role.
/// </summary>
public sealed class OllamaIsCalledOnItsNativeChatApi
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task TheRequestIsOllamasChatRequestAndItsCountsAreRecorded(Store store)
    {
        await using var stub = ProviderStub.Start(Wire.Ollama, new StubReply.Text(LlmTestKit.DeliveryAnswer));
        await using var host = await LlmTestKit.StartAsync(store, stub);
        var conversation = await host.StartConversationAsync();

        var turn = await conversation.SayAsync("How much is standard delivery?");

        Assert.Equal("send", turn.Decision);
        Assert.Equal("/api/chat", Assert.Single(stub.Paths));
        var request = stub.Requests.Single();
        Assert.Equal("llama3.1:8b", request["model"]!.GetValue<string>());
        Assert.True(request["stream"]!.GetValue<bool>());
        Assert.Equal(600, request["options"]!["num_predict"]!.GetValue<int>());
        Assert.Equal(0.2, request["options"]!["temperature"]!.GetValue<double>(), 3);
        var messages = request["messages"]!.AsArray();
        Assert.Equal("system", messages.First()!["role"]!.GetValue<string>());
        Assert.Equal("user", messages.Last()!["role"]!.GetValue<string>());
        Assert.Equal("How much is standard delivery?", messages.Last()!["content"]!.GetValue<string>());

        var draft = (await LlmTestKit.AuditAsync(host, turn.Id, "turn.draft")).GetProperty("output").GetProperty("llm").GetProperty("audit");
        Assert.Equal("ollama", draft.GetProperty("provider").GetString());
        Assert.Equal("llama3.1:8b", draft.GetProperty("model").GetString());
        Assert.Equal(812, draft.GetProperty("tokensIn").GetInt64());
        Assert.Equal(64, draft.GetProperty("tokensOut").GetInt64());
    }

    [Fact]
    public async Task ToolsAreDeclaredCalledWithObjectArgumentsAndAnsweredInTheToolRole()
    {
        await using var stub = ProviderStub.Start(Wire.Ollama,
            new StubReply.Tool("get_order", """{"order_number":"[ORDER_NUMBER_1]"}"""),
            new StubReply.Text("Before I can look at an order I need to check it's you {cite:check it's you}."));
        await using var host = await LlmTestKit.StartAsync(Store.Sqlite, stub, pack: LlmTestKit.PackWithoutProcedures());
        var conversation = await host.StartConversationAsync();

        await conversation.SayAsync("Hi, where is my order HH-2026-007731? It was meant to arrive yesterday.");

        Assert.Equal(2, stub.Requests.Count);
        var first = stub.Requests.First();
        var declared = first["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("get_order", declared);
        Assert.All(first["tools"]!.AsArray(), t => Assert.Equal("function", t!["type"]!.GetValue<string>()));
        Assert.Equal("object", first["tools"]!.AsArray().First(t => t!["function"]!["name"]!.GetValue<string>() == "get_order")!["function"]!["parameters"]!["type"]!.GetValue<string>());

        // The second request replays the model's call as Ollama wrote it, then Tandem's answer to it as a tool message.
        var messages = stub.Requests.Last()["messages"]!.AsArray();
        var call = messages.Single(m => m!["tool_calls"] is JsonArray)!["tool_calls"]![0]!["function"]!;
        Assert.Equal("get_order", call["name"]!.GetValue<string>());
        Assert.Equal("[ORDER_NUMBER_1]", call["arguments"]!["order_number"]!.GetValue<string>());
        var result = messages.Last(m => m!["role"]!.GetValue<string>() == "tool")!["content"]!.GetValue<string>();
        Assert.Contains("verification_required", result, StringComparison.Ordinal);
        Assert.DoesNotContain("HH-2026-007731", stub.Requests.Last().ToJsonString(), StringComparison.Ordinal);
    }
}

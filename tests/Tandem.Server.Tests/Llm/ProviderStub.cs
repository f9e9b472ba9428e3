using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tandem.Server.Tests.Llm;

public enum Wire
{
    /// <summary>POST /v1/chat/completions, JSON or <c>stream: true</c> server-sent chunks ending in [DONE].</summary>
    OpenAi,

    /// <summary>POST /v1/messages, JSON or the server-sent event stream (message_start ... message_stop).</summary>
    Anthropic,

    /// <summary>
    /// Ollama's native POST /api/chat: one JSON object, or with <c>stream: true</c> (its default)
    /// newline-delimited JSON objects, the last with <c>done: true</c>, the reason and the token counts.
    /// </summary>
    Ollama,
}

/// <summary>What the scripted model does with one request.</summary>
public abstract record StubReply
{
    /// <summary>
    /// Answer with text. <c>{cite:words}</c> becomes the number of the source (in the request's
    /// &lt;sources&gt; block or a tool result) that contains the words — what a model that cites properly does.
    /// </summary>
    public sealed record Text(string Value) : StubReply;

    /// <summary>Call one tool with these JSON arguments.</summary>
    public sealed record Tool(string Name, string ArgumentsJson) : StubReply;

    /// <summary>An HTTP error with the provider's error body.</summary>
    public sealed record Status(int Code) : StubReply;

    /// <summary>Wait, then do <paramref name="Then"/> (a slow provider).</summary>
    public sealed record Slow(TimeSpan Delay, StubReply Then) : StubReply;

    /// <summary>200 with a body that is not the protocol's JSON.</summary>
    public sealed record Malformed : StubReply;

    /// <summary>Accepts the request and never answers: not even the response headers.</summary>
    public sealed record Hang : StubReply;

    /// <summary>
    /// Sends the headers and the start of a streamed answer — part of a sentence, so nothing can be
    /// released — and then nothing more, keeping the connection open.
    /// </summary>
    public sealed record StallAfterFirstWords : StubReply;
}

/// <summary>
/// A language-model provider on loopback (HttpListener, started per test) speaking the real wire
/// protocol, so the real Microsoft.Extensions.AI clients are what Tandem's code talks to. Each request
/// takes the next scripted reply (the last one repeats); every request body is kept for assertions.
/// </summary>
public sealed partial class ProviderStub : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<StubReply> _script = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private StubReply _last;

    private ProviderStub(Wire wire, int port, IEnumerable<StubReply> script)
    {
        Wire = wire;
        Port = port;
        foreach (var reply in script)
        {
            _script.Enqueue(reply);
        }
        _last = _script.LastOrDefault() ?? new StubReply.Status(500);
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Wire Wire { get; }
    public int Port { get; }

    /// <summary>Delay between streamed chunks.</summary>
    public TimeSpan ChunkDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public ConcurrentQueue<JsonNode> Requests { get; } = new();

    /// <summary>The endpoint to configure: with /v1 for OpenAI-compatible clients, the bare host for Anthropic and Ollama.</summary>
    public string Endpoint => Wire == Wire.OpenAi ? $"http://127.0.0.1:{Port}/v1" : $"http://127.0.0.1:{Port}";

    public string Provider => Wire switch
    {
        Wire.OpenAi => "openai",
        Wire.Anthropic => "anthropic",
        _ => "ollama",
    };

    public string Model => Wire switch
    {
        Wire.OpenAi => "gpt-4.1-mini",
        Wire.Anthropic => "claude-sonnet-4-5",
        _ => "llama3.1:8b",
    };

    /// <summary>The paths the requests were sent to (/v1/chat/completions, /v1/messages, /api/chat).</summary>
    public ConcurrentQueue<string> Paths { get; } = new();

    public static ProviderStub Start(Wire wire, params StubReply[] script)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new ProviderStub(wire, port, script);
    }

    /// <summary>Settings that point Tandem at this stub.</summary>
    public Dictionary<string, string?> Settings(bool streaming = true) => new()
    {
        ["Tandem:Llm:Provider"] = Provider,
        ["Tandem:Llm:Endpoint"] = Endpoint,
        ["Tandem:Llm:Model"] = Model,
        ["Tandem:Llm:ApiKey"] = "test-key",
        ["Tandem:Llm:Streaming"] = streaming ? "true" : "false",
    };

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync()) ?? new JsonObject();
            Requests.Enqueue(body);
            Paths.Enqueue(context.Request.Url?.AbsolutePath ?? "");
            if (!_script.TryDequeue(out var reply))
            {
                reply = _last;
            }
            else
            {
                _last = reply;
            }
            // Ollama streams unless told not to; the other two only when asked.
            var stream = body["stream"]?.GetValue<bool>() ?? Wire == Wire.Ollama;
            await RespondAsync(context.Response, reply, body, stream);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client gave up (a timeout under test): nothing to answer.
        }
        finally
        {
            try
            {
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Already closed.
            }
        }
    }

    private async Task RespondAsync(HttpListenerResponse response, StubReply reply, JsonNode request, bool stream)
    {
        switch (reply)
        {
            case StubReply.Slow slow:
                await Task.Delay(slow.Delay, _stop.Token);
                await RespondAsync(response, slow.Then, request, stream);
                return;
            case StubReply.Status status:
                response.StatusCode = status.Code;
                response.ContentType = "application/json";
                await WriteAsync(response, Wire switch
                {
                    Wire.OpenAi => Json(new { error = new { message = $"stub status {status.Code}", type = "server_error", code = (string?)null } }),
                    Wire.Anthropic => Json(new { type = "error", error = new { type = status.Code == 429 ? "rate_limit_error" : "api_error", message = $"stub status {status.Code}" } }),
                    // Ollama's errors are a status and {"error": "..."}; a busy server says so with 503 or, behind a proxy, 429.
                    _ => Json(new { error = status.Code is 429 or 503 ? "server busy, please try again.  maximum pending requests exceeded" : $"stub status {status.Code}" }),
                });
                return;
            case StubReply.Malformed:
                response.StatusCode = 200;
                response.ContentType = Wire == Wire.Ollama ? (stream ? "application/x-ndjson" : "application/json") : stream ? "text/event-stream" : "application/json";
                await WriteAsync(response, Wire == Wire.Ollama
                    ? "{\"model\":\"llama3.1:8b\",\"created_at\":\"2026-11-26T09:00:00.1Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Standard deliv\n"
                    : stream ? "data: {\"choices\": [{\"delta\": {\"content\": \"Stand\n\n" : "{\"choices\": [{\"message\": {\"content\": \"Standard deliv");
                return;
            case StubReply.Hang:
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            case StubReply.StallAfterFirstWords:
                response.StatusCode = 200;
                response.SendChunked = true;
                response.ContentType = Wire == Wire.Ollama ? "application/x-ndjson" : "text/event-stream";
                // The first piece of an answer, never a whole sentence: then silence on an open connection.
                var first = (Wire switch
                {
                    Wire.OpenAi => OpenAiChunks("Standard delivery costs", null),
                    Wire.Anthropic => AnthropicEvents("Standard delivery costs", null),
                    _ => OllamaLines("Standard delivery costs", null, Model),
                }).Take(Wire == Wire.Anthropic ? 3 : 2);
                foreach (var chunk in first)
                {
                    await WriteAsync(response, chunk);
                }
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
        }
        var (text, tool) = reply switch
        {
            StubReply.Text t => (ResolveCitations(t.Value, request), (StubReply.Tool?)null),
            StubReply.Tool t => ((string?)null, t),
            _ => throw new InvalidOperationException(reply.ToString()),
        };
        response.StatusCode = 200;
        if (!stream)
        {
            response.ContentType = "application/json";
            await WriteAsync(response, Wire switch
            {
                Wire.OpenAi => OpenAiJson(text, tool),
                Wire.Anthropic => AnthropicJson(text, tool),
                _ => OllamaJson(text, tool, Model),
            });
            return;
        }
        response.ContentType = Wire == Wire.Ollama ? "application/x-ndjson" : "text/event-stream";
        response.SendChunked = true;
        var chunks = Wire switch
        {
            Wire.OpenAi => OpenAiChunks(text, tool),
            Wire.Anthropic => AnthropicEvents(text, tool),
            _ => OllamaLines(text, tool, Model),
        };
        foreach (var chunk in chunks)
        {
            await WriteAsync(response, chunk);
            await Task.Delay(ChunkDelay, _stop.Token);
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await response.OutputStream.WriteAsync(bytes);
        await response.OutputStream.FlushAsync();
    }

    /// <summary>Pieces of a few characters, as providers stream them.</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        for (var i = 0; i < text.Length; i += 7)
        {
            yield return text.Substring(i, Math.Min(7, text.Length - i));
        }
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static string OpenAiJson(string? text, StubReply.Tool? tool) => Json(new
    {
        id = "chatcmpl-stub",
        @object = "chat.completion",
        created = 1764115200,
        model = "gpt-4.1-mini",
        choices = new[]
        {
            new
            {
                index = 0,
                message = tool is null
                    ? (object)new { role = "assistant", content = text }
                    : new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id = "call_1", type = "function", function = new { name = tool.Name, arguments = tool.ArgumentsJson } } } },
                finish_reason = tool is null ? "stop" : "tool_calls",
            },
        },
        usage = new { prompt_tokens = 812, completion_tokens = 64, total_tokens = 876 },
    });

    private static IEnumerable<string> OpenAiChunks(string? text, StubReply.Tool? tool)
    {
        string Chunk(object delta, string? finish) =>
            "data: " + Json(new { id = "chatcmpl-stub", @object = "chat.completion.chunk", created = 1764115200, model = "gpt-4.1-mini", choices = new[] { new { index = 0, delta, finish_reason = finish } } }) + "\n\n";
        yield return Chunk(new { role = "assistant", content = "" }, null);
        if (tool is null)
        {
            foreach (var piece in Pieces(text ?? ""))
            {
                yield return Chunk(new { content = piece }, null);
            }
            yield return Chunk(new { }, "stop");
        }
        else
        {
            yield return Chunk(new { tool_calls = new[] { new { index = 0, id = "call_1", type = "function", function = new { name = tool.Name, arguments = "" } } } }, null);
            foreach (var piece in Pieces(tool.ArgumentsJson))
            {
                yield return Chunk(new { tool_calls = new[] { new { index = 0, function = new { arguments = piece } } } }, null);
            }
            yield return Chunk(new { }, "tool_calls");
        }
        yield return "data: " + Json(new { id = "chatcmpl-stub", @object = "chat.completion.chunk", created = 1764115200, model = "gpt-4.1-mini", choices = Array.Empty<object>(), usage = new { prompt_tokens = 812, completion_tokens = 64, total_tokens = 876 } }) + "\n\n";
        yield return "data: [DONE]\n\n";
    }

    private static string AnthropicJson(string? text, StubReply.Tool? tool) => Json(new
    {
        id = "msg_stub",
        type = "message",
        role = "assistant",
        model = "claude-sonnet-4-5",
        content = tool is null
            ? new object[] { new { type = "text", text } }
            : [new { type = "tool_use", id = "toolu_1", name = tool.Name, input = JsonNode.Parse(tool.ArgumentsJson) }],
        stop_reason = tool is null ? "end_turn" : "tool_use",
        stop_sequence = (string?)null,
        usage = new { input_tokens = 812, output_tokens = 64 },
    });

    private static IEnumerable<string> AnthropicEvents(string? text, StubReply.Tool? tool)
    {
        static string Event(string name, object data) => $"event: {name}\ndata: {Json(data)}\n\n";
        yield return Event("message_start", new
        {
            type = "message_start",
            message = new { id = "msg_stub", type = "message", role = "assistant", model = "claude-sonnet-4-5", content = Array.Empty<object>(), stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = 812, output_tokens = 1 } },
        });
        if (tool is null)
        {
            yield return Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } });
            foreach (var piece in Pieces(text ?? ""))
            {
                yield return Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = piece } });
            }
        }
        else
        {
            yield return Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "tool_use", id = "toolu_1", name = tool.Name, input = new { } } });
            foreach (var piece in Pieces(tool.ArgumentsJson))
            {
                yield return Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "input_json_delta", partial_json = piece } });
            }
        }
        yield return Event("content_block_stop", new { type = "content_block_stop", index = 0 });
        yield return Event("message_delta", new { type = "message_delta", delta = new { stop_reason = tool is null ? "end_turn" : "tool_use", stop_sequence = (string?)null }, usage = new { output_tokens = 64 } });
        yield return Event("message_stop", new { type = "message_stop" });
    }

    // Ollama's native reply (docs/api.md of ollama/ollama): created_at in RFC 3339, durations in
    // nanoseconds, token counts as prompt_eval_count and eval_count on the final object only.
    private static object OllamaMessage(string? text, StubReply.Tool? tool) => tool is null
        ? new { role = "assistant", content = text ?? "" }
        : new { role = "assistant", content = "", tool_calls = new[] { new { function = new { name = tool.Name, arguments = JsonNode.Parse(tool.ArgumentsJson) } } } };

    private static object OllamaDone(string model, object message) => new
    {
        model,
        created_at = "2026-11-26T09:00:01.250000Z",
        message,
        done = true,
        done_reason = "stop",
        total_duration = 1_250_000_000L,
        load_duration = 20_000_000L,
        prompt_eval_count = 812,
        prompt_eval_duration = 400_000_000L,
        eval_count = 64,
        eval_duration = 800_000_000L,
    };

    private static string OllamaJson(string? text, StubReply.Tool? tool, string model) => Json(OllamaDone(model, OllamaMessage(text, tool)));

    private static IEnumerable<string> OllamaLines(string? text, StubReply.Tool? tool, string model)
    {
        string Line(object message) => Json(new { model, created_at = "2026-11-26T09:00:00.500000Z", message, done = false }) + "\n";
        if (tool is null)
        {
            foreach (var piece in Pieces(text ?? ""))
            {
                yield return Line(new { role = "assistant", content = piece });
            }
        }
        else
        {
            // Ollama sends a tool call whole, in one object before the final one.
            yield return Line(OllamaMessage(null, tool));
        }
        yield return Json(OllamaDone(model, new { role = "assistant", content = "" })) + "\n";
    }

    /// <summary>Everything the request carries as text: messages, tool results, system.</summary>
    public static string AllText(JsonNode request) => request.ToJsonString();

    private static string ResolveCitations(string text, JsonNode request)
    {
        var sources = new Dictionary<int, string>();
        var all = new StringBuilder();
        foreach (var message in request["messages"]?.AsArray() ?? [])
        {
            var content = ContentText(message?["content"]);
            all.Append(content).Append('\n');
            // A tool result carries its source number: the whole result is that source.
            foreach (Match m in ToolSource().Matches(content.Replace("\\\"", "\"", StringComparison.Ordinal)))
            {
                sources[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = content;
            }
        }
        foreach (Match m in SourceBlock().Matches(all.ToString()))
        {
            sources[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = m.Groups[2].Value;
        }
        return Cite().Replace(text, m =>
        {
            var words = m.Groups[1].Value;
            var found = sources.Where(s => s.Value.Contains(words, StringComparison.OrdinalIgnoreCase)).Select(s => s.Key).DefaultIfEmpty(99).Min();
            return $"[{found}]";
        });
    }

    private static string ContentText(JsonNode? content) => content switch
    {
        null => "",
        JsonValue v => v.ToString(),
        // Anthropic: text blocks, and tool_result blocks whose content is a string or more blocks.
        JsonArray parts => string.Join("\n", parts.Select(p => p?["text"]?.ToString() ?? ContentText(p?["content"]))),
        _ => content.ToJsonString(),
    };

    [GeneratedRegex(@"<source id=""(\d+)""[^>]*>\n(.*?)\n</source>", RegexOptions.Singleline)]
    private static partial Regex SourceBlock();

    [GeneratedRegex(@"""source"":(\d+)")]
    private static partial Regex ToolSource();

    [GeneratedRegex(@"\{cite:([^}]+)\}")]
    private static partial Regex Cite();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }
}

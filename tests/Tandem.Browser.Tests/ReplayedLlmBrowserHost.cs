using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Tandem.Browser.Tests;

/// <summary>
/// The browser host with a language model configured, answered by <see cref="ReplayProvider"/>: a
/// recorded OpenAI stream replayed on loopback with its recorded pauses, so the end-to-end test is
/// deterministic and needs no network (as eShopSupport replays its LLM answers in its browser tests).
/// </summary>
public class ReplayedLlmBrowserHost : BrowserHost
{
    private readonly ReplayProvider _provider;

    public ReplayedLlmBrowserHost()
        : this("openai-delivery-answer.json")
    {
    }

    /// <summary>The host replaying another recording from Recordings/.</summary>
    protected ReplayedLlmBrowserHost(string recording) =>
        _provider = ReplayProvider.Start(Path.Combine(RepoRoot(), "tests", "Tandem.Browser.Tests", "Recordings", recording));

    protected override IReadOnlyDictionary<string, string> ExtraSettings() => new Dictionary<string, string>
    {
        ["Tandem:Llm:Provider"] = "openai",
        ["Tandem:Llm:Endpoint"] = _provider.Endpoint,
        ["Tandem:Llm:Model"] = "gpt-4.1-mini",
        ["Tandem:Llm:ApiKey"] = "replay",
        // This test is about what the customer sees, not about timeouts: a loaded test machine must not
        // turn the replay into a fallback.
        ["Tandem:Llm:AttemptTimeout"] = "00:00:20",
        ["Tandem:Llm:TurnBudget"] = "00:00:25",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _provider.Dispose();
    }
}

/// <summary>The replayed model answering a payment question, a co-pilot topic: its draft streams to the inbox, not to the customer.</summary>
public sealed class ReplayedCopilotDraftBrowserHost() : ReplayedLlmBrowserHost("openai-payment-declined-draft.json");

/// <summary>Replays one recorded chat-completions stream (chunks with their pauses) to every request.</summary>
public sealed class ReplayProvider : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(int DelayMs, string Data)> _chunks;

    private ReplayProvider(int port, List<(int, string)> chunks)
    {
        _chunks = chunks;
        Endpoint = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public static ReplayProvider Start(string recording)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(recording));
        var chunks = doc.RootElement.GetProperty("chunks").EnumerateArray()
            // Re-serialised compactly: the recording is indented for reading, and an SSE event's data is one line.
            .Select(c => (c.GetProperty("delayMs").GetInt32(), JsonSerializer.Serialize(c.GetProperty("data")))).ToList();
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new ReplayProvider(port, chunks);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
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
            _ = Task.Run(async () =>
            {
                try
                {
                    using (var reader = new StreamReader(context.Request.InputStream))
                    {
                        await reader.ReadToEndAsync();
                    }
                    context.Response.ContentType = "text/event-stream";
                    context.Response.SendChunked = true;
                    foreach (var (delay, data) in _chunks)
                    {
                        await Task.Delay(delay);
                        var bytes = Encoding.UTF8.GetBytes($"data: {data}\n\n");
                        await context.Response.OutputStream.WriteAsync(bytes);
                        await context.Response.OutputStream.FlushAsync();
                    }
                    var done = Encoding.UTF8.GetBytes("data: [DONE]\n\n");
                    await context.Response.OutputStream.WriteAsync(done);
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The client went away.
                }
            });
        }
    }

    public void Dispose() => _listener.Close();
}

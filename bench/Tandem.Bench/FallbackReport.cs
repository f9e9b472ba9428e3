extern alias TandemServer;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Tandem.Bench;

/// <summary>
/// `fallback [turns-per-kind] [concurrency] [nobreaker]`: issue 7's promise that a failing provider still leaves
/// the customer answered within 5 seconds. Tandem runs in process on Kestrel (SQLite, the reference
/// firm, its default LLM settings) against a loopback OpenAI-compatible provider that fails one way
/// per run: never sends headers, stalls mid-stream, 429, 500, malformed JSON, an empty answer, or tool
/// calls for ever. Customers post delivery questions (an autonomous topic, so the model is asked);
/// measured is the time from posting the message to the first reply being visible in
/// GET /messages (polled every 20 ms), per failure kind, and the breaker state /health shows after.
/// A fresh server per kind, so one kind's open breaker does not speed up the next. With `nobreaker`
/// the breaker never opens, so every turn takes the full failing path: the worst case per turn.
/// </summary>
internal static class FallbackReport
{
    private const string AdminKey = "bench-admin-key-0123456789";

    private static readonly string[] Kinds = ["hang", "stall", "429", "500", "malformed", "empty", "tool-loop"];

    // How customers ask (the reference firm's own delivery examples and their like).
    private static readonly string[] Questions =
    [
        "How much is standard delivery?",
        "do you deliver to the isle of wight",
        "Is delivery free over a certain amount?",
        "How long does standard delivery take please?",
    ];

    public static void Print(int turns, int concurrency, bool breaker) => RunAsync(turns, concurrency, breaker).GetAwaiter().GetResult();

    private static async Task RunAsync(int turns, int concurrency, bool breaker)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"turns per kind={turns} concurrency={concurrency} breaker={(breaker ? "default" : "never opens")} (the server's default 2 turn workers); time from posting the message to the first reply visible"));
        Console.WriteLine("kind        n    p50 ms   p99 ms   max ms  >5s  breaker after");
        foreach (var kind in Kinds)
        {
            await using var provider = FailingProvider.Start(kind);
            var dataDir = Path.Combine(Path.GetTempPath(), $"tandem-bench-{Guid.NewGuid():N}");
            var port = BenchSupport.FreePort();
            var baseUrl = $"http://127.0.0.1:{port}";
            var factory = new WebApplicationFactory<TandemServer::Program>().WithWebHostBuilder(web =>
            {
                web.UseSetting("Tandem:DataDir", dataDir);
                web.UseSetting("Tandem:Firms:0", Path.Combine(BenchSupport.RepoRoot(), "samples", "firms", "harbour-home"));
                web.UseSetting("Tandem:Bootstrap:AdminApiKey", AdminKey);
                web.UseSetting("Tandem:Llm:Provider", "openai");
                web.UseSetting("Tandem:Llm:Endpoint", $"http://127.0.0.1:{provider.Port}/v1");
                web.UseSetting("Tandem:Llm:Model", "gpt-4.1-mini");
                web.UseSetting("Tandem:Llm:ApiKey", "bench");
                web.UseSetting("Logging:LogLevel:Default", "Error");
                web.UseSetting("Logging:LogLevel:Microsoft", "Error");
                if (!breaker)
                {
                    web.UseSetting("Tandem:Llm:BreakerMinimumThroughput", "1000000");
                }
                web.UseUrls(baseUrl);
            });
            try
            {
                factory.UseKestrel();
                factory.StartServer();
                using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
                (await http.GetAsync(new Uri("/health", UriKind.Relative))).EnsureSuccessStatusCode();
                // One turn first, so the first measured one doesn't pay for loading the model and the JIT.
                await OneTurnAsync(baseUrl, "Hello, what are your opening hours on Saturday?");

                var times = new List<double>();
                var next = 0;
                async Task WorkerAsync()
                {
                    while (Interlocked.Increment(ref next) is var i && i <= turns)
                    {
                        var elapsed = await OneTurnAsync(baseUrl, Questions[i % Questions.Length]);
                        lock (times)
                        {
                            times.Add(elapsed);
                        }
                    }
                }
                await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => WorkerAsync()));
                var health = await http.GetFromJsonAsync<JsonElement>(new Uri("/health", UriKind.Relative));
                var state = health.GetProperty("llm").GetProperty("breaker").GetString();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{kind,-10} {times.Count,3} {BenchSupport.Percentile(times, 0.5),8:0} {BenchSupport.Percentile(times, 0.99),8:0} {times.Max(),8:0} {times.Count(t => t > 5000),4}  {state} ({provider.Requests} provider requests)"));
            }
            finally
            {
                await factory.DisposeAsync();
                try
                {
                    Directory.Delete(dataDir, recursive: true);
                }
                catch (IOException)
                {
                    // A file still open on a slow shutdown; the temp folder is cleaned by the OS.
                }
            }
        }
    }

    /// <summary>Starts a conversation, posts one message, and returns the milliseconds until a reply is visible.</summary>
    private static async Task<double> OneTurnAsync(string baseUrl, string text)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var started = await (await http.PostAsJsonAsync("/api/v1/conversations", new { firm = "harbour-home" })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started.GetProperty("accessToken").GetString());
        var id = started.GetProperty("id").GetGuid();
        var sent = Stopwatch.GetTimestamp();
        var posted = await http.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text, clientMessageId = Guid.NewGuid().ToString() });
        if (posted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The message was not accepted: {(int)posted.StatusCode}");
        }
        while (true)
        {
            var messages = await http.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{id}/messages");
            if (messages.EnumerateArray().Any(m => m.GetProperty("author").GetString() != "customer"))
            {
                return Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }
            if (Stopwatch.GetElapsedTime(sent) > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"No reply within 60 s to \"{text}\".");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>An OpenAI-compatible provider on loopback that fails every request the same way.</summary>
    private sealed class FailingProvider : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly string _kind;
        private readonly Task _loop;
        private int _requests;

        private FailingProvider(string kind, int port)
        {
            _kind = kind;
            Port = port;
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public int Port { get; }
        public int Requests => _requests;

        public static FailingProvider Start(string kind) => new(kind, BenchSupport.FreePort());

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
                _ = Task.Run(() => AnswerAsync(context));
            }
        }

        private async Task AnswerAsync(HttpListenerContext context)
        {
            Interlocked.Increment(ref _requests);
            var response = context.Response;
            try
            {
                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    await reader.ReadToEndAsync(_stop.Token);
                }
                switch (_kind)
                {
                    case "hang":
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        break;
                    case "429" or "500":
                        response.StatusCode = int.Parse(_kind, CultureInfo.InvariantCulture);
                        response.ContentType = "application/json";
                        await WriteAsync(response, "{\"error\":{\"message\":\"bench\",\"type\":\"server_error\",\"code\":null}}");
                        break;
                    case "malformed":
                        response.ContentType = "text/event-stream";
                        await WriteAsync(response, "data: {\"choices\": [{\"delta\": {\"content\": \"Stand\n\n");
                        break;
                    default:
                        response.ContentType = "text/event-stream";
                        response.SendChunked = true;
                        await WriteAsync(response, Chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
                        if (_kind == "stall")
                        {
                            await WriteAsync(response, Chunk("{\"content\":\"Standard deliv\"}", null));
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                        }
                        else if (_kind == "tool-loop")
                        {
                            await WriteAsync(response, Chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"list_my_orders\",\"arguments\":\"{}\"}}]}", null));
                            await WriteAsync(response, Chunk("{}", "tool_calls") + "data: [DONE]\n\n");
                        }
                        else
                        {
                            await WriteAsync(response, Chunk("{}", "stop") + "data: [DONE]\n\n");
                        }
                        break;
                }
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // Tandem gave up on the call: what the bench is about.
            }
            finally
            {
                try
                {
                    response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    // Already closed.
                }
            }
        }

        private static string Chunk(string delta, string? finish) =>
            $"data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4.1-mini\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":{(finish is null ? "null" : $"\"{finish}\"")}}}]}}\n\n";

        private async Task WriteAsync(HttpListenerResponse response, string text)
        {
            await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(text), _stop.Token);
            await response.OutputStream.FlushAsync(_stop.Token);
        }

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
}

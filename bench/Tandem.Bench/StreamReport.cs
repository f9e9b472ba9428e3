using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tandem.Bench;

/// <summary>
/// `stream [runs] [first-token-ms] [chunk-gap-ms]`: what streaming costs the customer, end to end. A
/// loopback provider (Kestrel) speaks the OpenAI streaming protocol — first token after a
/// configurable delay, then 6-character chunks with a configurable gap — and notes when it writes the
/// first token and the chunk that completes the first sentence. Tandem runs as its own process
/// (`Tandem.Server.dll serve`, SQLite, the reference firm) with that provider configured. A client
/// does what the widget does: starts a conversation, opens its event stream, posts the question, and
/// notes when the first `delta` event arrives. Both notes are taken in this process, on one clock.
/// </summary>
internal static class StreamReport
{
    private const string Question = "How much is standard delivery?";

    // The answer the browser journey replays (tests/Tandem.Browser.Tests/Recordings): cited the way the
    // prompt asks, so the guard clears each sentence against the delivery article.
    private const string Answer = "Standard delivery costs £4.95, and is free when your goods total is over £50 [1][2]. Next-day delivery costs £7.95 whatever your order value [1][2].";

    public static void Print(int runs, int firstTokenMs, int gapMs) => RunAsync(runs, firstTokenMs, gapMs).GetAwaiter().GetResult();

    private static async Task RunAsync(int runs, int firstTokenMs, int gapMs)
    {
        var root = BenchSupport.RepoRoot();
        var dll = Path.Combine(root, "src", "Tandem.Server", "bin", "Release", "net10.0", "Tandem.Server.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"{dll} is missing: build the server first (`./tandem --help` from the repository root builds it).");
            return;
        }
        var provider = new Provider(firstTokenMs, gapMs);
        await using var stub = await provider.StartAsync();
        var port = BenchSupport.FreePort();
        var dataDir = Path.Combine(Path.GetTempPath(), $"tandem-stream-bench-{Guid.NewGuid():N}");
        using var server = StartServer(dll, root, port, dataDir, provider.Endpoint);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            await WaitForHealthAsync(http, server);

            var fromFirst = new List<double>();
            var fromCompleting = new List<double>();
            var missed = 0;
            for (var i = 0; i < runs + 10; i++)
            {
                var seen = await OneAsync(http);
                if (seen is null || provider.FirstToken == 0 || provider.Completing == 0)
                {
                    missed++;
                    continue;
                }
                if (i >= 10)
                {
                    fromFirst.Add(Stopwatch.GetElapsedTime(provider.FirstToken, seen.Value).TotalMilliseconds);
                    fromCompleting.Add(Stopwatch.GetElapsedTime(provider.Completing, seen.Value).TotalMilliseconds);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"runs={fromFirst.Count} firstTokenDelay={firstTokenMs}ms chunkGap={gapMs}ms (no delta seen in {missed})\n" +
                $"provider's first token -> customer's first delta: p50 {BenchSupport.Percentile(fromFirst, 0.5):0.00} ms, p99 {BenchSupport.Percentile(fromFirst, 0.99):0.00} ms\n" +
                $"chunk completing the first sentence -> customer's first delta: p50 {BenchSupport.Percentile(fromCompleting, 0.5):0.00} ms, p99 {BenchSupport.Percentile(fromCompleting, 0.99):0.00} ms"));
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    /// <summary>One question in a new conversation; when the customer's event stream carried the first delta (null: none came).</summary>
    private static async Task<long?> OneAsync(HttpClient http)
    {
        var started = await (await http.PostAsJsonAsync("/api/v1/conversations", new { firm = "harbour-home" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetGuid();
        var token = started.GetProperty("accessToken").GetString();
        using var events = await http.GetAsync(new Uri($"/api/v1/conversations/{id}/events?access_token={Uri.EscapeDataString(token!)}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        events.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        // Listening (the status event comes first), as the widget is before it shows the reply.
        while (await reader.ReadLineAsync() is { } line && line != "event: status")
        {
        }
        using var send = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/conversations/{id}/messages", UriKind.Relative))
        {
            Content = JsonContent.Create(new { text = Question, clientMessageId = Guid.NewGuid().ToString() }),
        };
        send.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        (await http.SendAsync(send)).EnsureSuccessStatusCode();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        long? firstDelta = null;
        try
        {
            // Read on to the committed reply, so the provider has finished this answer before the next
            // run starts (its notes are per answer).
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == "event: delta")
                {
                    firstDelta ??= Stopwatch.GetTimestamp();
                }
                if (line == "event: message" && await reader.ReadLineAsync(timeout.Token) is { } data && data.Contains("\"author\":\"ai\"", StringComparison.Ordinal))
                {
                    return firstDelta; // Null if the reply arrived whole: nothing was streamed.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return null;
    }

    private static Process StartServer(string dll, string root, int port, string dataDir, string endpoint)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir, "--firm", Path.Combine(root, "samples", "firms", "harbour-home") })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Tandem__Llm__Provider"] = "openai";
        start.Environment["Tandem__Llm__Endpoint"] = endpoint;
        start.Environment["Tandem__Llm__Model"] = "bench";
        start.Environment["Tandem__Llm__ApiKey"] = "bench";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        // Drain its output so it never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"[tandem] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHealthAsync(HttpClient http, Process server)
    {
        for (var i = 0; i < 240; i++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"Tandem exited with code {server.ExitCode} before it was healthy.");
            }
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("Tandem was not healthy after two minutes.");
    }

    /// <summary>The provider: OpenAI chat-completions streaming over Kestrel, like a real endpoint (TCP_NODELAY on).</summary>
    private sealed class Provider(int firstTokenMs, int gapMs)
    {
        private int _port;

        public string Endpoint => $"http://127.0.0.1:{_port}/v1";

        /// <summary>When the last request's first content chunk was written (Stopwatch ticks).</summary>
        public long FirstToken { get; private set; }

        /// <summary>When the chunk that completed its first sentence was written: the stop and the space after it.</summary>
        public long Completing { get; private set; }

        public async Task<WebApplication> StartAsync()
        {
            _port = BenchSupport.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapPost("/v1/chat/completions", ServeAsync);
            await app.StartAsync();
            return app;
        }

        private async Task ServeAsync(HttpContext context)
        {
            FirstToken = 0;
            Completing = 0;
            using (var reader = new StreamReader(context.Request.Body))
            {
                await reader.ReadToEndAsync(context.RequestAborted);
            }
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(firstTokenMs, context.RequestAborted);
            var sentenceEnd = Answer.IndexOf("]. ", StringComparison.Ordinal) + 3;
            for (var i = 0; i < Answer.Length; i += 6)
            {
                if (i > 0 && gapMs > 0)
                {
                    await Task.Delay(gapMs, context.RequestAborted);
                }
                var piece = Answer.Substring(i, Math.Min(6, Answer.Length - i));
                var chunk = JsonSerializer.Serialize(new
                {
                    id = "chatcmpl-bench",
                    @object = "chat.completion.chunk",
                    created = 1764115200,
                    model = "bench",
                    choices = new[] { new { index = 0, delta = new { content = piece }, finish_reason = (string?)null } },
                });
                await context.Response.WriteAsync($"data: {chunk}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                if (i == 0)
                {
                    FirstToken = Stopwatch.GetTimestamp();
                }
                if (Completing == 0 && i + piece.Length >= sentenceEnd)
                {
                    Completing = Stopwatch.GetTimestamp();
                }
            }
            await context.Response.WriteAsync("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1764115200,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":812,\"completion_tokens\":44,\"total_tokens\":856}}\n\ndata: [DONE]\n\n", context.RequestAborted);
        }
    }
}

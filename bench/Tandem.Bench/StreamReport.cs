using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.AI;
using OpenAI;
using Tandem.Rules.Guard;
using Tandem.Server.Realtime;

namespace Tandem.Bench;

/// <summary>
/// `stream [runs] [first-token-ms]`: the latency streaming adds. A loopback provider speaks the
/// OpenAI streaming protocol (first token after a configurable delay, then 7-character chunks); the
/// real OpenAI IChatClient reads it; each chunk goes through the same sentence splitter and per-sentence
/// guard check as the responder, and a passing sentence is published on ConversationEvents. Measured:
/// from the client receiving the provider's first token, and from it receiving the chunk that completed
/// the first sentence, to that sentence being published to subscribers.
/// </summary>
internal static class StreamReport
{
    private const string Passage = "Standard delivery costs £4.95 and is free when your goods total is over £50 (after any discount, not counting delivery). Parcels are sent with Royal Mail or DPD, depending on their size, and arrive within 3–5 working days.";
    private const string Answer = "Standard delivery costs £4.95 and is free when your goods total is over £50 [1]. Parcels arrive within 3–5 working days [1].";

    public static void Print(int runs, int firstTokenMs)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => ServeAsync(listener, firstTokenMs, stop.Token));

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new OpenAIClient(new ApiKeyCredential("bench"), new OpenAIClientOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
        }).GetChatClient("bench").AsIChatClient();
        var events = new ConversationEvents();
        var sources = new Dictionary<int, Evidence> { [1] = new("delivery#standard", Passage) };

        var fromFirst = new List<double>();
        var fromCompleting = new List<double>();
        for (var i = 0; i < runs + 10; i++)
        {
            var (a, b) = OneAsync(client, events, sources).GetAwaiter().GetResult();
            if (i >= 10)
            {
                fromFirst.Add(a);
                fromCompleting.Add(b);
            }
        }
        stop.Cancel();
        listener.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runs={runs} firstTokenDelay={firstTokenMs}ms\nprovider first token -> first released sentence: p50 {P(fromFirst, 0.5):0.00} ms, p99 {P(fromFirst, 0.99):0.00} ms\nchunk completing the sentence -> released: p50 {P(fromCompleting, 0.5):0.00} ms, p99 {P(fromCompleting, 0.99):0.00} ms"));
    }

    private static async Task<(double FromFirst, double FromCompleting)> OneAsync(IChatClient client, ConversationEvents events, Dictionary<int, Evidence> sources)
    {
        var conversation = Guid.NewGuid();
        long released = 0;
        void OnPublished(ConversationEvent e)
        {
            if (e.ConversationId == conversation && released == 0)
            {
                released = Stopwatch.GetTimestamp();
            }
        }
        events.Published += OnPublished;
        try
        {
            long first = 0, completing = 0;
            var splitter = new SentenceSplitter();
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "How much is standard delivery?")]))
            {
                if (update.Text is not { Length: > 0 } delta)
                {
                    continue;
                }
                var now = Stopwatch.GetTimestamp();
                if (first == 0)
                {
                    first = now;
                }
                foreach (var sentence in splitter.Push(delta))
                {
                    if (completing == 0)
                    {
                        completing = now;
                    }
                    if (CitedDraft.Check(sentence, sources).Passed)
                    {
                        events.Publish(new ConversationEvent("delta", conversation, "bench", new { text = sentence.Text }));
                    }
                }
            }
            return (Stopwatch.GetElapsedTime(first, released).TotalMilliseconds, Stopwatch.GetElapsedTime(completing, released).TotalMilliseconds);
        }
        finally
        {
            events.Published -= OnPublished;
        }
    }

    private static async Task ServeAsync(HttpListener listener, int firstTokenMs, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                await reader.ReadToEndAsync(ct);
            }
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.SendChunked = true;
            await Task.Delay(firstTokenMs, ct);
            for (var i = 0; i < Answer.Length; i += 7)
            {
                var piece = Answer.Substring(i, Math.Min(7, Answer.Length - i)).Replace("\"", "\\\"", StringComparison.Ordinal);
                var chunk = $"data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{piece}\"}},\"finish_reason\":null}}]}}\n\n";
                await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(chunk), ct);
                await response.OutputStream.FlushAsync(ct);
            }
            await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"), ct);
            response.Close();
        }
    }

    private static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }
}

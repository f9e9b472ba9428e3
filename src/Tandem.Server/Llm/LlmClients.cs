using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Anthropic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OpenAI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Tandem.Server.Firms;

namespace Tandem.Server.Llm;

/// <summary>The provider, endpoint and model that apply to one firm: its firm.yaml <c>llm:</c> over Tandem:Llm.</summary>
internal sealed record LlmSettings(string Provider, string? Endpoint, string Model, string EndpointHost)
{
    public bool Enabled => Provider != "none";

    public static LlmSettings For(LlmOptions options, FirmLlmSettings firm)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(firm);
        var provider = (firm.Provider ?? options.Provider ?? "none").Trim().ToLowerInvariant();
        if (provider is "" or "none")
        {
            return new LlmSettings("none", null, "", "");
        }
        var endpoint = firm.Endpoint ?? options.Endpoint;
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            endpoint = provider switch
            {
                "openai" => "https://api.openai.com/v1",
                "ollama" => "http://localhost:11434",
                "anthropic" => "https://api.anthropic.com",
                _ => throw new InvalidOperationException($"Tandem:Llm:Provider is '{provider}': expected none, openai, ollama or anthropic."),
            };
        }
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"The language-model endpoint '{endpoint}' is not an absolute address.");
        }
        var model = firm.Model ?? options.Model;
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new InvalidOperationException($"A language-model provider ('{provider}') is configured without a model: set Tandem:Llm:Model or 'model' under 'llm' in firm.yaml.");
        }
        return new LlmSettings(provider, endpoint, model, uri.Host.ToLowerInvariant());
    }
}

/// <summary>One configured provider: its chat client pipeline and its resilience pipeline (timeout, retries, breaker).</summary>
internal sealed class LlmProvider(LlmSettings settings, IChatClient client, ResiliencePipeline pipeline, CircuitBreakerStateProvider breaker)
{
    public LlmSettings Settings => settings;
    public IChatClient Client => client;
    public ResiliencePipeline Pipeline => pipeline;

    /// <summary>closed, open, half-open or isolated.</summary>
    public string BreakerState => breaker.CircuitState switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        _ => "isolated",
    };
}

/// <summary>A provider's answer Tandem cannot use (empty, malformed, endless tool calls). Counts against the breaker.</summary>
internal sealed class LlmAnswerException(string reason, string message) : Exception(message)
{
    public string Reason => reason;
}

/// <summary>
/// Builds and keeps one <see cref="LlmProvider"/> per distinct provider, endpoint and model, so firms
/// that share a provider share its breaker. The chat client is the real Microsoft.Extensions.AI client
/// of each provider, wrapped in logging and OpenTelemetry. Tools are passed as declarations only:
/// function invocation is not in the pipeline, because every tool call must go through the action gateway.
/// </summary>
internal sealed class LlmClients : IDisposable
{
    private readonly ConcurrentDictionary<LlmSettings, LlmProvider> _providers = new();
    private readonly IOptions<LlmOptions> _options;
    private readonly ILoggerFactory _loggers;
    private readonly Meter _meter = new("Tandem.Llm");

    public LlmClients(IOptions<LlmOptions> options, ILoggerFactory loggers)
    {
        _options = options;
        _loggers = loggers;
        // The breaker of every provider in use, for whatever collects metrics (dotnet-counters, OpenTelemetry).
        _meter.CreateObservableGauge("tandem.llm.breaker", () => _providers.Values.Select(p => new Measurement<int>(
            p.BreakerState switch { "closed" => 0, "half-open" => 1, _ => 2 },
            new KeyValuePair<string, object?>("provider", p.Settings.Provider),
            new KeyValuePair<string, object?>("host", p.Settings.EndpointHost))),
            description: "Circuit breaker of each language-model provider: 0 closed, 1 half-open, 2 open.");
    }

    // One handler for every provider: connection pooling, DNS refreshed every few minutes. Timeouts are
    // the resilience pipeline's, so the client itself never times out first.
    private readonly HttpClient _http = new(CancellableResponseBodies.Over(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })) { Timeout = Timeout.InfiniteTimeSpan };

    public LlmOptions Options => _options.Value;

    public LlmSettings SettingsFor(LoadedFirm firm) => LlmSettings.For(_options.Value, firm.Pack.Profile.Llm);

    /// <summary>The firm's provider, or null when it uses the embedded responder.</summary>
    public LlmProvider? For(LoadedFirm firm)
    {
        ArgumentNullException.ThrowIfNull(firm);
        var settings = SettingsFor(firm);
        return settings.Enabled ? _providers.GetOrAdd(settings, Create) : null;
    }

    /// <summary>The installation's own provider (Tandem:Llm), for /health; null when none.</summary>
    public LlmProvider? Default()
    {
        var settings = LlmSettings.For(_options.Value, FirmLlmSettings.None);
        return settings.Enabled ? _providers.GetOrAdd(settings, Create) : null;
    }

    public IReadOnlyCollection<LlmProvider> Active => [.. _providers.Values];

    private LlmProvider Create(LlmSettings settings)
    {
        var o = _options.Value;
        var endpoint = new Uri(settings.Endpoint!);
        IChatClient inner = settings.Provider switch
        {
            "openai" => new OpenAIClient(new ApiKeyCredential(o.ApiKey is { Length: > 0 } key ? key : "unused"), new OpenAIClientOptions
            {
                Endpoint = endpoint,
                Transport = new HttpClientPipelineTransport(_http),
                // Retries are the resilience pipeline's: one budget, one breaker, for every provider.
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            }).GetChatClient(settings.Model).AsIChatClient(),
            // Ollama's native /api/chat (NDJSON); its client needs its own HttpClient for the base address.
            "ollama" => new OllamaApiClient(new HttpClient(CancellableResponseBodies.Over(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }))
            {
                BaseAddress = endpoint,
                Timeout = Timeout.InfiniteTimeSpan,
            }, settings.Model),
            "anthropic" => new AnthropicClient
            {
                ApiKey = o.ApiKey is { Length: > 0 } anthropicKey ? anthropicKey : "unused",
                BaseUrl = settings.Endpoint!.TrimEnd('/'),
                HttpClient = _http,
                MaxRetries = 0,
            }.AsIChatClient(settings.Model, o.MaxOutputTokens),
            _ => throw new InvalidOperationException($"Unknown language-model provider '{settings.Provider}'."),
        };
        var client = new ChatClientBuilder(new CancellableCalls(inner, requireFinish: settings.Provider == "ollama"))
            .UseLogging(_loggers)
            .UseOpenTelemetry(_loggers, sourceName: "Tandem.Llm")
            .Build();

        var breaker = new CircuitBreakerStateProvider();
        var builder = new ResiliencePipelineBuilder();
        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = o.MaxRetries,
                Delay = o.RetryDelay,
                BackoffType = DelayBackoffType.Constant,
                // An unusable answer is not retried (the same prompt tends to give the same answer), nor is
                // a call whose text the customer has started to see, nor an open breaker.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not (LlmAnswerException or BrokenCircuitException or OperationCanceledException or LlmReleasedException)),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = o.BreakerFailureRatio,
            MinimumThroughput = Math.Max(2, o.BreakerMinimumThroughput),
            SamplingDuration = o.BreakerSamplingDuration < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : o.BreakerSamplingDuration,
            BreakDuration = o.BreakerBreakDuration < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : o.BreakerBreakDuration,
            StateProvider = breaker,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException || ex is TimeoutRejectedException),
        });
        builder.AddTimeout(o.AttemptTimeout);
        return new LlmProvider(settings, client, builder.Build(), breaker);
    }

    public void Dispose()
    {
        foreach (var provider in _providers.Values)
        {
            provider.Client.Dispose();
        }
        _http.Dispose();
        _meter.Dispose();
    }
}

/// <summary>A call that failed after some of its text was shown to the customer: never retried (the text would repeat).</summary>
internal sealed class LlmReleasedException(Exception inner) : Exception(inner.Message, inner);

/// <summary>
/// The cancellation of the call in progress (the attempt's timeout, the turn's budget), for the HTTP
/// handler under the provider's SDK: the SDK passes it to SendAsync, but HttpClient links it into a
/// token of its own that it disposes once the headers are in, so the handler can't keep that one.
/// </summary>
internal static class LlmCallCancellation
{
    private static readonly AsyncLocal<CancellationToken> Token = new();

    public static CancellationToken Current
    {
        get => Token.Value;
        set => Token.Value = value;
    }
}

/// <summary>
/// Makes every provider call end when its token is cancelled, whatever the SDK does with the token.
/// OllamaSharp reads a streamed answer with ReadLineAsync() and no token, and stops reading quietly
/// when the token is cancelled between lines: a provider that stalls mid-stream would hold the turn
/// for ever, and one cut short by the timeout would look like a complete answer. So the call's token
/// is handed down to the response body (<see cref="CancellableResponseBodies"/>), cancellation at
/// the end of a stream is an error, and for Ollama a stream without its final <c>done</c> object is
/// a dropped connection, not an answer.
/// </summary>
internal sealed class CancellableCalls(IChatClient inner, bool requireFinish) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        LlmCallCancellation.Current = cancellationToken;
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LlmCallCancellation.Current = cancellationToken;
        var finished = false;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            finished |= update.FinishReason is not null;
            yield return update;
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (requireFinish && !finished)
        {
            throw new IOException("The provider's stream ended before its final object: the connection was dropped.");
        }
    }
}

/// <summary>Gives each response body the cancellation of the provider call it answers (<see cref="LlmCallCancellation"/>).</summary>
internal sealed class CancellableResponseBodies : DelegatingHandler
{
    public static CancellableResponseBodies Over(HttpMessageHandler inner) => new() { InnerHandler = inner };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = LlmCallCancellation.Current;
        var response = await base.SendAsync(request, cancellationToken);
        if (call.CanBeCanceled)
        {
            response.Content = new CancellableContent(response.Content, call);
        }
        return response;
    }

    private sealed class CancellableContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly CancellationToken _call;

        public CancellableContent(HttpContent inner, CancellationToken call)
        {
            _inner = inner;
            _call = call;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new CancellableStream(await _inner.ReadAsStreamAsync(cancellationToken), _call);

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_call, cancellationToken);
            await using var source = await _inner.ReadAsStreamAsync(linked.Token);
            await source.CopyToAsync(stream, linked.Token);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? 0;
            return _inner.Headers.ContentLength is not null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>A read-only body whose reads end, with OperationCanceledException, when the call is cancelled.</summary>
    private sealed class CancellableStream(Stream inner, CancellationToken call) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                return await inner.ReadAsync(buffer, call);
            }
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(call, cancellationToken);
            return await inner.ReadAsync(buffer, linked.Token);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // Synchronous reads can't be cancelled; none of the SDKs reads a stream synchronously.
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}

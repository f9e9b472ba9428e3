namespace Tandem.Server.Llm;

/// <summary>
/// Configuration section "Tandem:Llm": the installation's language model. A firm's firm.yaml
/// <c>llm:</c> section overrides provider, endpoint and model (docs/llm.md). Provider "none" (the
/// default) keeps the embedded responder, which needs no network.
/// </summary>
internal sealed class LlmOptions
{
    public const string Section = "Tandem:Llm";

    /// <summary>none | openai (any OpenAI-compatible endpoint) | ollama (native /api/chat) | anthropic.</summary>
    public string Provider { get; set; } = "none";

    /// <summary>Base address: https://api.openai.com/v1, http://localhost:11434, https://api.anthropic.com. Empty: the provider's public one.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    /// <summary>Never in a firm pack; from configuration or the environment (Tandem__Llm__ApiKey).</summary>
    public string? ApiKey { get; set; }

    /// <summary>One call to the provider (one tool round), including a streamed answer's last token.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Everything the model does for one turn. Past it the turn falls back to the embedded responder;
    /// kept under 5 s so the customer hears something within 5 s of their message.
    /// </summary>
    public TimeSpan TurnBudget { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Retries of a failed call (429, 5xx, a dropped connection) before any of its text was released.</summary>
    public int MaxRetries { get; set; } = 1;

    /// <summary>Tool rounds the model may take in one turn before Tandem stops it and falls back.</summary>
    public int MaxToolRounds { get; set; } = 3;

    public int MaxOutputTokens { get; set; } = 600;

    /// <summary>Stream answers (sentence-level release to the widget). False asks for whole JSON answers.</summary>
    public bool Streaming { get; set; } = true;

    /// <summary>Circuit breaker: the share of failed calls, over <see cref="BreakerSamplingDuration"/>, that opens it.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker sends every turn straight to the embedded responder.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

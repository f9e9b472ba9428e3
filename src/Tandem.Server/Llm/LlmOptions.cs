using System.Globalization;

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

    /// <summary>The pause before each retry (constant: the turn is too short for backoff to help).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

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

    /// <summary>Issue 7: the customer hears something — the model's reply, the embedded one or a holding message — within this of their message.</summary>
    public static readonly TimeSpan CustomerWaitBound = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What the rest of a turn may take besides the model: claiming it, understanding and retrieval
    /// before, the embedded responder's draft and the commit after (docs/benchmarks.md, "LLM fallback
    /// time": p99 well under this on the shared 2-core machine).
    /// </summary>
    public static readonly TimeSpan RestOfTurnAllowance = TimeSpan.FromSeconds(1);

    /// <summary>Below this much of the turn budget left, the model is not asked at all: it could not answer in time.</summary>
    public static readonly TimeSpan MinimumModelTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The model's share of a turn whose message waited this long before a worker took it: the five
    /// seconds run from the customer's message, so queueing (busy workers, another turn's slow
    /// provider, a restart) comes off the budget. Null when too little is left to be worth a call.
    /// </summary>
    public TimeSpan? ModelTimeAfter(TimeSpan waited)
    {
        var left = TurnBudget - (waited > TimeSpan.Zero ? waited : TimeSpan.Zero);
        return left >= MinimumModelTime ? left : null;
    }

    /// <summary>
    /// The longest the model's part of a turn can take with these settings, whatever the provider does:
    /// every call timing out on every attempt, with every retry pause, over every tool round — cut
    /// short by the turn budget, which cancels whatever is in flight.
    /// </summary>
    public TimeSpan WorstCaseModelTime()
    {
        var call = (AttemptTimeout * (MaxRetries + 1)) + (RetryDelay * MaxRetries);
        var turn = call * (MaxToolRounds + 1);
        return turn < TurnBudget ? turn : TurnBudget;
    }

    /// <summary>Why these settings can't keep the 5-second promise, or null when they can.</summary>
    public string? WaitBoundProblem()
    {
        if (AttemptTimeout <= TimeSpan.Zero || TurnBudget <= TimeSpan.Zero || RetryDelay < TimeSpan.Zero || MaxRetries < 0 || MaxToolRounds < 0)
        {
            return "Tandem:Llm: AttemptTimeout and TurnBudget must be positive; RetryDelay, MaxRetries and MaxToolRounds must not be negative.";
        }
        var worst = WorstCaseModelTime() + RestOfTurnAllowance;
        return worst <= CustomerWaitBound
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"Tandem:Llm: with AttemptTimeout {AttemptTimeout}, MaxRetries {MaxRetries}, RetryDelay {RetryDelay}, MaxToolRounds {MaxToolRounds} and TurnBudget {TurnBudget}, a failing provider can keep a customer waiting {worst.TotalSeconds:0.0} s (with {RestOfTurnAllowance.TotalSeconds:0.0} s for the rest of the turn) before the fallback answers, over the {CustomerWaitBound.TotalSeconds:0} s Tandem promises. Lower TurnBudget to {(CustomerWaitBound - RestOfTurnAllowance).TotalSeconds:0.0} s or less.");
    }
}

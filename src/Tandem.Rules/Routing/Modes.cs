namespace Tandem.Rules.Routing;

/// <summary>How much the AI may do on a topic. New topics start in <see cref="Copilot"/>.</summary>
public enum TopicMode
{
    Human,
    Copilot,
    Autonomous,
}

/// <summary>The router's verdict for one turn.</summary>
public enum Decision
{
    Send,
    Review,
    Handoff,
}

/// <summary>Risk and intent signals the Understand stage can raise.</summary>
public enum SignalKind
{
    Complaint,
    Vulnerability,
    Hardship,
    LegalThreat,
    SelfHarm,
    Abuse,
    HumanRequest,
    PromptInjection,
}

/// <summary>A raised signal with the words that triggered it, for the agent and the audit.</summary>
public sealed record Signal(SignalKind Kind, string Evidence);

public static class ModeNames
{
    public static string ToWire(this TopicMode mode) => mode switch
    {
        TopicMode.Human => "human",
        TopicMode.Copilot => "copilot",
        TopicMode.Autonomous => "autonomous",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static string ToWire(this Decision decision) => decision switch
    {
        Decision.Send => "send",
        Decision.Review => "review",
        Decision.Handoff => "handoff",
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    public static string ToWire(this SignalKind kind) => kind switch
    {
        SignalKind.Complaint => "complaint",
        SignalKind.Vulnerability => "vulnerability",
        SignalKind.Hardship => "hardship",
        SignalKind.LegalThreat => "legal_threat",
        SignalKind.SelfHarm => "self_harm",
        SignalKind.Abuse => "abuse",
        SignalKind.HumanRequest => "human_request",
        SignalKind.PromptInjection => "prompt_injection",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParseMode(string? text, out TopicMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "human": mode = TopicMode.Human; return true;
            case "copilot": mode = TopicMode.Copilot; return true;
            case "autonomous": mode = TopicMode.Autonomous; return true;
            default: mode = TopicMode.Copilot; return false;
        }
    }

    public static bool TryParseSignal(string? text, out SignalKind kind)
    {
        foreach (var candidate in Enum.GetValues<SignalKind>())
        {
            if (string.Equals(candidate.ToWire(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}

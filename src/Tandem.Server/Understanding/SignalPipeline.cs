using Tandem.Rules.Routing;
using Tandem.Rules.Text;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Understanding;

/// <summary>
/// The order the server looks for risk signals in, in one place so the turn, `./tandem eval signals` and
/// `./tandem train signals` run the same detector: the rules; the anchors for self-harm and a request for
/// a person; a trained head for each signal still not raised. A clause that declines a person ("no need
/// to call me") or denies dissatisfaction ("no complaints at all") is taken out first, and that signal
/// is looked for in the rest of the message only (<see cref="NegatedSignals"/>): the rules would read
/// "call me" in it and the sentence vector cannot see the "no".
/// </summary>
internal static class SignalPipeline
{
    public static List<Signal> Detect(
        string text,
        float[] vector,
        ITextEmbedder embedder,
        SemanticSignals semantic,
        SignalHeads? heads,
        Func<SignalKind, bool>? wanted = null,
        float selfHarmThreshold = SemanticSignals.SelfHarmThreshold,
        float humanRequestThreshold = SemanticSignals.HumanRequestThreshold)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(semantic);
        wanted ??= _ => true;
        var negated = new List<(SignalKind Kind, string Remainder)>();
        if (wanted(SignalKind.HumanRequest) && NegatedSignals.WithoutDeclinedPerson(text) is { } withoutDeclined)
        {
            negated.Add((SignalKind.HumanRequest, withoutDeclined));
        }
        if (wanted(SignalKind.Complaint) && NegatedSignals.WithoutNegatedComplaint(text) is { } withoutNegated)
        {
            negated.Add((SignalKind.Complaint, withoutNegated));
        }

        var signals = Whole(text, vector, embedder, semantic, heads, k => wanted(k) && !negated.Exists(n => n.Kind == k), selfHarmThreshold, humanRequestThreshold);
        foreach (var (kind, rest) in negated)
        {
            if (rest.Length == 0)
            {
                continue;
            }
            // Embedded again only for the few messages that carry such a clause.
            signals.AddRange(Whole(rest, embedder.Embed(rest), embedder, semantic, heads, k => k == kind, selfHarmThreshold, humanRequestThreshold));
        }
        return signals;
    }

    /// <summary>The rules alone, with the same negated clauses taken out (`./tandem eval signals --rules-only`).</summary>
    public static List<Signal> Rules(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var declined = NegatedSignals.WithoutDeclinedPerson(text);
        var denied = NegatedSignals.WithoutNegatedComplaint(text);
        var signals = SignalDetector.Detect(text)
            .Where(s => !(s.Kind == SignalKind.HumanRequest && declined is not null) && !(s.Kind == SignalKind.Complaint && denied is not null))
            .ToList();
        if (declined is { Length: > 0 })
        {
            signals.AddRange(SignalDetector.Detect(declined).Where(s => s.Kind == SignalKind.HumanRequest));
        }
        if (denied is { Length: > 0 })
        {
            signals.AddRange(SignalDetector.Detect(denied).Where(s => s.Kind == SignalKind.Complaint));
        }
        return signals;
    }

    private static List<Signal> Whole(
        string text, float[] vector, ITextEmbedder embedder, SemanticSignals semantic, SignalHeads? heads,
        Func<SignalKind, bool> wanted, float selfHarmThreshold, float humanRequestThreshold)
    {
        var signals = SignalDetector.Detect(text).Where(s => wanted(s.Kind)).ToList();
        if (wanted(SignalKind.SelfHarm) && !signals.Exists(s => s.Kind == SignalKind.SelfHarm) && semantic.SelfHarm(vector, selfHarmThreshold) is { } selfHarm)
        {
            signals.Add(selfHarm);
        }
        if (wanted(SignalKind.HumanRequest) && !signals.Exists(s => s.Kind == SignalKind.HumanRequest) && semantic.HumanRequest(vector, humanRequestThreshold) is { } person)
        {
            signals.Add(person);
        }
        if (heads is not null)
        {
            var raised = signals.Select(s => s.Kind).ToHashSet();
            signals.AddRange(heads.Detect(text, vector, embedder, kind => wanted(kind) && !raised.Contains(kind)));
        }
        return signals;
    }
}

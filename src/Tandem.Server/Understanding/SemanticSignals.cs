using Tandem.Rules.Routing;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Understanding;

/// <summary>
/// A second detector for the signal where a miss costs most: thoughts of suicide or self-harm are
/// often said without any of the words a rule can list ("everyone would be better off", "I've
/// saved up my tablets"). A message whose meaning is close to one of these anchor statements raises
/// the signal, alongside the rules. The anchors are written from crisis-line guidance on how people
/// disclose (ideation, plans and means, hopelessness, burden, goodbyes, acts of self-harm); they are
/// not taken from any evaluation set. The threshold is chosen on one half of eval/signals and
/// measured on the other (docs/benchmarks.md).
/// </summary>
internal sealed class SemanticSignals
{
    public const float SelfHarmThreshold = 0.42f;

    private static readonly string[] SelfHarmAnchors =
    [
        "I want to end my life",
        "I'm thinking about killing myself",
        "I don't want to be alive anymore",
        "I wish I could go to sleep and never wake up",
        "everyone would be better off without me",
        "I'm a burden to everyone and it would be easier if I was gone",
        "I have been saving up pills to take them all",
        "I've been cutting myself again",
        "I keep hurting myself on purpose",
        "I can't see any way out and I want it all to stop",
        "there's no point in living anymore",
        "this is my last message, goodbye to everyone",
        "I'm standing on the bridge and thinking of jumping",
        "I don't feel safe with myself tonight",
        "I've written notes for my family",
        "I won't be around much longer so it doesn't matter",
        "I feel completely hopeless and want to disappear for good",
        "I've made a plan to end things",
    ];

    public const float HumanRequestThreshold = 0.52f;

    private static readonly string[] HumanRequestAnchors =
    [
        "can I speak to a person please",
        "I want to talk to a real human, not a bot",
        "put me through to someone in customer services",
        "can a member of your team call me back",
        "I'd like to speak to a manager or supervisor",
        "get me an actual person to deal with this",
        "transfer me to one of your colleagues",
        "is there anyone there I can talk to",
        "stop the automated replies and let me talk to staff",
        "please can someone ring me about this",
        "I need to speak with a representative",
        "connect me with a live agent",
    ];

    private readonly float[] _selfHarm;
    private readonly float[] _humanRequest;

    public SemanticSignals(ITextEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        _selfHarm = embedder.EmbedMatrix(SelfHarmAnchors);
        _humanRequest = embedder.EmbedMatrix(HumanRequestAnchors);
    }

    public Signal? SelfHarm(float[] vector, float threshold = SelfHarmThreshold) =>
        Closest(vector, _selfHarm, SelfHarmAnchors, SignalKind.SelfHarm, threshold);

    public Signal? HumanRequest(float[] vector, float threshold = HumanRequestThreshold) =>
        Closest(vector, _humanRequest, HumanRequestAnchors, SignalKind.HumanRequest, threshold);

    /// <summary>The signal, with the nearest anchor and its similarity as evidence, when the message is close enough to one.</summary>
    private static Signal? Closest(float[] vector, float[] matrix, string[] anchors, SignalKind kind, float threshold)
    {
        var best = VectorMath.TopK(vector, matrix, 1);
        return best.Length > 0 && best[0].Score >= threshold
            ? new Signal(kind, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"meaning close to \"{anchors[best[0].Row]}\" ({best[0].Score:0.00})"))
            : null;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Tandem.Rules.Routing;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Understanding.Classification;

namespace Tandem.Server.Understanding;

internal sealed record Entity(string Kind, string Value);

internal sealed record Understanding(
    string Language,
    string? Topic,
    double TopicConfidence,
    bool OutOfScope,
    IReadOnlyList<(string Topic, double Score)> TopicCandidates,
    IReadOnlyList<Entity> Entities,
    IReadOnlyList<Signal> Signals)
{
    /// <summary>Which candidates are plausible topics for the strictest-mode rule (on the scale of their scores).</summary>
    public TopicMargin ModeMargin { get; init; } = TopicMargin.Absolute(Understander.NearestModeMargin);
}

/// <summary>
/// The Understand stage: language, topic, entities and risk signals. The topic comes from the linear
/// head trained on the firm's examples (and past tickets) when the firm uses it and has enough of
/// them, otherwise from the nearest labelled example (firm.yaml topics_classifier; ADR 0006).
/// </summary>
internal sealed partial class Understander
{
    /// <summary>Nearest anchor: below this similarity to every example the message is none of the firm's topics.</summary>
    public const double OutOfScopeThreshold = 0.30;

    /// <summary>Nearest anchor: the strictest-mode rule's margin on the cosine scale (StrictestMode.DefaultMargin).</summary>
    public const double NearestModeMargin = StrictestMode.DefaultMargin;

    private readonly ITextEmbedder _embedder;
    private readonly SemanticSignals _semantic;
    private readonly SignalHeads? _heads;
    private readonly string[] _topicOfRow;
    private readonly float[] _vectors;
    private readonly Regex? _orderNumber;
    private readonly FirmTopicClassifier? _linear;

    /// <param name="vectorCache">
    /// A folder that keeps the anchors' vectors and the trained topic classifier between starts, by model and
    /// texts (the data directory's <c>cache</c>): a firm with past tickets has hundreds of anchors, and embedding
    /// them and training on them again at every start cost seconds for an answer that had not changed.
    /// Null: embedded and trained every time (tests, tools).
    /// </param>
    /// <param name="heads">The signal heads (and their encoder) to use; null: those built into the server.</param>
    public Understander(FirmPack pack, ITextEmbedder embedder, string? vectorCache = null, SignalHeads? heads = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(embedder);
        _embedder = embedder;
        _semantic = new SemanticSignals(embedder);
        // Heads trained on one model's vectors mean nothing on another's (an external embedder).
        _heads = (heads ?? SignalHeads.Shipped) is { } chosen && chosen.ModelId == embedder.ModelId ? chosen : null;
        // The fine-tuned encoder's model is built on first use (the model file read, its hash checked, the tuned tensors
        // rebuilt, a second ONNX Runtime session: about a second, once per process): here, when the firm loads, rather
        // than in a customer's first turn.
        _ = _heads?.Encoder?.Embedder;
        // Each topic is anchored by its description, its labelled examples and the firm's past tickets
        // labelled with it; the nearest anchor decides, or they train the linear head.
        var anchors = pack.Topics
            .SelectMany(t => t.Examples.Append($"{t.Name}: {t.Description}").Select(text => (Topic: t.Id, Text: text)))
            .Concat(pack.History.Select(h => (h.Topic, h.Text)))
            .ToList();
        _topicOfRow = [.. anchors.Select(a => a.Topic)];
        string[] texts = [.. anchors.Select(a => a.Text)];
        _vectors = vectorCache is null
            ? embedder.EmbedMatrix(texts)
            : VectorMath.Matrix(EmbeddingCache.Embed(embedder, texts, vectorCache, "topic anchors", showProgress: false));
        if (pack.Profile.TopicsClassifier == TopicsClassifier.Nearest)
        {
            TopicMethod = $"nearest anchor of {anchors.Count} (firm.yaml topics_classifier: nearest)";
        }
        else if (!FirmTopicClassifier.CanTrain([.. anchors.Select(e => (e.Text, e.Topic))]))
        {
            TopicMethod = $"nearest anchor of {anchors.Count}: too few examples to train the linear head (it needs 2 topics and {FirmTopicClassifier.MinimumTextsPerTopic} texts a topic)";
        }
        else
        {
            var dimensions = _vectors.Length / anchors.Count;
            var training = anchors.Select((e, i) => new TopicExample(e.Text, e.Topic, _vectors.AsSpan(i * dimensions, dimensions).ToArray())).ToList();
            _linear = FirmTopicClassifier.Train(embedder.ModelId, training, vectorCache);
            var fitted = _linear.LoadTime is { } loaded
                ? $"read from the cache in {loaded.TotalMilliseconds:0} ms (trained in {_linear.TrainingTime.TotalMilliseconds:0} ms)"
                : $"trained in {_linear.TrainingTime.TotalMilliseconds:0} ms";
            TopicMethod = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"linear head on {_linear.Examples} examples ({pack.History.Count} from past tickets): {fitted}, held-out accuracy {_linear.HeldOutAccuracy:0.000}, temperature {_linear.Temperature:0.###}, out of scope below p {_linear.OutOfScopeThreshold:0.####} or cosine {_linear.SimilarityThreshold:0.####}, plausible topics {_linear.ModeMargin} (held-out coverage {_linear.Coverage:0.000}, nearest anchor's {_linear.NearestCoverage:0.000})");
        }
        ClassifierVersion = _linear?.Version ?? Version(embedder.ModelId, anchors);
        _orderNumber = pack.Profile.OrderNumberPattern is { Length: > 0 } p
            ? new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))
            : null;
    }

    public string ModelId => _embedder.ModelId;

    /// <summary>How topics are decided, and why; with the trained head's training time and chosen rules, for the start-up log.</summary>
    public string TopicMethod { get; }

    /// <summary>The trained head's training time in this process (zero for the nearest anchor, or a head read from the cache).</summary>
    public TimeSpan TopicTrainingTime => _linear is { LoadTime: null } ? _linear.TrainingTime : TimeSpan.Zero;

    /// <summary>Names the signal detector that ran, for the turn's audit record: the rules and anchors always, the trained heads when they match the embedder.</summary>
    public string SignalDetectorVersion => _heads is null ? "rules+anchors" : $"rules+anchors+{_heads.Version}";
    /// <summary>
    /// Names the topic decision exactly: the method, its settings, the embedded model and every anchor.
    /// The turn's audit record carries it, so a topic can be traced to the data that chose it after the
    /// pack changes: <c>linear@…</c> for the trained head (its settings, rules and every training text),
    /// <c>nearest-anchor@…</c> for the nearest example.
    /// </summary>
    public string ClassifierVersion { get; }

    private static string Version(string modelId, IEnumerable<(string Topic, string Text)> anchors)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"nearest-anchor;out-of-scope<{OutOfScopeThreshold};model={modelId}\n")));
        foreach (var (topic, text) in anchors)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{topic}\t{text}\n"));
        }
        return $"nearest-anchor@{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
    }

    public Understanding Understand(string text) => Understand(text, Embed(text));

    /// <summary>
    /// The message's vectors in one model call: the sentence vector always (topics, anchors, retrieval), the token
    /// states' maximum only when the shipped signal heads read it.
    /// </summary>
    public PooledVectors Embed(string text) => SignalPipeline.Embed(_heads, _embedder, text);

    /// <summary>Understands a message whose sentence vector the caller already has; heads that read the token states make their own model call.</summary>
    public Understanding Understand(string text, float[] vector) => Understand(text, new PooledVectors(vector, null));

    /// <summary>Understands a message whose vectors the caller already has (the turn embeds it once).</summary>
    public Understanding Understand(string text, PooledVectors vectors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vectors);
        var vector = vectors.Mean;
        if (_linear is not null)
        {
            var ranked = _linear.Classify(text, vector);
            var top = ranked[0];
            var nearest = VectorMath.TopK(vector, _vectors, 1);
            var rejected = top.Score < _linear.OutOfScopeThreshold || nearest.Length == 0 || nearest[0].Score < _linear.SimilarityThreshold;
            return new Understanding(
                LanguageDetector.Detect(text),
                rejected ? null : top.Topic,
                top.Score,
                rejected,
                ranked,
                Entities(text),
                Signals(text, vectors)) { ModeMargin = _linear.ModeMargin };
        }
        var candidates = VectorMath.TopK(vector, _vectors, Math.Min(40, _topicOfRow.Length))
            .GroupBy(r => _topicOfRow[r.Row])
            .Select(g => (Topic: g.Key, Score: Math.Round((double)Math.Max(0, g.Max(r => r.Score)), 4)))
            .OrderByDescending(c => c.Score)
            .Take(3)
            .ToList();
        var best = candidates.Count > 0 ? candidates[0] : (Topic: (string?)null, Score: 0.0);
        var outOfScope = best.Score < OutOfScopeThreshold;
        return new Understanding(
            LanguageDetector.Detect(text),
            outOfScope ? null : best.Topic,
            best.Score,
            outOfScope,
            candidates,
            Entities(text),
            Signals(text, vectors));
    }

    /// <summary>
    /// The rules' signals; self-harm and a request for a person from their anchors when no rule caught
    /// them; then each trained head for the signals still not raised (<see cref="SignalPipeline"/>).
    /// </summary>
    private List<Signal> Signals(string text, PooledVectors vectors) =>
        SignalPipeline.Detect(text, vectors, _embedder, _semantic, _heads);

    /// <summary>
    /// The rules' and anchors' signals alone. For a message whose whole form is known (a customer asking
    /// why the assistant said something), the trained heads, which never saw such questions, are not
    /// asked: "why did you say that?" reads to them as a complaint and as abuse.
    /// </summary>
    public List<Signal> SignalsWithoutHeads(string text, float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return SignalPipeline.Detect(text, vector, _embedder, _semantic, heads: null);
    }

    public IReadOnlyList<Entity> Entities(string text)
    {
        var found = new List<Entity>();
        if (_orderNumber is not null)
        {
            found.AddRange(_orderNumber.Matches(text).Select(m => new Entity("order_number", m.Value.ToUpperInvariant())));
        }
        found.AddRange(Email().Matches(text).Select(m => new Entity("email", m.Value)));
        found.AddRange(Phone().Matches(text).Select(m => new Entity("phone", m.Value.Trim())));
        found.AddRange(Postcode().Matches(text).Select(m => new Entity("postcode", NormalisePostcode(m.Value))));
        found.AddRange(Money().Matches(text).Select(m => new Entity("money", m.Value)));
        found.AddRange(Date().Matches(text).Select(m => new Entity("date", m.Value)));
        return found;
    }

    /// <summary>Upper case with one space before the inward code (the last three characters), as Royal Mail writes it: "bs39zz" is BS3 9ZZ.</summary>
    private static string NormalisePostcode(string value)
    {
        var compact = string.Concat(value.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return $"{compact[..^3]} {compact[^3..]}";
    }

    // An apostrophe may sit inside the local part (o'neill@...), never at its edges.
    [GeneratedRegex(@"[A-Za-z0-9._%+-]+(?:'[A-Za-z0-9._%+-]+)*@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // A UK number is 0 and ten digits, or +44 and the ten digits (with an optional "(0)"), spaced,
    // hyphenated or bracketed as people write them: 07700 900123, 020 7946 0958, (0117) 496 0000.
    [GeneratedRegex(@"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)(?:[\s)-]{0,2}\d){10}(?!\d)")]
    private static partial Regex Phone();

    // Royal Mail's letter rules: the area never starts with Q, V or X (nor has I, J or Z second), and the
    // inward code's letters are never C, I, K, M, O or V, so "M4 6MM screws" and "LX2 4CK" are not postcodes.
    [GeneratedRegex(@"\b[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Postcode();

    // Thousands separators only between groups of three, so "£1,299, then" stops before the comma.
    // Pence only as one or two digits and a p ("50p", "99 pence"), so "1080p" is a screen, not money.
    [GeneratedRegex(@"£\s?\d+(?:,\d{3})*(?:\.\d{2})?|\bgbp\s?\d+(?:,\d{3})*(?:\.\d{2})?|\b\d+(?:,\d{3})*(?:\.\d{2})?\s?(?:pounds|gbp|quid)\b|\b\d{1,2}\s?(?:p|pence)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Money();

    // Whole month names or their abbreviations only, so "4 decorative cushions" is not 4 December.
    // UK order (day first) and ISO; relative dates keep their qualifier ("next Friday", "3 days ago",
    // "in 2 weeks"), but a bare duration ("3 to 5 working days", "it's been 10 days") is not a date.
    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
        + @"|\b(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + Months + @"\b(?:\s+\d{4}\b)?|\b" + Months + @"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?"
        + @"|\b(?:next|last|this|coming)\s+(?:week(?:end)?|month|" + Weekdays + @")\b"
        + @"|\b(?:\d{1,2}|a|one|two|three|four|five|six|seven|ten|a\s+couple\s+of)\s+(?:working\s+)?(?:days?|weeks?|months?)\s+ago\b"
        + @"|\bin\s+(?:\d{1,2}|a|one|two|three|four|five|six|seven|ten|a\s+couple\s+of)\s+(?:working\s+)?(?:days?|weeks?)(?:['’]\s*time)?\b"
        + @"|\b(?:today|tomorrow|yesterday|tonight|" + Weekdays + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex Date();

    private const string Weekdays = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";

    private const string Months = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Tandem.Rules.Routing;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Understanding;

/// <summary>The weights file `./tandem train signals` writes and the server embeds (docs/adr/0004-trained-signal-heads.md).</summary>
internal sealed record SignalHeadsFile
{
    public required string Format { get; init; }
    public required string Model { get; init; }
    public required string TrainedOn { get; init; }
    /// <summary>Per-feature centre and 1/spread of the dense part: the sentence vector, then (pooling <see cref="SignalHeads.MeanAndTokenMax"/>) the token-state maximum.</summary>
    public required float[] Mean { get; init; }
    public required float[] Scale { get; init; }

    /// <summary>
    /// Which vectors the heads read: <see cref="SignalHeads.MeanOnly"/> (format 1, the sentence vector) or
    /// <see cref="SignalHeads.MeanAndTokenMax"/> (format 2: the sentence vector and the token states' maximum, one model call).
    /// </summary>
    public string Pooling { get; init; } = SignalHeads.MeanOnly;

    /// <summary>How many hashed word and word-pair features follow the vector (<see cref="SignalFeatures"/>).</summary>
    public required int NgramBuckets { get; init; }

    public required Dictionary<string, SignalHeadWeights> Heads { get; init; }

    /// <summary>
    /// True when the thresholds were chosen on clause-level scores (the highest of the whole message and each
    /// clause), so the heads must score clauses too to keep the precision they were chosen for.
    /// </summary>
    public bool ClauseMax { get; init; }

    /// <summary>The training messages for the heads' neighbour vote (format 2); null: the heads alone.</summary>
    public SignalNeighboursFile? Neighbours { get; init; }
}

internal sealed record SignalHeadWeights
{
    /// <summary>This head's rows of <see cref="SignalHeadsFile.Neighbours"/>, and their labels ('1' carries the signal), one character a row.</summary>
    public int[]? NeighbourRows { get; init; }
    public string? NeighbourLabels { get; init; }

    public required float Lambda { get; init; }
    public required float Threshold { get; init; }
    public required float Bias { get; init; }
    public required float[] Weights { get; init; }
    public required int Positives { get; init; }
    public required int Negatives { get; init; }

    /// <summary>
    /// A multiple-instance head (format 3, round 6): trained so that a message's score is the highest of the whole
    /// message's and each clause's, each clause read through its own tokens' states from the message's one model
    /// call (<see cref="PooledVectors.Spans"/>), so one complaint sentence among friendly ones carries the message.
    /// </summary>
    public bool Clauses { get; init; }
}

/// <summary>
/// One trained logistic-regression head per risk signal over the message's sentence vector, beside
/// the rules: the rules catch the phrasings someone listed, the heads the ones nobody did ("my hubby
/// left me with two kids and I've not slept in weeks"). Each raised signal names the clause that
/// carried it, so the agent and the audit see why. The heads only run on vectors from the model they
/// were trained on; under any other embedder the rules work alone.
/// </summary>
internal sealed partial class SignalHeads
{
    public const string ResourceName = "Tandem.Server.Understanding.signal-heads.json";

    /// <summary>The weights-file formats this server reads; anything else is refused with the file's own format named.</summary>
    public static readonly string[] ReadableFormats = ["signal-heads/1", "signal-heads/2", "signal-heads/3"];

    public const string MeanOnly = "mean";
    public const string MeanAndTokenMax = "mean+token-max";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly Lazy<SignalHeads?> ShippedHeads = new(LoadShipped);

    private readonly SignalHeadsFile _file;
    private readonly string _version;
    private readonly (SignalKind Kind, SignalHeadWeights Head)[] _heads;
    private readonly SignalNeighbours? _neighbours;
    private readonly int[]?[] _neighbourRows;

    public SignalHeads(SignalHeadsFile file, string version, SignalEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!ReadableFormats.Contains(file.Format, StringComparer.Ordinal))
        {
            throw new InvalidDataException(
                $"The signal heads file is format '{file.Format}'; this server reads {string.Join(" and ", ReadableFormats)}. Retrain with `./tandem train signals` or ship the file this build was made with.");
        }
        if (file.Pooling is not (MeanOnly or MeanAndTokenMax))
        {
            throw new InvalidDataException($"The signal heads file pools '{file.Pooling}'; this server knows {MeanOnly} and {MeanAndTokenMax}.");
        }
        if (file.Heads.Values.Any(h => h.Clauses) && (file.Format != "signal-heads/3" || file.Pooling != MeanOnly))
        {
            throw new InvalidDataException($"The signal heads file (format '{file.Format}', pooling '{file.Pooling}') has clause heads; only format signal-heads/3 over {MeanOnly} pooling has them.");
        }
        if (encoder is not null && encoder.ModelId != file.Model)
        {
            throw new InvalidDataException($"The signal encoder was tuned from {encoder.ModelId}; these heads read {file.Model}.");
        }
        _file = file;
        _version = version;
        Encoder = encoder;
        ClauseMax = file.ClauseMax;
        _neighbours = file.Neighbours is { } neighbours ? new SignalNeighbours(neighbours) : null;
        if (_neighbours is not null && file.Heads.Values.Any(h => h.NeighbourRows is null || h.NeighbourLabels is null || h.NeighbourRows.Length != h.NeighbourLabels.Length))
        {
            throw new InvalidDataException("The signal heads file has neighbour vectors, but a head lacks its rows or labels.");
        }
        _heads = [.. Enum.GetValues<SignalKind>()
            .Where(k => file.Heads.ContainsKey(k.ToWire()))
            .Select(k => (k, file.Heads[k.ToWire()]))];
        _neighbourRows = new int[]?[1 << _heads.Length];
    }

    /// <summary>The neighbour rows the wanted heads vote over, sorted and distinct; built once for each set of heads.</summary>
    private int[] NeighbourRowsOf(Func<SignalKind, bool> wanted)
    {
        var mask = 0;
        for (var i = 0; i < _heads.Length; i++)
        {
            mask |= wanted(_heads[i].Kind) ? 1 << i : 0;
        }
        return _neighbourRows[mask] ??= [.. _heads.Where((h, i) => (mask & (1 << i)) != 0).SelectMany(h => h.Head.NeighbourRows!).Distinct().Order()];
    }

    /// <summary>The heads shipped inside the server, or null when none were trained.</summary>
    public static SignalHeads? Shipped => ShippedHeads.Value;

    /// <summary>Names the heads exactly: the format and the hash of the weights file (and the encoder's), for the turn's audit record.</summary>
    public string Version => Encoder is null ? _version : $"{_version}+{Encoder.Version}";

    /// <summary>
    /// The fine-tuned encoder that decides the signals it covers in place of these heads (round 8); null: the heads
    /// decide every signal they have.
    /// </summary>
    public SignalEncoder? Encoder { get; }

    /// <summary>The same heads with another encoder, or none.</summary>
    public SignalHeads WithEncoder(SignalEncoder? encoder) => new(_file, _version, encoder) { ClauseMax = ClauseMax };

    public string ModelId => _file.Model;

    public bool Has(SignalKind kind) => Array.Exists(_heads, h => h.Kind == kind) || Encoder?.Covers(kind) == true;

    /// <summary>True when the heads read the token states' maximum beside the sentence vector (format 2).</summary>
    public bool UsesTokenMax => _file.Pooling == MeanAndTokenMax;

    /// <summary>True when a head scores the message's clauses through their token states (format 3).</summary>
    public bool UsesClauses => Array.Exists(_heads, h => h.Head.Clauses);

    /// <summary>
    /// What these heads read of a text, in one model call: the token states' maximum only when they were trained on
    /// it, each clause's vector only when a clause head reads it (each costs a pass over the token states).
    /// </summary>
    internal PooledVectors Embed(ITextEmbedder embedder, string text) =>
        UsesTokenMax ? embedder.EmbedPooled(text)
        : UsesClauses ? embedder.EmbedSpans(text, ClauseSpansOrNone(text))
        : new PooledVectors(embedder.Embed(text), null);

    /// <summary>A message's clause spans when it has more than one clause (one clause is the message itself, scored already).</summary>
    internal static IReadOnlyList<(int Start, int End)> ClauseSpansOrNone(string text) =>
        ClauseSpans(text) is { Count: > 1 } spans ? spans : [];

    private PooledVectors[] EmbedBatch(ITextEmbedder embedder, IReadOnlyList<string> texts) =>
        UsesTokenMax ? embedder.EmbedPooledBatch(texts) : [.. embedder.EmbedBatch(texts).Select(v => new PooledVectors(v, null))];

    internal float[] Dense(PooledVectors vectors) => UsesTokenMax ? Concatenate(vectors.Mean, vectors.TokenMax!) : vectors.Mean;

    internal static float[] Concatenate(float[] mean, float[] tokenMax)
    {
        var dense = new float[mean.Length + tokenMax.Length];
        mean.CopyTo(dense, 0);
        tokenMax.CopyTo(dense, mean.Length);
        return dense;
    }

    /// <summary>
    /// Score every clause as well as the whole message and take the highest, so one complaint sentence inside a
    /// long neutral message can carry it: on when the file's thresholds were chosen that way
    /// (`./tandem train signals --clause-max`), or forced by `./tandem eval signals --clause-max`. It embeds
    /// every clause of every message (docs/benchmarks.md, Signals, Rounds 3 and 4).
    /// </summary>
    public bool ClauseMax { get; init; }

    /// <summary>What the heads were trained on, as the trainer wrote it into the file.</summary>
    public string TrainedOn => _file.TrainedOn;

    public SignalHeads WithClauseMax() => new(_file, _version, Encoder) { ClauseMax = true };

    /// <summary>Whether the heads blend a neighbour vote into their probabilities (round 5).</summary>
    public bool VotesWithNeighbours => _neighbours is not null;

    /// <summary>
    /// The signals the heads raise on a message, among those the caller wants (the ones no rule raised), each with the
    /// clause the head scores highest as evidence. Clauses are embedded only when a head fires.
    /// </summary>
    public IReadOnlyList<Signal> Detect(string text, PooledVectors vectors, ITextEmbedder embedder, Func<SignalKind, bool> wanted)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(wanted);
        // The signals the encoder covers are its to decide (SignalPipeline runs it beside the rules).
        return DetectWithHeads(text, vectors, embedder, Encoder is { } encoder ? k => wanted(k) && !encoder.Covers(k) : wanted);
    }

    private IReadOnlyList<Signal> DetectWithHeads(string text, PooledVectors vectors, ITextEmbedder embedder, Func<SignalKind, bool> wanted)
    {
        if (!Array.Exists(_heads, h => wanted(h.Kind)))
        {
            return [];
        }
        // The heads learnt from how customers say things, not from identifiers: a message that is
        // mostly an order number or an e-mail address (a customer answering "which order?") is out of
        // what they saw and drew confident false alarms. They read the message without its identifiers,
        // and nothing at all when fewer than three words are left.
        if (Words(text) is not { } words)
        {
            return [];
        }
        if (!ReferenceEquals(words, text))
        {
            (text, vectors) = (words, vectors.OfWords ?? Embed(embedder, words));
        }
        else if (UsesTokenMax && vectors.TokenMax is null)
        {
            // A caller that had only the sentence vector: one more model call, for the heads' sake.
            vectors = embedder.EmbedPooled(text);
        }
        else if (UsesClauses && vectors.Spans is null)
        {
            // A caller that had only the sentence vector: one more model call, for the clause heads' sake.
            vectors = embedder.EmbedSpans(text, ClauseSpansOrNone(text));
        }
        if (UsesTokenMax && vectors.TokenMax is null)
        {
            // An embedder without token states cannot feed heads trained on them.
            return [];
        }
        // The clauses the clause heads read, with their vectors from the message's own model call (none when the
        // embedder has no token states: the heads then read the whole message only).
        var spanTexts = UsesClauses && vectors.Spans is { Length: > 0 } ? [.. ClauseSpans(text).Select(c => text[c.Start..c.End])] : Array.Empty<string>();
        // Each clause's similarities to the training messages, computed once for every head that votes per clause.
        var spanSimilarities = new float[]?[spanTexts.Length];
        var vector = Dense(vectors);
        var similarities = _neighbours?.Similarities(vector, NeighbourRowsOf(wanted));
        var raised = new List<(SignalKind Kind, SignalHeadWeights Head, float P)>();
        List<string>? allClauses = null;
        float[][] allClauseVectors = [];
        if (ClauseMax)
        {
            allClauses = Clauses(text);
            allClauseVectors = allClauses.Count > 1 ? [.. EmbedBatch(embedder, allClauses).Select(Dense)] : [];
        }
        foreach (var (kind, head) in _heads)
        {
            if (!wanted(kind))
            {
                continue;
            }
            var p = head.Clauses ? InstanceProbability(head, text, vector, spanTexts, vectors.Spans, similarities, spanSimilarities) : Probability(head, text, vector, similarities);
            for (var i = 0; i < allClauseVectors.Length; i++)
            {
                p = Math.Max(p, Probability(head, allClauses![i], allClauseVectors[i]));
            }
            if (p >= head.Threshold)
            {
                raised.Add((kind, head, p));
            }
        }
        if (raised.Count == 0)
        {
            return [];
        }
        if (raised.TrueForAll(r => r.Head.Clauses))
        {
            // The clause heads' evidence is the clause they scored highest, already at hand: no more model calls.
            return [.. raised.Select(r => new Signal(r.Kind, string.Create(CultureInfo.InvariantCulture,
                $"\"{BestInstance(r.Head, text, vector, spanTexts, vectors.Spans)}\" (model {r.P:0.00})")))];
        }
        var clauses = Clauses(text);
        var clauseVectors = clauses.Count > 1 ? [.. EmbedBatch(embedder, clauses).Select(Dense)] : Array.Empty<float[]>();
        // The vote's similarities for each clause, once for every raised head, over the raised heads' rows.
        var raisedRows = NeighbourRowsOf(k => raised.Exists(r => r.Kind == k));
        var clauseSimilarities = clauseVectors.Select(v => _neighbours?.Similarities(v, raisedRows)).ToArray();
        return [.. raised.Select(r => new Signal(r.Kind, Evidence(r.Head, r.P, text, clauses, clauseVectors, clauseSimilarities)))];
    }

    private string Evidence(SignalHeadWeights head, float p, string text, List<string> clauses, float[][] clauseVectors, float[]?[] clauseSimilarities)
    {
        var best = text.Trim();
        if (clauseVectors.Length > 0)
        {
            var bestScore = float.MinValue;
            for (var i = 0; i < clauses.Count; i++)
            {
                var score = Probability(head, clauses[i], clauseVectors[i], clauseSimilarities[i]);
                if (score > bestScore)
                {
                    (best, bestScore) = (clauses[i], score);
                }
            }
        }
        return string.Create(CultureInfo.InvariantCulture, $"\"{best}\" (model {p:0.00})");
    }

    /// <summary>
    /// A clause head's probability: the highest logistic score of the whole message and each clause (its own vector
    /// and words), blended with the whole message's neighbour vote, as the trainer scored it.
    /// </summary>
    private float InstanceProbability(SignalHeadWeights head, string text, float[] vector, string[] spanTexts, float[][]? spanVectors, float[]? similarities, float[]?[] spanSimilarities)
    {
        var perClauseVote = _neighbours is { PerClause: true };
        var p = perClauseVote ? Blend(head, Logistic(head, text, vector), vector, similarities) : Logistic(head, text, vector);
        for (var i = 0; i < spanTexts.Length && spanVectors is not null && i < spanVectors.Length; i++)
        {
            var clause = Logistic(head, spanTexts[i], spanVectors[i]);
            p = Math.Max(p, perClauseVote ? Blend(head, clause, spanVectors[i], spanSimilarities[i] ??= _neighbours!.Similarities(spanVectors[i])) : clause);
        }
        return perClauseVote ? p : Blend(head, p, vector, similarities);
    }

    private string BestInstance(SignalHeadWeights head, string text, float[] vector, string[] spanTexts, float[][]? spanVectors)
    {
        var (best, bestScore) = (text.Trim(), spanTexts.Length > 0 ? float.MinValue : 0);
        for (var i = 0; i < spanTexts.Length && spanVectors is not null && i < spanVectors.Length; i++)
        {
            var score = Logistic(head, spanTexts[i], spanVectors[i]);
            if (score > bestScore)
            {
                (best, bestScore) = (spanTexts[i], score);
            }
        }
        return best;
    }

    private float Logistic(SignalHeadWeights head, string text, ReadOnlySpan<float> vector) =>
        LogisticRegression.Probability(head.Weights, head.Bias, SignalFeatures.Build(vector, text, _file.Mean, _file.Scale, _file.NgramBuckets));

    /// <summary>
    /// The message without its identifiers; null when under three words, or under two that are not
    /// function words, remain.
    /// </summary>
    internal static string? Words(string text)
    {
        var words = Spaces().Replace(Identifier().Replace(text, m => StandIn(text, m)), " ").Trim();
        var lettered = Spaces().Split(words).Where(w => w.Any(char.IsLetter)).Select(w => w.Trim('.', ',', '?', '!').ToLowerInvariant()).ToList();
        // "and my email is" around an address says nothing a head could weigh.
        if (lettered.Count < 3 || lettered.Count(w => !FunctionWords.Contains(w)) < 2)
        {
            return null;
        }
        return words == text.Trim() ? text : words;
    }

    /// <summary>
    /// Whether <see cref="Words"/> left the text as typed but for its spacing: the tokenizer splits on any run of
    /// whitespace, so the model reads both the same and a vector of one is the vector of the other.
    /// </summary>
    internal static bool ReadsAsTyped(string text, string words) =>
        ReferenceEquals(words, text) || words == Spaces().Replace(text, " ").Trim();

    /// <summary>
    /// What an identifier leaves behind: nothing after a word that names it ("order HH-2026-004417", "ring me on 07700
    /// 900123"), else what it stands for, so "where HH-2026-003071 has got to?" reads "where my order has got to?" — the
    /// broken sentence "where has got to?", which nothing in the training data resembles, once made a plain question look
    /// like a complaint (round 6).
    /// </summary>
    private static string StandIn(string text, System.Text.RegularExpressions.Match identifier)
    {
        var before = text.AsSpan(0, identifier.Index).TrimEnd(" \t:#(".AsSpan());
        var start = before.LastIndexOfAny(" \t\n(".AsSpan()) + 1;
        var word = before[start..].ToString().Trim('.', ',', '"', '\'').ToLowerInvariant();
        if (word.Length == 0 || NamingWords.Contains(word))
        {
            return " ";
        }
        // What the identifier stands for, in the words a customer would use; "it" was measured and read as exasperated
        // chasing ("where it has got to?" scored 0.77 as a complaint, "where my order has got to?" does not).
        var value = identifier.ValueSpan;
        return value.Contains('@') ? " my email " : value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? " the link "
            : value.ContainsAnyInRange('A', 'Z') || value.ContainsAnyInRange('a', 'z') ? " my order " : " my number ";
    }

    private static readonly HashSet<string> NamingWords = new(StringComparer.Ordinal)
    {
        "order", "orders", "number", "no", "ref", "reference", "email", "e-mail", "address", "postcode", "on",
        "at", "to", "from", "code", "account", "invoice", "tracking", "phone", "mobile", "tel", "and", "or", "&", "/",
    };

    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "is", "it", "it's", "its", "my", "me", "i", "i'm", "you", "your", "we", "our",
        "of", "for", "to", "in", "on", "at", "by", "with", "from", "this", "that", "here", "there", "be", "are", "was", "so",
        "please", "pls", "thanks", "thank", "email", "e-mail", "address", "order", "number", "no", "ref", "reference",
    };

    // E-mail addresses, links, codes that mix letters and digits (order numbers, postcodes' outward
    // halves of five or more characters) and long digit runs (phone and account numbers). Amounts and
    // durations stay: "£45" and "3 weeks" are part of how a complaint is said.
    [GeneratedRegex(@"\S+@\S+|https?://\S+|\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{5,}\b|\+?\d[\d ]{5,}\d")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>
    /// The message cut at sentence ends, semicolons, commas and "but", each piece as typed (so the
    /// evidence quotes the customer); pieces under three words join the one before.
    /// </summary>
    internal static List<string> Clauses(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = ClauseSpans(text);
        return pieces.Count > 0 ? [.. pieces.Select(p => text[p.Start..p.End])] : [text.Trim()];
    }

    /// <summary>The clauses of <see cref="Clauses"/> as character spans of the text, trimmed of surrounding spaces; empty for a blank text.</summary>
    internal static List<(int Start, int End)> ClauseSpans(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<(int Start, int End)>();
        var from = 0;
        foreach (Match separator in ClauseBreak().Matches(text))
        {
            spans.Add((from, separator.Index));
            from = separator.Index + separator.Length;
        }
        spans.Add((from, text.Length));

        var pieces = new List<(int Start, int End)>();
        foreach (var (start, end) in spans)
        {
            if (string.IsNullOrWhiteSpace(text[start..end]))
            {
                continue;
            }
            if (pieces.Count > 0 && (WordCount(text[start..end]) < 3 || WordCount(text[pieces[^1].Start..pieces[^1].End]) < 3))
            {
                pieces[^1] = (pieces[^1].Start, end);
            }
            else
            {
                pieces.Add((start, end));
            }
        }
        return [.. pieces.Select(p => Trimmed(text, p))];
    }

    private static (int Start, int End) Trimmed(string text, (int Start, int End) span)
    {
        var (start, end) = span;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return (start, end);
    }

    private static int WordCount(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex(@"[.!?;]+(?=\s|$)\s*|\n+\s*|,?\s+but\s+|,\s+|\s+-\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();

    /// <summary>
    /// The head's probability for one text: the logistic head's, blended with the neighbour vote when the file has one.
    /// The vote reads the sentence vector, which the dense vector starts with.
    /// </summary>
    private float Probability(SignalHeadWeights head, string text, ReadOnlySpan<float> vector, float[]? similarities = null)
    {
        return Blend(head, Logistic(head, text, vector), vector, similarities);
    }

    private float Blend(SignalHeadWeights head, float p, ReadOnlySpan<float> vector, float[]? similarities)
    {
        if (_neighbours is null)
        {
            return p;
        }
        similarities ??= _neighbours.Similarities(vector);
        return (float)(((1 - _neighbours.Weight) * p) + (_neighbours.Weight * _neighbours.Vote(similarities, head.NeighbourRows!, head.NeighbourLabels!)));
    }

    public static void Standardise(ReadOnlySpan<float> vector, ReadOnlySpan<float> mean, ReadOnlySpan<float> scale, Span<float> destination)
    {
        System.Numerics.Tensors.TensorPrimitives.Subtract(vector, mean, destination);
        System.Numerics.Tensors.TensorPrimitives.Multiply(destination, scale, destination);
    }

    public static SignalHeads FromJson(byte[] content)
    {
        var file = JsonSerializer.Deserialize<SignalHeadsFile>(content, Json)
            ?? throw new InvalidDataException("The signal heads file is empty.");
        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
        return new SignalHeads(file, $"{file.Format}+sha256:{hash}");
    }

    /// <summary>The shipped heads with the shipped encoder when it was tuned from the heads' model.</summary>
    private static SignalHeads WithShippedEncoder(SignalHeads heads) =>
        SignalEncoder.Shipped is { } encoder && encoder.ModelId == heads.ModelId ? heads.WithEncoder(encoder) : heads;

    private static SignalHeads? LoadShipped() => Resource(ResourceName) is { } bytes ? WithShippedEncoder(FromJson(bytes)) : null;

    /// <summary>A file built into the server (the heads, the encoder), or null when this build has none.</summary>
    internal static byte[]? Resource(string name)
    {
        using var stream = typeof(SignalHeads).Assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

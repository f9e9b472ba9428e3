using System.Globalization;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tandem.Rules.Routing;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Understanding;

/// <summary>The signal encoder file's first line: what it was trained from and on, its head, and the tensors that follow.</summary>
internal sealed record SignalEncoderHeader
{
    public required string Format { get; init; }

    /// <summary>The model whose top layers were fine-tuned (<see cref="MiniLmEmbedder.BaseModelId"/>) and the SHA-256 of its ONNX file: the differences apply to that file only.</summary>
    public required string Model { get; init; }

    public required string ModelSha256 { get; init; }

    public required string TrainedOn { get; init; }

    /// <summary>The head's outputs, in order, by wire name.</summary>
    public required string[] Signals { get; init; }

    /// <summary>Each output's threshold on its probability, chosen on the validation split (<see cref="ThresholdPolicy"/>).</summary>
    public required float[] Thresholds { get; init; }

    public required string ThresholdPolicy { get; init; }

    /// <summary>The normalised sentence vector is multiplied by this before the head (√384: inputs near unit size).</summary>
    public required float HeadScale { get; init; }

    /// <summary>[output, 384] row-major.</summary>
    public required float[] HeadWeights { get; init; }

    public required float[] HeadBias { get; init; }

    /// <summary>Buckets of the hashed words and word pairs (<see cref="SignalFeatures"/>); each present bucket adds its weight.</summary>
    public required int NgramBuckets { get; init; }

    /// <summary>[output, buckets] row-major.</summary>
    public required float[] NgramWeights { get; init; }

    /// <summary>
    /// The encoder's probability below which a rule's or an anchor's complaint, vulnerability or request for a person is
    /// not raised (0: the rules raise alone). Self-harm is never held back: a rule alone raises the urgent signal.
    /// </summary>
    public float RuleAssent { get; init; }

    /// <summary>
    /// Per signal, in <see cref="Signals"/>' order, in place of <see cref="RuleAssent"/> when present (round 11: a
    /// complaint's and a vulnerability's rules ask more of the encoder than a request for a person's).
    /// </summary>
    public float[]? RuleAssents { get; init; }

    /// <summary>The replaced initializers, in the order their differences follow the header.</summary>
    public required SignalEncoderTensor[] Tensors { get; init; }
}

/// <summary>What the encoder read of a message and its probability for each of its signals, in the file's order.</summary>
internal sealed record EncoderReading(string Words, float[] Probabilities);

/// <param name="Name">The initializer's name in the ONNX graph (anonymous for MatMul weights, e.g. "992").</param>
/// <param name="Role">What it is: "layer{i}." and one of <see cref="MiniLmGraph.Roles"/>.</param>
internal sealed record SignalEncoderTensor(string Name, string Role, long[] Shape);

/// <summary>
/// The risk-signal encoder (round 8, ADR 0004): the shipped all-MiniLM-L6-v2 with its top layers fine-tuned for the
/// four signals whose heads over the frozen sentence vector plateaued (complaint, vulnerability, self-harm, a request
/// for a person), and a logistic head over the fine-tuned sentence vector and the hashed words. The file holds only the
/// differences from the shipped layers, in half precision, so the 90 MB model is not shipped twice; ONNX Runtime takes
/// the rebuilt tensors in place of the model's own before it optimises the graph (<see cref="WeightOverrides"/>).
/// Training is bench/SignalFineTune's (the gradients are written by hand: no maintained .NET library trains here).
/// </summary>
/// <remarks>
/// The encoder reads what the heads read (<see cref="SignalHeads.Words"/>: the message without its identifiers) and runs
/// its own model call: a second pass of the six layers per message (docs/benchmarks.md, Signals, round 8).
/// </remarks>
internal sealed class SignalEncoder : IDisposable
{
    public const string CurrentFormat = "signal-encoder/1";
    public const string ResourceName = "Tandem.Server.Understanding.signal-encoder.bin";

    private static readonly Lazy<SignalEncoder?> ShippedEncoder = new(LoadShipped);

    private readonly SignalEncoderHeader _header;
    private readonly Half[][] _differences;
    private readonly SignalKind[] _kinds;
    private readonly float[] _ruleAssents;
    private readonly Lazy<MiniLmEmbedder> _embedder;

    private SignalEncoder(SignalEncoderHeader header, Half[][] differences, string version)
    {
        _header = header;
        _differences = differences;
        Version = version;
        _kinds = [.. header.Signals.Select(s => ModeNames.TryParseSignal(s, out var kind)
            ? kind
            : throw new InvalidDataException($"The signal encoder file names a signal '{s}' this server does not know."))];
        var outputs = _kinds.Length;
        if (header.Thresholds.Length != outputs || (header.RuleAssents is { } floors && floors.Length != outputs) || header.HeadBias.Length != outputs || header.HeadWeights.Length % outputs != 0
            || header.NgramWeights.Length != outputs * header.NgramBuckets)
        {
            throw new InvalidDataException("The signal encoder file's head does not match its list of signals.");
        }
        Width = header.HeadWeights.Length / outputs;
        _ruleAssents = header.RuleAssents ?? [.. Enumerable.Repeat(header.RuleAssent, outputs)];
        // The tuned layers run beside the shipped ones in one graph, so a turn's first model call gives both vectors
        // (EmbedBeside, round 18): the three layers below the tuned ones run once, not twice.
        // One parse of the model serves both the tuned tensors and the combined graph.
        _embedder = new(() =>
        {
            var model = MiniLmEmbedder.ModelBytes();
            var graph = new MiniLmGraph(model);
            return new MiniLmEmbedder(1, Overrides(model, graph), graph);
        });
    }

    /// <summary>The encoder shipped inside the server, or null when none was trained.</summary>
    public static SignalEncoder? Shipped => ShippedEncoder.Value;

    /// <summary>The format and the hash of the file, for the turn's audit record.</summary>
    public string Version { get; }

    /// <summary>The model the differences apply to; the encoder runs only beside that embedder.</summary>
    public string ModelId => _header.Model;

    public string TrainedOn => _header.TrainedOn;

    public string ThresholdPolicy => _header.ThresholdPolicy;

    public int Width { get; }

    public IReadOnlyList<SignalKind> Kinds => _kinds;

    public bool Covers(SignalKind kind) => Array.IndexOf(_kinds, kind) >= 0;

    public float Threshold(SignalKind kind) => _header.Thresholds[Array.IndexOf(_kinds, kind)];

    /// <summary>
    /// The fine-tuned model, built on first use (about half a second, once per process), with the shipped top layers
    /// beside the tuned ones (<see cref="EmbedBeside"/>); its other methods give the tuned vectors.
    /// </summary>
    public ITextEmbedder Embedder => _embedder.Value;

    /// <summary>
    /// A message's vectors for a turn: the shipped model's sentence vector and, in <see cref="PooledVectors.Tuned"/>, the
    /// encoder's, from one model call when the encoder reads the message as typed. When it reads the message with
    /// identifiers taken out (<see cref="SignalHeads.Words"/>), the shipped vector is of the text as typed (topics,
    /// anchors, retrieval) and <see cref="PooledVectors.OfWords"/> holds the shipped and tuned vectors of the words the
    /// encoder and the heads read, from one more call (round 21; two more before). Null when the encoder reads nothing
    /// (under three words, not English) or was tuned from another model: the caller embeds with the shipped model alone.
    /// The shipped vectors are the ones <paramref name="shipped"/> gives: the same layers and weights run.
    /// </summary>
    public PooledVectors? EmbedBeside(string text, ITextEmbedder shipped)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(shipped);
        if (shipped.ModelId != _header.Model || SignalHeads.Words(text) is not { } words || LanguageDetector.Detect(words) != "en")
        {
            return null;
        }
        if (SignalHeads.ReadsAsTyped(text, words))
        {
            var (vector, tuned) = _embedder.Value.EmbedBeside(text);
            return new PooledVectors(vector, null) { Tuned = tuned };
        }
        var (ofWords, tunedOfWords) = _embedder.Value.EmbedBeside(words);
        return new PooledVectors(shipped.Embed(text), null) { OfWords = new PooledVectors(ofWords, null) { Tuned = tunedOfWords } };
    }

    /// <summary>
    /// What the encoder reads of a message — the heads' text (<see cref="SignalHeads.Words"/>: without identifiers) — and
    /// its probability for each signal, in one model call; null when it reads nothing: under three words, or not English
    /// (it learnt from English only and raised signals on plain German and French questions).
    /// </summary>
    public EncoderReading? Read(string text) => Read(text, vectors: null);

    /// <summary><see cref="Read(string)"/>, with the tuned vector the turn's model call already gave when it read the same words (<see cref="EmbedBeside"/>).</summary>
    public EncoderReading? Read(string text, PooledVectors? vectors)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (SignalHeads.Words(text) is not { } words || LanguageDetector.Detect(words) != "en")
        {
            return null;
        }
        var tuned = SignalHeads.ReadsAsTyped(text, words) ? vectors?.Tuned : vectors?.OfWords?.Tuned;
        tuned ??= Embedder.Embed(words);
        return new EncoderReading(words, Probabilities(words, tuned));
    }

    /// <summary>A signal's probability in a reading.</summary>
    public float Probability(EncoderReading reading, SignalKind kind)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return reading.Probabilities[Array.IndexOf(_kinds, kind)];
    }

    /// <summary>
    /// Whether a rule's or an anchor's signal stands beside this reading (<see cref="SignalEncoderHeader.RuleAssent"/>,
    /// or the signal's own floor in <see cref="SignalEncoderHeader.RuleAssents"/>); a self-harm rule always does.
    /// </summary>
    public bool Assents(EncoderReading reading, SignalKind kind) =>
        !Covers(kind) || kind == SignalKind.SelfHarm
        || Probability(reading, kind) >= _ruleAssents[Array.IndexOf(_kinds, kind)];

    /// <summary>The signals the encoder raises on a message, among those wanted (<see cref="Read"/>, then <see cref="Raise"/>).</summary>
    public IReadOnlyList<Signal> Detect(string text, Func<SignalKind, bool> wanted) =>
        Read(text) is { } reading ? Raise(reading, wanted) : [];

    /// <summary>
    /// The signals a reading raises, among those wanted, each with the clause the encoder scores highest as evidence.
    /// Clauses are embedded only when a signal is raised.
    /// </summary>
    public IReadOnlyList<Signal> Raise(EncoderReading reading, Func<SignalKind, bool> wanted)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(wanted);
        var p = reading.Probabilities;
        var raised = Enumerable.Range(0, _kinds.Length).Where(k => wanted(_kinds[k]) && p[k] >= _header.Thresholds[k]).ToList();
        if (raised.Count == 0)
        {
            return [];
        }
        var words = reading.Words;
        var clauses = SignalHeads.Clauses(words);
        var clauseScores = clauses.Count > 1 ? [.. Embedder.EmbedBatch(clauses).Select((v, i) => Probabilities(clauses[i], v))] : Array.Empty<float[]>();
        return [.. raised.Select(k =>
        {
            var best = clauseScores.Length == 0 ? words.Trim() : clauses[Enumerable.Range(0, clauses.Count).MaxBy(i => clauseScores[i][k])];
            return new Signal(_kinds[k], string.Create(CultureInfo.InvariantCulture, $"\"{best}\" (model {p[k]:0.00})"));
        })];
    }

    /// <summary>Each output's probability for a text and its fine-tuned sentence vector.</summary>
    public float[] Probabilities(string text, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Width)
        {
            throw new ArgumentException($"The encoder's head reads {Width} dimensions; the vector has {vector.Length}.", nameof(vector));
        }
        var buckets = _header.NgramBuckets > 0 ? PresentBuckets(text, _header.NgramBuckets) : [];
        var p = new float[_kinds.Length];
        for (var k = 0; k < p.Length; k++)
        {
            var z = (TensorPrimitives.Dot(vector, _header.HeadWeights.AsSpan(k * Width, Width)) * _header.HeadScale) + _header.HeadBias[k];
            foreach (var b in buckets)
            {
                z += _header.NgramWeights[(k * _header.NgramBuckets) + b];
            }
            p[k] = 1f / (1f + MathF.Exp(-z));
        }
        return p;
    }

    /// <summary>The hashed word and word-pair buckets present in a text, as <see cref="SignalFeatures"/> sets them.</summary>
    internal static int[] PresentBuckets(string text, int buckets)
    {
        var features = SignalFeatures.Build(ReadOnlySpan<float>.Empty, text, [], [], buckets);
        return [.. Enumerable.Range(0, features.Length).Where(i => features[i] != 0)];
    }

    /// <summary>The tuned tensors (the model's own plus the file's differences), checked against the model they were trained from.</summary>
    internal WeightOverrides Overrides(byte[] modelBytes) => Overrides(modelBytes, new MiniLmGraph(modelBytes));

    /// <summary>As above, from <paramref name="graph"/>, the parse of <paramref name="modelBytes"/>.</summary>
    internal WeightOverrides Overrides(byte[] modelBytes, MiniLmGraph graph)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(modelBytes));
        if (!string.Equals(hash, _header.ModelSha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"The signal encoder was trained from a model file with SHA-256 {_header.ModelSha256[..12]}…; this server's is {hash[..12]}… (the embedding package changed). Retrain it with bench/SignalFineTune or run without it.");
        }
        var tensors = new Dictionary<string, (float[] Values, long[] Shape)>(StringComparer.Ordinal);
        for (var t = 0; t < _header.Tensors.Length; t++)
        {
            var (values, shape) = graph.Initializer(_header.Tensors[t].Name);
            if (!shape.SequenceEqual(_header.Tensors[t].Shape) || values.Length != _differences[t].Length)
            {
                throw new InvalidDataException($"The signal encoder's tensor {_header.Tensors[t].Role} ('{_header.Tensors[t].Name}') does not have the model's shape.");
            }
            for (var i = 0; i < values.Length; i++)
            {
                values[i] += (float)_differences[t][i];
            }
            tensors[_header.Tensors[t].Name] = (values, shape);
        }
        return new WeightOverrides(Version, tensors);
    }

    /// <summary>Reads an encoder file: one line of JSON, then each tensor's differences as little-endian half-precision floats.</summary>
    public static SignalEncoder Read(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var newline = Array.IndexOf(content, (byte)'\n');
        if (newline < 0)
        {
            throw new InvalidDataException("The signal encoder file has no header line.");
        }
        var header = JsonSerializer.Deserialize<SignalEncoderHeader>(content.AsSpan(0, newline), SignalHeads.Json)
            ?? throw new InvalidDataException("The signal encoder file's header is empty.");
        if (header.Format != CurrentFormat)
        {
            throw new InvalidDataException($"The signal encoder file is format '{header.Format}'; this server reads {CurrentFormat}.");
        }
        var differences = new Half[header.Tensors.Length][];
        var at = newline + 1;
        for (var t = 0; t < differences.Length; t++)
        {
            var count = checked((int)header.Tensors[t].Shape.Aggregate(1L, (a, d) => a * d));
            if (at + (count * 2) > content.Length)
            {
                throw new InvalidDataException($"The signal encoder file ends inside tensor {header.Tensors[t].Role}.");
            }
            differences[t] = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(content.AsSpan(at, count * 2)).ToArray();
            at += count * 2;
        }
        if (at != content.Length)
        {
            throw new InvalidDataException("The signal encoder file has bytes after its last tensor.");
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
        return new SignalEncoder(header, differences, $"{header.Format}+sha256:{hash}");
    }

    /// <summary>Writes an encoder file (bench/SignalFineTune's export, and tests).</summary>
    public static byte[] Write(SignalEncoderHeader header, IReadOnlyList<float[]> differences)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(differences);
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header, SignalHeads.Json)));
        buffer.WriteByte((byte)'\n');
        foreach (var tensor in differences)
        {
            var half = tensor.Select(v => (Half)v).ToArray();
            buffer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(half.AsSpan()));
        }
        return buffer.ToArray();
    }

    public void Dispose()
    {
        if (_embedder.IsValueCreated)
        {
            _embedder.Value.Dispose();
        }
    }

    private static SignalEncoder? LoadShipped() => SignalHeads.Resource(ResourceName) is { } bytes ? Read(bytes) : null;
}

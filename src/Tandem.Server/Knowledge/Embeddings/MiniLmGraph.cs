using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace Tandem.Server.Knowledge.Embeddings;

/// <summary>One BERT layer's parameters as the graph holds them (MatMul weights [in, out], row-major).</summary>
internal sealed record LayerTensors(
    int Index, string InputName,
    float[] Query, float[] QueryBias, float[] Key, float[] KeyBias, float[] Value, float[] ValueBias,
    float[] AttentionOut, float[] AttentionOutBias, float[] Norm1Gain, float[] Norm1Bias,
    float[] Intermediate, float[] IntermediateBias, float[] Output, float[] OutputBias, float[] Norm2Gain, float[] Norm2Bias);

/// <summary>
/// The all-MiniLM-L6-v2 graph read for what fine-tuning and the signal encoder need: each layer's weights and their
/// initializer names (the MatMul weights have anonymous names such as "992", so they are found by walking from the
/// named bias Add to its MatMul), the constants the layer uses (LayerNorm epsilon, attention scale, GELU's), and a copy
/// of the graph that also outputs the hidden state entering a given layer (bench/SignalFineTune runs the frozen bottom
/// once per message through it).
/// </summary>
internal sealed class MiniLmGraph
{
    /// <summary>
    /// A layer's tensors in a fixed order, by the role each plays: the order the signal encoder file lists them in and
    /// bench/SignalFineTune's parameters follow.
    /// </summary>
    public static readonly string[] Roles =
    [
        "query", "query.bias", "key", "key.bias", "value", "value.bias", "attention.out", "attention.out.bias",
        "norm1.gain", "norm1.bias", "ffn.in", "ffn.in.bias", "ffn.out", "ffn.out.bias", "norm2.gain", "norm2.bias",
    ];

    private readonly byte[] _bytes;
    private readonly ModelProto _model;
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly Dictionary<string, NodeProto> _producer;
    private readonly List<NodeProto> _nodes;

    public MiniLmGraph(byte[] bytes)
    {
        _bytes = bytes;
        _model = ModelProto.Parser.ParseFrom(bytes);
        _initializers = _model.Graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        _nodes = [.. _model.Graph.Node];
        _producer = [];
        foreach (var node in _nodes)
        {
            foreach (var output in node.Output)
            {
                _producer[output] = node;
            }
        }
        Layers = _nodes.Count(n => n.OpType == "Add" && n.Input.Any(i => i.EndsWith(".attention.self.query.bias", StringComparison.Ordinal)));
    }

    public int Layers { get; }

    /// <summary>The initializer behind each of a layer's <see cref="Roles"/>, in that order.</summary>
    public IReadOnlyList<string> LayerInitializers(int index)
    {
        var prefix = $"encoder.layer.{index}.";
        string Weight(string bias) => _producer[_nodes.Single(n => n.OpType == "Add" && n.Input.Contains(prefix + bias)).Input.Single(i => i != prefix + bias)]
            .Input.Single(_initializers.ContainsKey);
        return
        [
            Weight("attention.self.query.bias"), prefix + "attention.self.query.bias",
            Weight("attention.self.key.bias"), prefix + "attention.self.key.bias",
            Weight("attention.self.value.bias"), prefix + "attention.self.value.bias",
            Weight("attention.output.dense.bias"), prefix + "attention.output.dense.bias",
            prefix + "attention.output.LayerNorm.weight", prefix + "attention.output.LayerNorm.bias",
            Weight("intermediate.dense.bias"), prefix + "intermediate.dense.bias",
            Weight("output.dense.bias"), prefix + "output.dense.bias",
            prefix + "output.LayerNorm.weight", prefix + "output.LayerNorm.bias",
        ];
    }

    /// <summary>An initializer's values (row-major) and shape.</summary>
    public (float[] Values, long[] Shape) Initializer(string name) =>
        _initializers.TryGetValue(name, out var tensor)
            ? (Floats(tensor), [.. tensor.Dims])
            : throw new InvalidDataException($"The model has no initializer named '{name}'.");

    public LayerTensors Layer(int index)
    {
        var prefix = $"encoder.layer.{index}.";
        var (query, input) = WeightAfter(prefix + "attention.self.query.bias");
        var (key, _) = WeightAfter(prefix + "attention.self.key.bias");
        var (value, _) = WeightAfter(prefix + "attention.self.value.bias");
        var (attentionOut, _) = WeightAfter(prefix + "attention.output.dense.bias");
        var (intermediate, _) = WeightAfter(prefix + "intermediate.dense.bias");
        var (output, _) = WeightAfter(prefix + "output.dense.bias");
        return new LayerTensors(index, input,
            query, Floats(prefix + "attention.self.query.bias"), key, Floats(prefix + "attention.self.key.bias"),
            value, Floats(prefix + "attention.self.value.bias"), attentionOut, Floats(prefix + "attention.output.dense.bias"),
            Floats(prefix + "attention.output.LayerNorm.weight"), Floats(prefix + "attention.output.LayerNorm.bias"),
            intermediate, Floats(prefix + "intermediate.dense.bias"), output, Floats(prefix + "output.dense.bias"),
            Floats(prefix + "output.LayerNorm.weight"), Floats(prefix + "output.LayerNorm.bias"));
    }

    /// <summary>The scalar constants of the last layer, in graph order: the attention scale's divisor, the LayerNorm epsilons, GELU's divisor, one and half.</summary>
    public IReadOnlyList<(string Op, float Value)> LayerConstants(int index)
    {
        var first = _nodes.FindIndex(n => n.Input.Contains($"encoder.layer.{index}.attention.self.query.bias"));
        var last = _nodes.FindIndex(n => n.Input.Contains($"encoder.layer.{index}.output.LayerNorm.bias"));
        var constants = new List<(string, float)>();
        for (var i = first; i <= last; i++)
        {
            var node = _nodes[i];
            if (node.OpType is "Div" or "Add" or "Mul" or "Pow")
            {
                foreach (var input in node.Input)
                {
                    if (_producer.TryGetValue(input, out var p) && p.OpType == "Constant" && p.Attribute[0].T is { } t && t.DataType == (int)TensorProto.Types.DataType.Float
                        && t.Dims.Aggregate(1L, (a, d) => a * d) == 1)
                    {
                        constants.Add(($"{node.OpType} {node.Name}", Floats(t)[0]));
                    }
                }
            }
        }
        return constants;
    }

    /// <summary>The model's bytes with <paramref name="tensor"/> added as a graph output (kept in memory only).</summary>
    public byte[] WithOutput(string tensor)
    {
        var copy = _model.Clone();
        var info = new ValueInfoProto { Name = tensor, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } };
        copy.Graph.Output.Add(info);
        return copy.ToByteArray();
    }

    /// <summary>The prefix of every tensor and node <see cref="WithTunedBranch"/> adds.</summary>
    public const string TunedPrefix = "tuned/";

    /// <summary>
    /// The model's bytes with a second copy of every layer from the first one <paramref name="tuned"/> names onward: the
    /// copy reads the same hidden state as the original, uses its own copies of the named initializers (renamed with
    /// <see cref="TunedPrefix"/>, so a caller can replace their values) and the original's other tensors, and ends in a
    /// second output, <see cref="TunedPrefix"/> + the model's own. One call then runs the shared bottom layers once and both
    /// tops: the base sentence vector and the fine-tuned one (the signal encoder tunes only the top layers).
    /// The additions are written as a second, partial model appended to the model's own bytes: a protobuf parser merges
    /// the two, appending repeated fields (nodes, initializers, outputs), so the 90 MB model is neither copied as objects
    /// nor serialised again.
    /// </summary>
    public byte[] WithTunedBranch(IReadOnlyCollection<string> tuned)
    {
        ArgumentNullException.ThrowIfNull(tuned);
        var names = tuned.ToHashSet(StringComparer.Ordinal);
        var unknown = names.FirstOrDefault(n => !_initializers.ContainsKey(n));
        if (unknown is not null)
        {
            throw new InvalidDataException($"The model has no initializer named '{unknown}'.");
        }
        var first = Enumerable.Range(0, Layers).FirstOrDefault(i => LayerInitializers(i).Any(names.Contains), -1);
        if (first < 0)
        {
            throw new ArgumentException("No layer uses the tuned initializers.", nameof(tuned));
        }
        var (_, entering) = WeightAfter($"encoder.layer.{first}.attention.self.query.bias");
        var graph = new GraphProto();
        // Every tensor computed from the hidden state entering the first tuned layer belongs to the top: its nodes are
        // copied, in graph order (the graph is topologically sorted, so a node's inputs are decided before it).
        var top = new HashSet<string>(StringComparer.Ordinal) { entering };
        string Renamed(string input) => (input != entering && top.Contains(input)) || names.Contains(input) ? TunedPrefix + input : input;
        foreach (var node in _nodes)
        {
            if (!node.Input.Any(top.Contains))
            {
                continue;
            }
            var twin = node.Clone();
            twin.Name = TunedPrefix + node.Name;
            twin.Input.Clear();
            twin.Output.Clear();
            foreach (var output in node.Output)
            {
                top.Add(output);
            }
            twin.Input.AddRange(node.Input.Select(Renamed));
            twin.Output.AddRange(node.Output.Select(o => TunedPrefix + o));
            graph.Node.Add(twin);
        }
        foreach (var name in names)
        {
            var tensor = _initializers[name].Clone();
            tensor.Name = TunedPrefix + name;
            graph.Initializer.Add(tensor);
        }
        foreach (var output in _model.Graph.Output.Where(o => top.Contains(o.Name)).ToList())
        {
            var twin = output.Clone();
            twin.Name = TunedPrefix + output.Name;
            graph.Output.Add(twin);
        }
        return [.. _bytes, .. new ModelProto { Graph = graph }.ToByteArray()];
    }

    /// <summary>The MatMul weight whose output the named bias is added to, and the MatMul's data input.</summary>
    private (float[] Weight, string Input) WeightAfter(string biasName)
    {
        var add = _nodes.Single(n => n.OpType == "Add" && n.Input.Contains(biasName));
        var other = add.Input.Single(i => i != biasName);
        var matMul = _producer[other];
        if (matMul.OpType != "MatMul")
        {
            throw new InvalidDataException($"{biasName} is added to a {matMul.OpType}, not a MatMul.");
        }
        var weight = matMul.Input.Single(_initializers.ContainsKey);
        return (Floats(weight), matMul.Input.Single(i => !_initializers.ContainsKey(i)));
    }

    private float[] Floats(string name) => Floats(_initializers[name]);

    private static float[] Floats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{tensor.Name} is data type {tensor.DataType}, not float."));
        }
        if (tensor.FloatData.Count > 0)
        {
            return [.. tensor.FloatData];
        }
        var raw = tensor.RawData.Span;
        var values = new float[raw.Length / 4];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).CopyTo(values);
        return values;
    }
}

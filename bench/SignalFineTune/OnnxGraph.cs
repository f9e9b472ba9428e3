using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace SignalFineTune;

/// <summary>One BERT layer's parameters as the graph holds them (MatMul weights [in, out], row-major).</summary>
internal sealed record LayerTensors(
    int Index, string InputName,
    float[] Query, float[] QueryBias, float[] Key, float[] KeyBias, float[] Value, float[] ValueBias,
    float[] AttentionOut, float[] AttentionOutBias, float[] Norm1Gain, float[] Norm1Bias,
    float[] Intermediate, float[] IntermediateBias, float[] Output, float[] OutputBias, float[] Norm2Gain, float[] Norm2Bias);

/// <summary>
/// The all-MiniLM-L6-v2 graph read for what fine-tuning needs: each layer's weights (the MatMul weights have anonymous
/// initializer names such as "992", so they are found by walking from the named bias Add to its MatMul), the constants
/// the layer uses (LayerNorm epsilon, attention scale, GELU's), and a copy of the graph that also outputs the hidden
/// state entering a given layer, so ONNX Runtime runs the frozen bottom once per message.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly ModelProto _model;
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly Dictionary<string, NodeProto> _producer;
    private readonly List<NodeProto> _nodes;

    public OnnxGraph(byte[] bytes)
    {
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

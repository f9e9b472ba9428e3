using System.Diagnostics;
using System.Globalization;
using Tandem.Server.Knowledge.Embeddings;

namespace SignalFineTune;

/// <summary>The graph, the layer constants read from it, and the frozen bottom's cached states.</summary>
internal sealed class Setup : IDisposable
{
    public Setup(int trained)
    {
        Graph = new MiniLmGraph(ModelFile.Bytes());
        Trained = trained;
        var constants = Graph.LayerConstants(Graph.Layers - 1);
        // In graph order: the attention scores' divisor (√32), then each LayerNorm's epsilon (an Add of a tiny constant),
        // GELU's x/√2, +1 and ×0.5. The layer code assumes the GELU constants; check them rather than trust them.
        AttentionDivisor = constants.First(c => c.Op.StartsWith("Div", StringComparison.Ordinal)).Value;
        var epsilons = constants.Where(c => c.Op.StartsWith("Add", StringComparison.Ordinal) && c.Value < 1e-3f).Select(c => c.Value).Distinct().ToList();
        var gelu = constants.Where(c => c.Op.StartsWith("Div", StringComparison.Ordinal)).Skip(1).Select(c => c.Value).ToList();
        if (epsilons.Count != 1 || gelu.Count != 1 || Math.Abs(gelu[0] - Math.Sqrt(2)) > 1e-6 || constants.Count(c => c.Op.StartsWith("Pow", StringComparison.Ordinal) && c.Value == 2f) != 2)
        {
            throw new InvalidDataException("Unexpected layer constants: " + string.Join("; ", constants.Select(c => $"{c.Op}={c.Value}")));
        }
        Epsilon = epsilons[0];
        Bottom = new Bottom(Graph, Graph.Layers - trained);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model: {Graph.Layers} layers; training the top {trained} (from layer {Graph.Layers - trained}, input tensor '{Graph.Layer(Graph.Layers - trained).InputName}'); LayerNorm eps {Epsilon:E2}, attention divisor {AttentionDivisor:0.######}, GELU x/{gelu[0]:0.######}"));
    }

    public MiniLmGraph Graph { get; }
    public int Trained { get; }
    public float Epsilon { get; }
    public float AttentionDivisor { get; }
    public Bottom Bottom { get; }
    public Dictionary<string, BottomStates> States { get; } = new(StringComparer.Ordinal);

    public TopModel<T> Model<T>(int buckets = 0)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => new(Graph, Trained, Epsilon, AttentionDivisor, buckets);

    /// <summary>Runs the frozen bottom once for every text not yet cached.</summary>
    public void Cache(IEnumerable<string> texts, int threads)
    {
        var missing = texts.Where(t => !States.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToArray();
        var started = Stopwatch.GetTimestamp();
        var results = new BottomStates[missing.Length];
        Parallel.For(0, missing.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => results[i] = Bottom.Run(missing[i]));
        for (var i = 0; i < missing.Length; i++)
        {
            States[missing[i]] = results[i];
        }
        var floats = States.Values.Sum(s => (long)s.Hidden.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bottom: {missing.Length} texts through ONNX Runtime in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s; cache {States.Count} texts, {floats * 4 / 1e6:0} MB of token states, mean {States.Values.Average(s => s.Tokens):0.0} tokens"));
    }

    public void Dispose() => Bottom.Dispose();
}

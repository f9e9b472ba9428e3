using System.Numerics;
using System.Numerics.Tensors;
using Tandem.Server.Knowledge.Embeddings;

namespace SignalFineTune;

/// <summary>
/// The trained top: the last N encoder layers, mean pooling over every token and L2 normalisation exactly as the product
/// pools, then four logistic outputs (complaint, vulnerability, self-harm, human request) on the normalised vector scaled by
/// √384 (so the head's inputs are near unit size and its learning rate need not be huge).
/// </summary>
internal sealed class TopModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public const int Outputs = 4;
    public const int Width = Layer<T>.Width;
    private static readonly T HeadScale = T.CreateChecked(Math.Sqrt(Width));

    /// <param name="buckets">Hashed word and word-pair features beside the vector (the product's SignalFeatures); 0: none.</param>
    public TopModel(MiniLmGraph graph, int trained, float epsilon, float attentionDivisor, int buckets = 0)
    {
        Layers = [.. Enumerable.Range(graph.Layers - trained, trained).Select(i => new Layer<T>(graph.Layer(i), epsilon, attentionDivisor))];
        HeadWeight = new("head.weight", new T[Outputs * Width], true, true);
        HeadBias = new("head.bias", new T[Outputs], false, true);
        Buckets = buckets;
        NgramWeight = buckets > 0 ? new("head.ngrams", new T[Outputs * buckets], true, true) : null;
    }

    public List<Layer<T>> Layers { get; }
    public Parameter<T> HeadWeight { get; }
    public Parameter<T> HeadBias { get; }
    public int Buckets { get; }
    public Parameter<T>? NgramWeight { get; }

    public IEnumerable<Parameter<T>> Parameters =>
        Layers.SelectMany(l => l.Parameters).Append(HeadWeight).Append(HeadBias).Concat(NgramWeight is null ? [] : [NgramWeight]);

    internal sealed record Pass(List<Layer<T>.Activations> Activations, T[] Vector, T Norm, T[] Logits, int[]? Ngrams);

    /// <summary>The head alone on a given (frozen) sentence vector: the linear probe.</summary>
    public Pass HeadPass(float[] vector, int[]? ngrams)
    {
        var v = new T[Width];
        for (var i = 0; i < Width; i++)
        {
            v[i] = T.CreateChecked(vector[i]);
        }
        return new Pass([], v, T.One, HeadLogits(v, ngrams), ngrams);
    }

    private T[] HeadLogits(T[] vector, int[]? ngrams)
    {
        var logits = new T[Outputs];
        for (var k = 0; k < Outputs; k++)
        {
            logits[k] = (TensorPrimitives.Dot<T>(vector, HeadWeight.Value.AsSpan(k * Width, Width)) * HeadScale) + HeadBias.Value[k];
            if (NgramWeight is not null && ngrams is not null)
            {
                foreach (var b in ngrams)
                {
                    logits[k] += NgramWeight.Value[(k * Buckets) + b];
                }
            }
        }
        return logits;
    }

    public Pass Forward(ReadOnlySpan<float> hidden, int tokens, int[]? ngrams = null)
    {
        var input = new T[tokens * Width];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = T.CreateChecked(hidden[i]);
        }
        var activations = new List<Layer<T>.Activations>(Layers.Count);
        foreach (var layer in Layers)
        {
            var a = layer.Forward(input, tokens);
            activations.Add(a);
            input = a.Y2;
        }
        var vector = new T[Width];
        for (var t = 0; t < tokens; t++)
        {
            TensorPrimitives.Add<T>(vector, input.AsSpan(t * Width, Width), vector);
        }
        TensorPrimitives.Divide<T>(vector, T.CreateChecked(tokens), vector);
        var norm = T.Max(TensorPrimitives.Norm<T>(vector), T.CreateChecked(1e-12));
        TensorPrimitives.Divide<T>(vector, norm, vector);
        return new Pass(activations, vector, norm, HeadLogits(vector, ngrams), ngrams);
    }

    /// <summary>The pooled, normalised vector alone (the product's sentence vector when the layers hold the original weights).</summary>
    public T[] Vector(ReadOnlySpan<float> hidden, int tokens) => Forward(hidden, tokens).Vector;

    /// <summary>Binary cross-entropy over the labelled outputs (label -1: not labelled), with positives weighted; the sum, not the mean.</summary>
    public static T Loss(T[] logits, ReadOnlySpan<sbyte> labels, ReadOnlySpan<double> positiveWeights, T[]? logitGradient)
    {
        var loss = T.Zero;
        for (var k = 0; k < Outputs; k++)
        {
            if (logitGradient is not null)
            {
                logitGradient[k] = T.Zero;
            }
            if (labels[k] < 0)
            {
                continue;
            }
            var z = logits[k];
            var w = T.CreateChecked(positiveWeights[k]);
            var sigma = T.One / (T.One + T.Exp(-z));
            if (labels[k] == 1)
            {
                loss += w * Softplus(-z);
                if (logitGradient is not null)
                {
                    logitGradient[k] = -w * (T.One - sigma);
                }
            }
            else
            {
                loss += Softplus(z);
                if (logitGradient is not null)
                {
                    logitGradient[k] = sigma;
                }
            }
        }
        return loss;
    }

    /// <summary>Back-propagates the logits' gradient through the head, the normalisation, the pooling and the trained layers.</summary>
    public void Backward(Pass pass, T[] logitGradient, bool headOnly, IReadOnlyDictionary<Parameter<T>, T[]>? into = null)
    {
        T[] Grad(Parameter<T> p) => into is null ? p.Gradient : into[p];
        var dVector = new T[Width];
        var dHeadWeight = Grad(HeadWeight);
        var dHeadBias = Grad(HeadBias);
        for (var k = 0; k < Outputs; k++)
        {
            var g = logitGradient[k];
            if (g == T.Zero)
            {
                continue;
            }
            dHeadBias[k] += g;
            if (NgramWeight is not null && pass.Ngrams is not null)
            {
                var dNgrams = Grad(NgramWeight);
                foreach (var b in pass.Ngrams)
                {
                    dNgrams[(k * Buckets) + b] += g;
                }
            }
            TensorPrimitives.MultiplyAdd<T>(pass.Vector, g * HeadScale, dHeadWeight.AsSpan(k * Width, Width), dHeadWeight.AsSpan(k * Width, Width));
            TensorPrimitives.MultiplyAdd<T>(HeadWeight.Value.AsSpan(k * Width, Width), g * HeadScale, dVector, dVector);
        }
        if (headOnly || Layers.Count == 0)
        {
            return;
        }
        // u = m/|m|: du → dm = (du − u(u·du)) / |m|; m is the mean of the last layer's token states.
        var along = TensorPrimitives.Dot<T>(pass.Vector, dVector);
        var dMean = new T[Width];
        TensorPrimitives.MultiplyAdd<T>(pass.Vector, -along, dVector, dMean);
        var tokens = pass.Activations[0].Tokens;
        TensorPrimitives.Divide<T>(dMean, pass.Norm * T.CreateChecked(tokens), dMean);
        var dOutput = new T[tokens * Width];
        for (var t = 0; t < tokens; t++)
        {
            dMean.CopyTo(dOutput.AsSpan(t * Width, Width));
        }
        for (var l = Layers.Count - 1; l >= 0; l--)
        {
            dOutput = Layers[l].Backward(pass.Activations[l], dOutput, into);
        }
    }

    public static double Sigmoid(T z) => 1 / (1 + Math.Exp(-double.CreateChecked(z)));

    private static T Softplus(T z) => z > T.Zero ? z + T.Log(T.One + T.Exp(-z)) : T.Log(T.One + T.Exp(z));
}

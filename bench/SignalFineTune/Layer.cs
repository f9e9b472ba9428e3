using System.Numerics;
using System.Numerics.Tensors;
using Tandem.Server.Knowledge.Embeddings;

namespace SignalFineTune;

/// <summary>
/// One post-LayerNorm BERT layer (MiniLM: 384 wide, 12 heads of 32, FFN 1536, GELU in its erf form), forward and backward by hand
/// for one message at its own length (no padding, so no attention mask). Generic so the gradient check runs in double
/// and training in float.
/// </summary>
internal sealed class Layer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public const int Width = 384;
    public const int Heads = 12;
    public const int HeadWidth = 32;
    public const int Inner = 1536;

    private readonly T _epsilon;
    private readonly T _scale;

    public Layer(LayerTensors tensors, float epsilon, float attentionDivisor)
    {
        var p = $"layer{tensors.Index}.";
        Query = new(p + "query", Convert<T>.Transposed(tensors.Query, Width, Width), true, false);
        QueryBias = new(p + "query.bias", Convert<T>.From(tensors.QueryBias), false, false);
        Key = new(p + "key", Convert<T>.Transposed(tensors.Key, Width, Width), true, false);
        KeyBias = new(p + "key.bias", Convert<T>.From(tensors.KeyBias), false, false);
        Value = new(p + "value", Convert<T>.Transposed(tensors.Value, Width, Width), true, false);
        ValueBias = new(p + "value.bias", Convert<T>.From(tensors.ValueBias), false, false);
        AttentionOut = new(p + "attention.out", Convert<T>.Transposed(tensors.AttentionOut, Width, Width), true, false);
        AttentionOutBias = new(p + "attention.out.bias", Convert<T>.From(tensors.AttentionOutBias), false, false);
        Norm1Gain = new(p + "norm1.gain", Convert<T>.From(tensors.Norm1Gain), false, false);
        Norm1Bias = new(p + "norm1.bias", Convert<T>.From(tensors.Norm1Bias), false, false);
        Intermediate = new(p + "ffn.in", Convert<T>.Transposed(tensors.Intermediate, Width, Inner), true, false);
        IntermediateBias = new(p + "ffn.in.bias", Convert<T>.From(tensors.IntermediateBias), false, false);
        Output = new(p + "ffn.out", Convert<T>.Transposed(tensors.Output, Inner, Width), true, false);
        OutputBias = new(p + "ffn.out.bias", Convert<T>.From(tensors.OutputBias), false, false);
        Norm2Gain = new(p + "norm2.gain", Convert<T>.From(tensors.Norm2Gain), false, false);
        Norm2Bias = new(p + "norm2.bias", Convert<T>.From(tensors.Norm2Bias), false, false);
        _epsilon = T.CreateChecked(epsilon);
        _scale = T.One / T.CreateChecked(attentionDivisor);
    }

    public Parameter<T> Query { get; }
    public Parameter<T> QueryBias { get; }
    public Parameter<T> Key { get; }
    public Parameter<T> KeyBias { get; }
    public Parameter<T> Value { get; }
    public Parameter<T> ValueBias { get; }
    public Parameter<T> AttentionOut { get; }
    public Parameter<T> AttentionOutBias { get; }
    public Parameter<T> Norm1Gain { get; }
    public Parameter<T> Norm1Bias { get; }
    public Parameter<T> Intermediate { get; }
    public Parameter<T> IntermediateBias { get; }
    public Parameter<T> Output { get; }
    public Parameter<T> OutputBias { get; }
    public Parameter<T> Norm2Gain { get; }
    public Parameter<T> Norm2Bias { get; }

    public IEnumerable<Parameter<T>> Parameters =>
        [Query, QueryBias, Key, KeyBias, Value, ValueBias, AttentionOut, AttentionOutBias, Norm1Gain, Norm1Bias,
         Intermediate, IntermediateBias, Output, OutputBias, Norm2Gain, Norm2Bias];

    /// <summary>What the backward pass needs of one forward pass.</summary>
    internal sealed class Activations(int tokens)
    {
        public int Tokens { get; } = tokens;
        public T[] Input { get; } = new T[tokens * Width];
        public T[] Q { get; } = new T[tokens * Width];
        public T[] K { get; } = new T[tokens * Width];
        public T[] V { get; } = new T[tokens * Width];
        public T[] P { get; } = new T[Heads * tokens * tokens];
        public T[] Context { get; } = new T[tokens * Width];
        public T[] Norm1Hat { get; } = new T[tokens * Width];
        public T[] Norm1InverseStd { get; } = new T[tokens];
        public T[] Y1 { get; } = new T[tokens * Width];
        public T[] F { get; } = new T[tokens * Inner];
        public T[] G { get; } = new T[tokens * Inner];
        public T[] Norm2Hat { get; } = new T[tokens * Width];
        public T[] Norm2InverseStd { get; } = new T[tokens];
        public T[] Y2 { get; } = new T[tokens * Width];
    }

    public Activations Forward(ReadOnlySpan<T> input, int tokens)
    {
        var a = new Activations(tokens);
        input.CopyTo(a.Input);
        Linear(a.Input, Query.Value, QueryBias.Value, a.Q, tokens, Width, Width);
        Linear(a.Input, Key.Value, KeyBias.Value, a.K, tokens, Width, Width);
        Linear(a.Input, Value.Value, ValueBias.Value, a.V, tokens, Width, Width);
        var row = new T[tokens];
        for (var h = 0; h < Heads; h++)
        {
            for (var i = 0; i < tokens; i++)
            {
                var q = a.Q.AsSpan((i * Width) + (h * HeadWidth), HeadWidth);
                for (var j = 0; j < tokens; j++)
                {
                    row[j] = TensorPrimitives.Dot<T>(q, a.K.AsSpan((j * Width) + (h * HeadWidth), HeadWidth)) * _scale;
                }
                var p = a.P.AsSpan(((h * tokens) + i) * tokens, tokens);
                Softmax(row, p);
                var context = a.Context.AsSpan((i * Width) + (h * HeadWidth), HeadWidth);
                for (var j = 0; j < tokens; j++)
                {
                    TensorPrimitives.MultiplyAdd<T>(a.V.AsSpan((j * Width) + (h * HeadWidth), HeadWidth), p[j], context, context);
                }
            }
        }
        var residual = new T[tokens * Width];
        Linear(a.Context, AttentionOut.Value, AttentionOutBias.Value, residual, tokens, Width, Width);
        TensorPrimitives.Add<T>(residual, a.Input, residual);
        Norm(residual, Norm1Gain.Value, Norm1Bias.Value, a.Norm1Hat, a.Norm1InverseStd, a.Y1, tokens);
        Linear(a.Y1, Intermediate.Value, IntermediateBias.Value, a.F, tokens, Width, Inner);
        for (var i = 0; i < a.F.Length; i++)
        {
            a.G[i] = Gelu(a.F[i]);
        }
        Linear(a.G, Output.Value, OutputBias.Value, residual, tokens, Inner, Width);
        TensorPrimitives.Add<T>(residual, a.Y1, residual);
        Norm(residual, Norm2Gain.Value, Norm2Bias.Value, a.Norm2Hat, a.Norm2InverseStd, a.Y2, tokens);
        return a;
    }

    /// <summary>Adds this message's gradients to the parameters' (or to <paramref name="into"/>, a worker's own copy) and returns the gradient of the input.</summary>
    public T[] Backward(Activations a, T[] outputGradient, IReadOnlyDictionary<Parameter<T>, T[]>? into = null)
    {
        T[] Grad(Parameter<T> p) => into is null ? p.Gradient : into[p];
        var tokens = a.Tokens;
        var dResidual2 = new T[tokens * Width];
        NormBackward(outputGradient, a.Norm2Hat, a.Norm2InverseStd, Norm2Gain.Value, Grad(Norm2Gain), Grad(Norm2Bias), dResidual2, tokens);
        var dG = new T[tokens * Inner];
        LinearBackward(a.G, Output.Value, dResidual2, dG, Grad(Output), Grad(OutputBias), tokens, Inner, Width);
        var dF = dG;
        for (var i = 0; i < dF.Length; i++)
        {
            dF[i] *= GeluDerivative(a.F[i]);
        }
        var dY1 = (T[])dResidual2.Clone();
        LinearBackward(a.Y1, Intermediate.Value, dF, dY1, Grad(Intermediate), Grad(IntermediateBias), tokens, Width, Inner);
        var dResidual1 = new T[tokens * Width];
        NormBackward(dY1, a.Norm1Hat, a.Norm1InverseStd, Norm1Gain.Value, Grad(Norm1Gain), Grad(Norm1Bias), dResidual1, tokens);
        var dInput = (T[])dResidual1.Clone();
        var dContext = new T[tokens * Width];
        LinearBackward(a.Context, AttentionOut.Value, dResidual1, dContext, Grad(AttentionOut), Grad(AttentionOutBias), tokens, Width, Width);

        var dQ = new T[tokens * Width];
        var dK = new T[tokens * Width];
        var dV = new T[tokens * Width];
        var dP = new T[tokens];
        for (var h = 0; h < Heads; h++)
        {
            for (var i = 0; i < tokens; i++)
            {
                var p = a.P.AsSpan(((h * tokens) + i) * tokens, tokens);
                var dc = dContext.AsSpan((i * Width) + (h * HeadWidth), HeadWidth);
                for (var j = 0; j < tokens; j++)
                {
                    dP[j] = TensorPrimitives.Dot<T>(dc, a.V.AsSpan((j * Width) + (h * HeadWidth), HeadWidth));
                    var dv = dV.AsSpan((j * Width) + (h * HeadWidth), HeadWidth);
                    TensorPrimitives.MultiplyAdd<T>(dc, p[j], dv, dv);
                }
                var weighted = TensorPrimitives.Dot<T>(p, dP);
                var q = a.Q.AsSpan((i * Width) + (h * HeadWidth), HeadWidth);
                var dq = dQ.AsSpan((i * Width) + (h * HeadWidth), HeadWidth);
                for (var j = 0; j < tokens; j++)
                {
                    var dS = p[j] * (dP[j] - weighted) * _scale;
                    TensorPrimitives.MultiplyAdd<T>(a.K.AsSpan((j * Width) + (h * HeadWidth), HeadWidth), dS, dq, dq);
                    var dk = dK.AsSpan((j * Width) + (h * HeadWidth), HeadWidth);
                    TensorPrimitives.MultiplyAdd<T>(q, dS, dk, dk);
                }
            }
        }
        LinearBackward(a.Input, Query.Value, dQ, dInput, Grad(Query), Grad(QueryBias), tokens, Width, Width);
        LinearBackward(a.Input, Key.Value, dK, dInput, Grad(Key), Grad(KeyBias), tokens, Width, Width);
        LinearBackward(a.Input, Value.Value, dV, dInput, Grad(Value), Grad(ValueBias), tokens, Width, Width);
        return dInput;
    }

    /// <summary>y[t] = W x[t] + b with W stored [out, in].</summary>
    internal static void Linear(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, Span<T> y, int tokens, int inputs, int outputs)
    {
        for (var t = 0; t < tokens; t++)
        {
            var xt = x.Slice(t * inputs, inputs);
            var yt = y.Slice(t * outputs, outputs);
            for (var o = 0; o < outputs; o++)
            {
                yt[o] = TensorPrimitives.Dot<T>(xt, w.Slice(o * inputs, inputs)) + b[o];
            }
        }
    }

    /// <summary>Accumulates dW += dy xᵀ, db += dy and (dx not null) dx += Wᵀ dy.</summary>
    internal static void LinearBackward(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> dy, Span<T> dx, Span<T> dw, Span<T> db, int tokens, int inputs, int outputs)
    {
        for (var t = 0; t < tokens; t++)
        {
            var dyt = dy.Slice(t * outputs, outputs);
            TensorPrimitives.Add<T>(db, dyt, db);
            if (!dx.IsEmpty)
            {
                var dxt = dx.Slice(t * inputs, inputs);
                for (var o = 0; o < outputs; o++)
                {
                    if (dyt[o] != T.Zero)
                    {
                        TensorPrimitives.MultiplyAdd<T>(w.Slice(o * inputs, inputs), dyt[o], dxt, dxt);
                    }
                }
            }
        }
        for (var o = 0; o < outputs; o++)
        {
            var dwo = dw.Slice(o * inputs, inputs);
            for (var t = 0; t < tokens; t++)
            {
                var g = dy[(t * outputs) + o];
                if (g != T.Zero)
                {
                    TensorPrimitives.MultiplyAdd<T>(x.Slice(t * inputs, inputs), g, dwo, dwo);
                }
            }
        }
    }

    private void Norm(ReadOnlySpan<T> x, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, Span<T> hat, Span<T> inverseStd, Span<T> y, int tokens)
    {
        var n = T.CreateChecked(Width);
        for (var t = 0; t < tokens; t++)
        {
            var xt = x.Slice(t * Width, Width);
            var ht = hat.Slice(t * Width, Width);
            var mean = TensorPrimitives.Sum<T>(xt) / n;
            TensorPrimitives.Subtract<T>(xt, mean, ht);
            var variance = TensorPrimitives.SumOfSquares<T>(ht) / n;
            var inv = T.One / T.Sqrt(variance + _epsilon);
            inverseStd[t] = inv;
            TensorPrimitives.Multiply<T>(ht, inv, ht);
            var yt = y.Slice(t * Width, Width);
            TensorPrimitives.Multiply<T>(ht, gain, yt);
            TensorPrimitives.Add<T>(yt, bias, yt);
        }
    }

    private static void NormBackward(ReadOnlySpan<T> dy, ReadOnlySpan<T> hat, ReadOnlySpan<T> inverseStd, ReadOnlySpan<T> gain, Span<T> dGain, Span<T> dBias, Span<T> dx, int tokens)
    {
        var n = T.CreateChecked(Width);
        var dHat = new T[Width];
        for (var t = 0; t < tokens; t++)
        {
            var dyt = dy.Slice(t * Width, Width);
            var ht = hat.Slice(t * Width, Width);
            TensorPrimitives.MultiplyAdd<T>(dyt, ht, dGain, dGain);
            TensorPrimitives.Add<T>(dBias, dyt, dBias);
            TensorPrimitives.Multiply<T>(dyt, gain, dHat);
            var meanDHat = TensorPrimitives.Sum<T>(dHat) / n;
            var meanDHatHat = TensorPrimitives.Dot<T>(dHat, ht) / n;
            var dxt = dx.Slice(t * Width, Width);
            for (var i = 0; i < Width; i++)
            {
                dxt[i] = inverseStd[t] * (dHat[i] - meanDHat - (ht[i] * meanDHatHat));
            }
        }
    }

    private static void Softmax(ReadOnlySpan<T> scores, Span<T> p)
    {
        var max = TensorPrimitives.Max<T>(scores);
        TensorPrimitives.Subtract<T>(scores, max, p);
        TensorPrimitives.Exp<T>(p, p);
        var sum = TensorPrimitives.Sum<T>(p);
        TensorPrimitives.Divide<T>(p, sum, p);
    }

    /// <summary>GELU as the graph computes it: x · (erf(x / √2) + 1) · 0.5.</summary>
    internal static T Gelu(T x)
    {
        var d = double.CreateChecked(x);
        return T.CreateChecked(d * (Erf.Of(d / Math.Sqrt(2)) + 1) * 0.5);
    }

    internal static T GeluDerivative(T x)
    {
        var d = double.CreateChecked(x);
        return T.CreateChecked((0.5 * (1 + Erf.Of(d / Math.Sqrt(2)))) + (d * Math.Exp(-0.5 * d * d) / Math.Sqrt(2 * Math.PI)));
    }
}

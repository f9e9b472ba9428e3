using System.Numerics.Tensors;

namespace Tandem.Server.Understanding;

/// <summary>
/// A one-hidden-layer head, measured against the logistic head in round 5 (issue 4) and not shipped: the logistic
/// head's linear term over every feature plus v·relu(W·x + c) over the dense part (the sentence vector), fitted by
/// full-batch Adam on the class-weighted log-loss with L2 on every weight. Deterministic: the hidden weights start
/// from a fixed seed and the data is never shuffled. `./tandem train signals --hidden N` reports its out-of-fold
/// curve in place of the logistic head's (docs/benchmarks.md, Signals, Round 5).
/// </summary>
internal sealed class HiddenLayerHead
{
    private readonly float[] _linear;
    private readonly float[] _hidden;
    private readonly float[] _hiddenBias;
    private readonly float[] _output;
    private readonly int _dense;
    private float _bias;

    private HiddenLayerHead(int features, int dense, int units)
    {
        _linear = new float[features];
        _hidden = new float[units * dense];
        _hiddenBias = new float[units];
        _output = new float[units];
        _dense = dense;
        var random = new Random(20261126);
        var spread = 1 / MathF.Sqrt(dense);
        for (var i = 0; i < _hidden.Length; i++)
        {
            _hidden[i] = (float)((random.NextDouble() * 2) - 1) * spread;
        }
        for (var u = 0; u < units; u++)
        {
            _output[u] = (float)((random.NextDouble() * 2) - 1) * 0.1f;
        }
    }

    /// <param name="afterEpoch">Called after each epoch with its number, so a caller can score held-out rows at several epochs from one fit (early stopping).</param>
    public static HiddenLayerHead Fit(IReadOnlyList<float[]> rows, IReadOnlyList<bool> labels, int dense, int units, float lambda, int epochs, Action<int, HiddenLayerHead>? afterEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        var head = new HiddenLayerHead(rows[0].Length, dense, units);
        var positives = labels.Count(l => l);
        var weight = labels.Select(l => (float)(l ? 0.5 / positives : 0.5 / (labels.Count - positives))).ToArray();
        float[][] parameters = [head._linear, head._hidden, head._hiddenBias, head._output];
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        var first = parameters.Select(p => new float[p.Length]).ToArray();
        var second = parameters.Select(p => new float[p.Length]).ToArray();
        float biasFirst = 0, biasSecond = 0;
        const float Rate = 0.01f, Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
        var activation = new float[units];
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            foreach (var g in gradients)
            {
                Array.Clear(g);
            }
            float biasGradient = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                var p = head.Forward(rows[i], activation);
                var error = weight[i] * (p - (labels[i] ? 1 : 0));
                TensorPrimitives.MultiplyAdd(rows[i], error, gradients[0], gradients[0]);
                biasGradient += error;
                for (var u = 0; u < units; u++)
                {
                    if (activation[u] <= 0)
                    {
                        continue;
                    }
                    gradients[3][u] += error * activation[u];
                    var back = error * head._output[u];
                    gradients[2][u] += back;
                    TensorPrimitives.MultiplyAdd(rows[i].AsSpan(0, dense), back, gradients[1].AsSpan(u * dense, dense), gradients[1].AsSpan(u * dense, dense));
                }
            }
            var correction1 = 1 - MathF.Pow(Beta1, epoch);
            var correction2 = 1 - MathF.Pow(Beta2, epoch);
            for (var k = 0; k < parameters.Length; k++)
            {
                var (p, g, m, v) = (parameters[k], gradients[k], first[k], second[k]);
                for (var j = 0; j < p.Length; j++)
                {
                    var gj = g[j] + (lambda * p[j]);
                    m[j] = (Beta1 * m[j]) + ((1 - Beta1) * gj);
                    v[j] = (Beta2 * v[j]) + ((1 - Beta2) * gj * gj);
                    p[j] -= Rate * (m[j] / correction1) / (MathF.Sqrt(v[j] / correction2) + Epsilon);
                }
            }
            biasFirst = (Beta1 * biasFirst) + ((1 - Beta1) * biasGradient);
            biasSecond = (Beta2 * biasSecond) + ((1 - Beta2) * biasGradient * biasGradient);
            head._bias -= Rate * (biasFirst / correction1) / (MathF.Sqrt(biasSecond / correction2) + Epsilon);
            afterEpoch?.Invoke(epoch, head);
        }
        return head;
    }

    public float Probability(float[] features) => Forward(features, new float[_output.Length]);

    private float Forward(float[] features, float[] activation)
    {
        var z = TensorPrimitives.Dot(_linear, features) + _bias;
        var dense = features.AsSpan(0, _dense);
        for (var u = 0; u < _output.Length; u++)
        {
            activation[u] = Math.Max(0, TensorPrimitives.Dot(_hidden.AsSpan(u * _dense, _dense), dense) + _hiddenBias[u]);
            z += _output[u] * activation[u];
        }
        return 1f / (1f + MathF.Exp(-z));
    }
}

using System.Numerics.Tensors;

namespace Tandem.Server.Understanding;

/// <summary>
/// L2-regularised, class-weighted binary logistic regression over dense vectors, fitted by full-batch
/// Nesterov gradient descent. Written here rather than taken from ML.NET because the problem is one
/// small convex fit (a few hundred rows of 384 floats): its optimum is unique, so any correct solver
/// reaches the same weights, and this one is deterministic (no shuffling, no random start), runs in
/// well under a second and adds no dependency to the server. <see cref="Fit"/> reports the final
/// gradient norm so the trainer can show it converged.
/// </summary>
internal static class LogisticRegression
{
    internal sealed record Model(float[] Weights, float Bias, double GradientNorm, int Iterations);

    /// <summary>
    /// Fits weights and bias to standardised feature rows. Positives and negatives each carry half of
    /// the total weight, so a signal with 30 positives in 800 rows is not learned as "never".
    /// </summary>
    /// <param name="start">
    /// Weights to start from (a multiple-instance head refits after changing which clause stands for each positive
    /// message, and the optimum moves little); the optimum is unique, so the start changes the time, not the result.
    /// </param>
    public static Model Fit(IReadOnlyList<float[]> rows, IReadOnlyList<bool> labels, float lambda, int maxIterations = 600, Model? start = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        var n = rows.Count;
        var positives = labels.Count(l => l);
        if (n == 0 || positives == 0 || positives == n)
        {
            throw new ArgumentException("Training needs both positive and negative rows.", nameof(labels));
        }
        var d = rows[0].Length;
        var rowWeight = labels.Select(l => l ? 0.5 / positives : 0.5 / (n - positives)).ToArray();

        // The step is 1/L, L bounding the curvature: a quarter of the largest eigenvalue of the
        // weighted Gram matrix (the logistic's second derivative is at most 1/4; the bias adds at
        // most the total weight, 1), plus lambda.
        var step = (float)(1.0 / ((0.25 * (LargestEigenvalue(rows, rowWeight, d) + 1)) + lambda));

        var w = start is null ? new float[d] : (float[])start.Weights.Clone();
        var previous = (float[])w.Clone();
        var look = new float[d];
        float b = start?.Bias ?? 0, previousB = b;
        var gradient = new float[d];
        double gradientNorm = double.MaxValue;
        var iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            // Nesterov: evaluate the gradient a step ahead along the momentum.
            var momentum = iteration / (float)(iteration + 3);
            for (var j = 0; j < d; j++)
            {
                look[j] = w[j] + (momentum * (w[j] - previous[j]));
            }
            var lookB = b + (momentum * (b - previousB));

            Array.Clear(gradient);
            double gradientB = 0;
            for (var i = 0; i < n; i++)
            {
                var p = Sigmoid(TensorPrimitives.Dot(look, rows[i]) + lookB);
                var error = (float)(rowWeight[i] * (p - (labels[i] ? 1 : 0)));
                TensorPrimitives.MultiplyAdd(rows[i], error, gradient, gradient);
                gradientB += error;
            }
            TensorPrimitives.MultiplyAdd(look, lambda, gradient, gradient);
            gradientNorm = Math.Sqrt(TensorPrimitives.Dot(gradient, gradient) + (gradientB * gradientB));

            Array.Copy(w, previous, d);
            previousB = b;
            TensorPrimitives.MultiplyAdd(gradient, -step, look, w);
            b = (float)(lookB - (step * gradientB));
            if (gradientNorm < 1e-4)
            {
                break;
            }
        }
        return new Model(w, b, gradientNorm, iteration);
    }

    public static float Probability(ReadOnlySpan<float> weights, float bias, ReadOnlySpan<float> features) =>
        Sigmoid(TensorPrimitives.Dot(weights, features) + bias);

    private static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));

    /// <summary>Power iteration on the weighted Gram matrix; 30 steps are plenty for a step-size bound.</summary>
    private static double LargestEigenvalue(IReadOnlyList<float[]> rows, double[] rowWeight, int d)
    {
        var v = new float[d];
        Array.Fill(v, 1f / MathF.Sqrt(d));
        var next = new float[d];
        double eigenvalue = 1;
        for (var step = 0; step < 30; step++)
        {
            Array.Clear(next);
            for (var i = 0; i < rows.Count; i++)
            {
                TensorPrimitives.MultiplyAdd(rows[i], (float)(rowWeight[i] * TensorPrimitives.Dot(rows[i], v)), next, next);
            }
            eigenvalue = TensorPrimitives.Norm(next);
            if (eigenvalue == 0)
            {
                return 1;
            }
            TensorPrimitives.Divide(next, (float)eigenvalue, v);
        }
        return eigenvalue * 1.05;
    }
}

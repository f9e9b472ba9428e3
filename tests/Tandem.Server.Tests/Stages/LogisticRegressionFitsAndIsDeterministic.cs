using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

/// <summary>The trainer behind the signal heads: it learns a separable rule, converges, and gives the same weights every time.</summary>
public sealed class LogisticRegressionFitsAndIsDeterministic
{
    // Two clusters in three dimensions, a few positives among many negatives as in the signal sets.
    private static (List<float[]> Rows, List<bool> Labels) Data()
    {
        var rows = new List<float[]>();
        var labels = new List<bool>();
        for (var i = 0; i < 60; i++)
        {
            var positive = i % 6 == 0;
            var jitter = ((i * 37) % 11 - 5) / 20f;
            rows.Add(positive ? [1.5f + jitter, -0.5f, jitter] : [-0.5f + jitter, 0.5f - jitter, jitter]);
            labels.Add(positive);
        }
        return (rows, labels);
    }

    [Fact]
    public void ItSeparatesTheRareClassFromTheCommonOne()
    {
        var (rows, labels) = Data();
        var model = LogisticRegression.Fit(rows, labels, lambda: 0.01f);
        for (var i = 0; i < rows.Count; i++)
        {
            var p = LogisticRegression.Probability(model.Weights, model.Bias, rows[i]);
            Assert.True(labels[i] ? p > 0.5f : p < 0.5f, $"row {i}: p = {p}");
        }
    }

    [Fact]
    public void TheSameDataGivesTheSameWeights()
    {
        var (rows, labels) = Data();
        var first = LogisticRegression.Fit(rows, labels, lambda: 0.1f);
        var second = LogisticRegression.Fit(rows, labels, lambda: 0.1f);
        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.Bias, second.Bias);
        Assert.True(first.GradientNorm < 1e-3, $"gradient norm {first.GradientNorm}");
    }

    [Fact]
    public void OneClassAloneCannotBeTrained()
    {
        var rows = new List<float[]> { new[] { 1f }, new[] { 2f } };
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(rows, [false, false], 0.1f));
    }
}

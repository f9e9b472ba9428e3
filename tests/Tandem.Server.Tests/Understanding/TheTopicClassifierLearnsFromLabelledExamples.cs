using Tandem.Server.Tests.Cli;
using Tandem.Server.Tests.Infrastructure;
using Tandem.Server.Understanding.Classification;

namespace Tandem.Server.Tests.Understanding;

public sealed class TheTopicClassifierLearnsFromLabelledExamples
{
    [Fact]
    public void ATinySeparableSetIsLearnedAndNewMessagesFindTheirTopic()
    {
        var embedder = SharedEmbedder.Instance;
        var texts = IntentFixtures.Train.Select(r => r.Text).ToList();
        var head = LinearTopicHead.Train(texts, embedder.EmbedBatch(texts), [.. IntentFixtures.Train.Select(r => r.Label)], new LinearHeadOptions());

        Assert.Equal(["balance", "pizza", "weather"], head.Labels.Order(StringComparer.Ordinal));
        foreach (var (text, label) in IntentFixtures.Test)
        {
            var probabilities = head.Probabilities(text, embedder.Embed(text));
            Assert.Equal(1.0, probabilities.Sum(), 3);
            Assert.Equal(label, head.Labels[Array.IndexOf(probabilities, probabilities.Max())]);
        }
    }
}

public sealed class TheOutOfScopeThresholdRejectsNoMoreThanItsBudget
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.05, 0)]
    [InlineData(0.1, 1)]
    [InlineData(0.25, 2)]
    [InlineData(1.0, 10)]
    public void TenValidationScoresAllowTheBudgetedNumberOfRejections(double budget, int rejected)
    {
        double[] scores = [0.9, 0.2, 0.75, 0.4, 0.95, 0.6, 0.3, 0.85, 0.5, 0.99];

        var threshold = Calibration.ChooseThreshold(scores, budget);

        Assert.Equal(rejected, scores.Count(s => s < threshold));
    }

    [Fact]
    public void TiedScoresAreNeverSplitToExceedTheBudget()
    {
        double[] scores = [0.5, 0.5, 0.5, 0.5, 0.9];

        var threshold = Calibration.ChooseThreshold(scores, 0.2);

        Assert.True(scores.Count(s => s < threshold) <= 1);
    }
}

public sealed class TemperatureScalingKeepsTheRankingAndFitsConfidence
{
    [Fact]
    public void OverconfidentPredictionsAreSoftened()
    {
        // Always 99 % sure, right only half the time: the fitted temperature must soften that.
        var probabilities = Enumerable.Range(0, 40).Select(_ => new[] { 0.99f, 0.01f }).ToList();
        var gold = Enumerable.Range(0, 40).Select(i => i % 2).ToList();

        var t = Calibration.FitTemperature(probabilities, gold);
        var scaled = Calibration.Scale([0.99f, 0.01f], t);

        Assert.True(t > 1, $"temperature {t}");
        Assert.True(scaled[0] > scaled[1]);
        Assert.InRange(scaled[0], 0.5, 0.6);
    }
}

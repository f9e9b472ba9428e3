using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// How `./tandem train signals` picks a targeted signal's threshold from its out-of-fold scores: the most recall
/// whose precision stays at the floor, counted at the traffic's class balance, else the best F1; and how it
/// deals the pool into folds.
/// </summary>
public sealed class SignalThresholdsAreChosenForRecallUnderAPrecisionFloor
{
    // Ten positives scored 0.95 down to 0.50 and ten negatives scored 0.72 down to 0.27: the lower the threshold,
    // the more of both it lets through.
    private static (float[] Scores, bool[] Labels, bool[] RaisedBefore) Pool()
    {
        var scores = new List<float>();
        var labels = new List<bool>();
        for (var i = 0; i < 10; i++)
        {
            scores.Add(0.95f - (0.05f * i));
            labels.Add(true);
            scores.Add(0.72f - (0.05f * i));
            labels.Add(false);
        }
        return ([.. scores], [.. labels], new bool[scores.Count]);
    }

    [Fact]
    public void TheThresholdKeepsTheMostRecallThePrecisionFloorAllows()
    {
        var (scores, labels, raised) = Pool();
        var (choice, policy) = SignalHeadTrainer.ChooseThreshold(SignalHeadTrainer.Curve(scores, labels, raised), precisionFloor: 0.80);

        Assert.True(choice.Precision >= 0.80);
        // Any lower threshold lets in enough negatives to fall under the floor.
        var lower = SignalHeadTrainer.Curve(scores, labels, raised).Where(p => p.Threshold < choice.Threshold && p.Recall > choice.Recall);
        Assert.All(lower, p => Assert.True(p.Precision < 0.80));
        Assert.StartsWith("most recall at precision >= 80%", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void FalseAlarmsWeighedAtTheTrafficsBalanceRaiseTheThreshold()
    {
        var (scores, labels, raised) = Pool();
        var asPooled = SignalHeadTrainer.ChooseThreshold(SignalHeadTrainer.Curve(scores, labels, raised), 0.80).Choice;
        // The traffic has four times the pool's negatives per positive: each false alarm stands for four.
        var atTraffic = SignalHeadTrainer.ChooseThreshold(SignalHeadTrainer.Curve(scores, labels, raised, negativeWeight: 4), 0.80).Choice;

        Assert.True(atTraffic.Threshold > asPooled.Threshold);
        Assert.True(atTraffic.Recall < asPooled.Recall);
    }

    [Fact]
    public void WhenNoThresholdReachesTheFloorTheBestBalanceIsTaken()
    {
        var (scores, labels, raised) = Pool();
        // Rules that raise every negative: precision can never pass one half.
        raised = [.. labels.Select(l => !l)];
        var curve = SignalHeadTrainer.Curve(scores, labels, raised);
        var (choice, policy) = SignalHeadTrainer.ChooseThreshold(curve, 0.80);

        var f1 = curve.Max(p => p.Precision + p.Recall == 0 ? 0 : 2 * p.Precision * p.Recall / (p.Precision + p.Recall));
        Assert.Equal(f1, 2 * choice.Precision * choice.Recall / (choice.Precision + choice.Recall), 6);
        Assert.StartsWith("best F1", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageWrittenIntoTwoSetsSitsInOneFold()
    {
        var folds = SignalHeadTrainer.GroupedFolds(
        [
            "can I speak to someone in accounts",
            "where is my sofa",
            "Can I  speak to someone in ACCOUNTS",
            "the lamp flickers",
            "my refund hasn't come",
            "is the footstool in stock",
        ]);

        Assert.Equal(folds[0], folds[2]);
        // Distinct messages are dealt round the five folds in order.
        Assert.Equal([0, 1, 0, 2, 3, 4], folds);
    }
}

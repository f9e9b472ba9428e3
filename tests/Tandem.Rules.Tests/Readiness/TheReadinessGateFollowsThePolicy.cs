using Tandem.Rules.Readiness;

namespace Tandem.Rules.Tests.Readiness;

public sealed class TheReadinessGateFollowsThePolicy
{
    private static readonly ReadinessRule PolicyWording = new() { Basis = ReadinessBasis.PointEstimate };
    private static readonly ReadinessRule TandemDefault = new();

    private static TopicEvidence Topic(int reviewed, int overrides, int critical = 0, bool never = false,
        int ai = 0, int aiComplaints = 0, int human = 0, int humanComplaints = 0) => new()
        {
            Topic = "cancel_order",
            Reviewed = reviewed,
            Overrides = overrides,
            CriticalOverrides = critical,
            NeverAutonomous = never,
            AiConversations = ai,
            AiComplaints = aiComplaints,
            HumanConversations = human,
            HumanComplaints = humanComplaints,
        };

    private static IEnumerable<string> Codes(ReadinessResult r) => r.Reasons.Select(x => x.Code);

    [Fact]
    public void TwoInFiftyIsFourPercentAndQualifiesOnThePolicysWording()
    {
        var result = ReadinessGate.Assess(Topic(50, 2), PolicyWording);
        Assert.True(result.Eligible);
        Assert.Equal(0.04, result.OverrideRate, 10);
        Assert.Equal(["ready"], Codes(result));
    }

    [Fact]
    public void ThreeInFiftyIsSixPercentAndDoesNot()
    {
        var result = ReadinessGate.Assess(Topic(50, 3), PolicyWording);
        Assert.False(result.Eligible);
        Assert.Equal(0.06, result.OverrideRate, 10);
        Assert.Equal(["override_rate_too_high"], Codes(result));
    }

    [Fact]
    public void OneInFortyDoesNotForLackOfVolume()
    {
        var result = ReadinessGate.Assess(Topic(40, 1), PolicyWording);
        Assert.False(result.Eligible);
        Assert.Equal(["too_few_reviews"], Codes(result));
        Assert.Contains("40", result.Reasons[0].Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void ExactlyFivePercentIsNotUnderFivePercent()
    {
        Assert.False(ReadinessGate.Assess(Topic(60, 3), PolicyWording).Eligible);
    }

    [Fact]
    public void TandemsDefaultJudgesTheUpperBoundSoTwoInFiftyIsNotEnough()
    {
        var result = ReadinessGate.Assess(Topic(50, 2), TandemDefault);
        Assert.False(result.Eligible);
        Assert.Equal(["override_rate_too_high"], Codes(result));
        Assert.Equal(0.1346, result.OverrideUpper95, 4);
    }

    [Theory]
    [InlineData(72, 0, false)]
    [InlineData(73, 0, true)]
    [InlineData(109, 1, false)]
    [InlineData(110, 1, true)]
    [InlineData(142, 2, true)]
    public void UnderTheDefaultTheVolumeNeededGrowsWithEachOverride(int reviewed, int overrides, bool eligible)
    {
        Assert.Equal(eligible, ReadinessGate.Assess(Topic(reviewed, overrides), TandemDefault).Eligible);
    }

    [Fact]
    public void TheMinimumAndTargetAreTheFirms()
    {
        var lenient = new ReadinessRule { MinimumReviewed = 20, TargetOverrideRate = 0.10, Basis = ReadinessBasis.PointEstimate };
        Assert.True(ReadinessGate.Assess(Topic(20, 1), lenient).Eligible);
        Assert.False(ReadinessGate.Assess(Topic(19, 0), lenient).Eligible);
    }

    [Fact]
    public void ANeverAutonomousTopicIsNeverEligibleWhateverItsRecord()
    {
        var result = ReadinessGate.Assess(Topic(500, 0, never: true), TandemDefault);
        Assert.False(result.Eligible);
        Assert.Equal(["never_autonomous"], Codes(result));
    }

    [Fact]
    public void OneSeriousErrorBlocksPromotion()
    {
        var result = ReadinessGate.Assess(Topic(200, 1, critical: 1), TandemDefault);
        Assert.False(result.Eligible);
        Assert.Equal(["critical_override"], Codes(result));
    }

    [Fact]
    public void MoreComplaintsThanPeopleGetBlocksPromotion()
    {
        var result = ReadinessGate.Assess(Topic(100, 0, ai: 100, aiComplaints: 3, human: 50, humanComplaints: 1), TandemDefault);
        Assert.False(result.Eligible);
        Assert.Equal(["complaint_rate_higher"], Codes(result));
        Assert.Equal(0.03, result.AiComplaintRate!.Value, 10);
        Assert.Equal(0.02, result.HumanComplaintRate!.Value, 10);
    }

    [Fact]
    public void TheSameComplaintRateAsPeopleIsNoWorse()
    {
        Assert.True(ReadinessGate.Assess(Topic(100, 0, ai: 100, aiComplaints: 2, human: 50, humanComplaints: 1), TandemDefault).Eligible);
    }

    [Fact]
    public void ComplaintsWithNoHumanBaselineCountAgainst()
    {
        var result = ReadinessGate.Assess(Topic(100, 0, ai: 100, aiComplaints: 1), TandemDefault);
        Assert.Equal(["complaint_rate_higher"], Codes(result));
        Assert.Null(result.HumanComplaintRate);
    }

    [Fact]
    public void NoConversationsMeansNoComplaintRate()
    {
        var result = ReadinessGate.Assess(Topic(100, 0), TandemDefault);
        Assert.Null(result.AiComplaintRate);
        Assert.True(result.Eligible);
    }

    [Fact]
    public void EveryFailingTestGivesItsOwnReason()
    {
        var result = ReadinessGate.Assess(Topic(10, 5, critical: 1, never: true, ai: 10, aiComplaints: 2, human: 10), TandemDefault);
        Assert.Equal(["never_autonomous", "too_few_reviews", "override_rate_too_high", "critical_override", "complaint_rate_higher"], Codes(result));
        Assert.All(result.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Sentence)));
    }

    [Fact]
    public void NoReviewsAtAllIsNotEligible()
    {
        var result = ReadinessGate.Assess(Topic(0, 0), PolicyWording);
        Assert.False(result.Eligible);
        Assert.Equal(0, result.OverrideRate);
        Assert.Equal(1, result.OverrideUpper95);
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Actions;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Actions;

/// <summary>The reference firm's refund limit: £50 alone, counting earlier refunds, only for a received return to the original method, never on Pay in 3, exactly as the rules give.</summary>
public sealed class ActionLimitRules
{
    private static readonly LimitPolicy Refund = new(50m,
        ["return_received", "original_payment_method", "not_pay_in_3", LimitConditions.AmountMatchesRules, LimitConditions.CountsEarlier]);

    private static LimitFacts Facts(decimal amount, decimal earlier = 0, bool received = true, bool original = true, bool notPayIn3 = true, decimal? due = null) =>
        new(amount, due ?? amount, earlier, new Dictionary<string, bool>
        {
            ["return_received"] = received,
            ["original_payment_method"] = original,
            ["not_pay_in_3"] = notPayIn3,
        });

    [Fact]
    public void ARefundOfExactlyTheLimitIsWithinIt() =>
        Assert.True(ActionLimits.Evaluate(Refund, Facts(50m)).WithinLimit);

    [Fact]
    public void APennyOverTheLimitIsOverIt() =>
        Assert.Equal([LimitBreaches.OverLimit], ActionLimits.Evaluate(Refund, Facts(50.01m)).Breaches);

    [Fact]
    public void EarlierRefundsCountTowardsTheLimit() =>
        Assert.Contains(LimitBreaches.OverLimit, ActionLimits.Evaluate(Refund, Facts(30m, earlier: 25m)).Breaches);

    [Fact]
    public void EarlierRefundsDoNotCountWhenThePolicyDoesNotSaySo()
    {
        var policy = Refund with { Conditions = [.. Refund.Conditions.Where(c => c != LimitConditions.CountsEarlier)] };
        Assert.True(ActionLimits.Evaluate(policy, Facts(30m, earlier: 25m)).WithinLimit);
    }

    [Theory]
    [InlineData(false, true, true, "condition_failed:return_received")]
    [InlineData(true, false, true, "condition_failed:original_payment_method")]
    [InlineData(true, true, false, "condition_failed:not_pay_in_3")]
    public void EachConditionThatFailsIsNamed(bool received, bool original, bool notPayIn3, string breach) =>
        Assert.Equal([breach], ActionLimits.Evaluate(Refund, Facts(20m, received: received, original: original, notPayIn3: notPayIn3)).Breaches);

    [Fact]
    public void AnAmountOtherThanTheRulesGiveNeedsAnAgent() =>
        Assert.Equal([LimitBreaches.AmountNotAsRules], ActionLimits.Evaluate(Refund, Facts(20m, due: 19.99m)).Breaches);

    [Fact]
    public void AConditionTheConnectorDoesNotReportCountsAsNotMet()
    {
        var policy = Refund with { Conditions = [.. Refund.Conditions, "manager_signed_off"] };
        Assert.Contains("condition_failed:manager_signed_off", ActionLimits.Evaluate(policy, Facts(20m)).Breaches);
    }

    [Fact]
    public void AZeroLimitMeansAnAgentEveryTime() =>
        Assert.Equal([LimitBreaches.AgentOnly], ActionLimits.Evaluate(new LimitPolicy(0, []), new LimitFacts(null, null, 0, new Dictionary<string, bool>())).Breaches);

    [Fact]
    public void AMoneyLimitWithNoAmountCannotBeShownToHold() =>
        Assert.Contains(LimitBreaches.OverLimit, ActionLimits.Evaluate(new LimitPolicy(50, []), new LimitFacts(null, null, 0, new Dictionary<string, bool>())).Breaches);

    [Property(MaxTest = 500)]
    public Property WithinTheLimitExactlyWhenTheTotalIsAtMostFiftyAndEveryConditionHolds() =>
        Prop.ForAll(
            (from pence in Gen.Choose(1, 10_000)
             from earlierPence in Gen.Choose(0, 10_000)
             from received in Gen.Elements(true, false)
             from notPayIn3 in Gen.Elements(true, false)
             select (Amount: pence / 100m, Earlier: earlierPence / 100m, Received: received, NotPayIn3: notPayIn3)).ToArbitrary(),
            c =>
            {
                var verdict = ActionLimits.Evaluate(Refund, Facts(c.Amount, c.Earlier, c.Received, notPayIn3: c.NotPayIn3));
                return verdict.WithinLimit == (c.Amount + c.Earlier <= 50m && c.Received && c.NotPayIn3);
            });

    [Theory]
    [InlineData(TopicMode.Copilot, "topic_in_copilot")]
    [InlineData(TopicMode.Human, "topic_human_only")]
    public void TheAssistantOnlyProposesOutsideAnAutonomousTopic(TopicMode mode, string reason)
    {
        var routing = ActionLimits.Route(byAgent: false, mode, new LimitVerdict([]));
        Assert.Equal(ActionRoute.Propose, routing.Route);
        Assert.Equal([reason], routing.Reasons);
    }

    [Fact]
    public void AnAutonomousTopicWithinTheLimitExecutes() =>
        Assert.Equal(ActionRoute.Execute, ActionLimits.Route(byAgent: false, TopicMode.Autonomous, new LimitVerdict([])).Route);

    [Fact]
    public void BecomingAutonomousNeverLiftsTheLimit()
    {
        var routing = ActionLimits.Route(byAgent: false, TopicMode.Autonomous, new LimitVerdict([LimitBreaches.OverLimit]));
        Assert.Equal(ActionRoute.Propose, routing.Route);
        Assert.Equal([LimitBreaches.OverLimit], routing.Reasons);
    }

    [Theory]
    [InlineData(TopicMode.Human)]
    [InlineData(TopicMode.Copilot)]
    [InlineData(TopicMode.Autonomous)]
    public void AnAgentsOwnCallRunsWhateverTheModeAndLimit(TopicMode mode) =>
        Assert.Equal(ActionRoute.Execute, ActionLimits.Route(byAgent: true, mode, new LimitVerdict([LimitBreaches.OverLimit])).Route);
}

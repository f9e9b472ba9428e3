using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class TheStrictestPlausibleModeWins
{
    private static readonly Dictionary<string, TopicMode> Modes = new()
    {
        ["payment_methods"] = TopicMode.Autonomous,
        ["pay_in_3_credit"] = TopicMode.Human,
        ["refunds"] = TopicMode.Copilot,
        ["delivery"] = TopicMode.Autonomous,
    };

    [Fact]
    public void AHumanOnlyTopicCloseBehindTheBestMakesTheMessageHumanOnly()
    {
        var (mode, topic) = StrictestMode.Resolve([("payment_methods", 0.524), ("pay_in_3_credit", 0.518)], t => Modes[t]);
        Assert.Equal(TopicMode.Human, mode);
        Assert.Equal("pay_in_3_credit", topic);
    }

    [Fact]
    public void ATopicFarBehindTheBestDoesNotCount()
    {
        var (mode, topic) = StrictestMode.Resolve([("payment_methods", 1.0), ("pay_in_3_credit", 0.38)], t => Modes[t]);
        Assert.Equal(TopicMode.Autonomous, mode);
        Assert.Equal("payment_methods", topic);
    }

    [Fact]
    public void CopilotBeatsAutonomousWithinTheMargin()
    {
        var (mode, _) = StrictestMode.Resolve([("delivery", 0.70), ("refunds", 0.68)], t => Modes[t]);
        Assert.Equal(TopicMode.Copilot, mode);
    }

    [Fact]
    public void NoCandidatesMeansCopilot()
    {
        Assert.Equal(TopicMode.Copilot, StrictestMode.Resolve([], t => Modes[t]).Mode);
    }

    [Theory]
    [InlineData(0.9, 0.86, TopicMode.Human)]
    [InlineData(0.9, 0.84, TopicMode.Autonomous)]
    public void TheMarginIsInclusive(double best, double second, TopicMode expected)
    {
        Assert.Equal(expected, StrictestMode.Resolve([("delivery", best), ("pay_in_3_credit", second)], t => Modes[t]).Mode);
    }

    [Fact]
    public void OnTheRelativeScaleAHumanOnlyTopicAtLessThanTheShareOfASpreadBestDoesNotCount()
    {
        // Probabilities spread over many topics: 0.36 for the best, 0.17 for a human-only one. A distance of
        // 0.235 would make it plausible; less than half of the best is not.
        var margin = TopicMargin.Relative(0.5);

        var (mode, topic) = StrictestMode.Resolve([("payment_methods", 0.36), ("delivery", 0.21), ("pay_in_3_credit", 0.17)], t => Modes[t], margin);

        Assert.Equal(TopicMode.Autonomous, mode);
        Assert.Equal("payment_methods", topic);
        Assert.Equal(TopicMode.Human, StrictestMode.Resolve([("payment_methods", 0.36), ("pay_in_3_credit", 0.17)], t => Modes[t], TopicMargin.Absolute(0.235)).Mode);
    }

    [Fact]
    public void OnTheRelativeScaleARivalAtTheShareOfTheBestCounts()
    {
        var (mode, topic) = StrictestMode.Resolve([("delivery", 0.40), ("pay_in_3_credit", 0.20)], t => Modes[t], TopicMargin.Relative(0.5));

        Assert.Equal(TopicMode.Human, mode);
        Assert.Equal("pay_in_3_credit", topic);
    }

    [Fact]
    public void ARelativeMarginIsAShareBetweenNoneAndAll()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TopicMargin.Relative(1.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => TopicMargin.Relative(-0.1));
        Assert.True(TopicMargin.Relative(1).Keeps(0.5, 0.5));
        Assert.False(TopicMargin.Relative(1).Keeps(0.49, 0.5));
    }
}

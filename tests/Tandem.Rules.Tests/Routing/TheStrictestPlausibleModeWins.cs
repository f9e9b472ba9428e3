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
}

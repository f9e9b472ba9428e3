using FsCheck.Fluent;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

/// <summary>The invariants above only mean something if the generator reaches every kind of decision.</summary>
public sealed class RoutingGeneratorCoverage
{
    [Fact]
    public void GeneratedInputsReachEveryDecisionOften()
    {
        var decisions = RoutingGenerators.Inputs().Sample(2000)
            .Select(i => Router.Decide(i).Decision)
            .GroupBy(d => d)
            .ToDictionary(g => g.Key, g => g.Count());

        foreach (var decision in Enum.GetValues<Decision>())
        {
            Assert.True(decisions.GetValueOrDefault(decision) >= 20, $"only {decisions.GetValueOrDefault(decision)} of 2000 were {decision}");
        }
    }

    [Fact]
    public void GeneratedInputsReachEveryReasonCode()
    {
        var reasons = RoutingGenerators.Inputs().Sample(5000)
            .SelectMany(i => Router.Decide(i).Reasons)
            .ToHashSet();

        Assert.Equal(Enum.GetValues<ReasonCode>().ToHashSet(), reasons);
    }
}

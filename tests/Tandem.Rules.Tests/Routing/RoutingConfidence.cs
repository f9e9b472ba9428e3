using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class RoutingConfidence
{
    [Theory]
    [InlineData(0.81, 1.0, 0.9)]
    [InlineData(0.25, 0.64, 0.4)]
    [InlineData(1.0, 0.0, 0.0)]
    [InlineData(0.5, 0.5, 0.5)]
    [InlineData(0.3, 0.7, 0.4583)]
    public void ConfidenceIsTheGeometricMeanOfTopicAndEvidenceToFourPlaces(double topic, double evidence, double expected)
    {
        var input = Inputs.Sendable() with { TopicConfidence = topic, EvidenceScore = evidence };

        Assert.Equal(expected, Router.Confidence(input));
    }

    [Fact]
    public void ConfidenceIsZeroWhenTheMessageIsOutOfScope()
    {
        Assert.Equal(0, Router.Confidence(Inputs.Sendable() with { OutOfScope = true }));
    }

    [Fact]
    public void ConfidenceIsZeroWithoutADraft()
    {
        Assert.Equal(0, Router.Confidence(Inputs.Sendable() with { HasDraft = false }));
    }

    [Fact]
    public void ScoresOutsideZeroToOneAreClampedBeforeCombining()
    {
        var input = Inputs.Sendable() with { TopicConfidence = 7, EvidenceScore = 2 };

        Assert.Equal(1, Router.Confidence(input));
        Assert.Equal(0, Router.Confidence(input with { TopicConfidence = -3 }));
    }

    [Property(MaxTest = 500)]
    public Property ConfidenceAlwaysLiesBetweenZeroAndOne() =>
        Prop.ForAll(RoutingGenerators.AnyInput(), input =>
        {
            var confidence = Router.Confidence(input);

            Assert.InRange(confidence, 0, 1);
        });
}

using Tandem.Rules.Routing;

namespace Tandem.Rules.Tests.Routing;

public sealed class ModeWireNames
{
    [Theory]
    [InlineData(TopicMode.Human, "human")]
    [InlineData(TopicMode.Copilot, "copilot")]
    [InlineData(TopicMode.Autonomous, "autonomous")]
    public void ATopicModeHasALowercaseWireName(TopicMode mode, string wire)
    {
        Assert.Equal(wire, mode.ToWire());
    }

    [Theory]
    [InlineData(Decision.Send, "send")]
    [InlineData(Decision.Review, "review")]
    [InlineData(Decision.Handoff, "handoff")]
    public void ADecisionHasALowercaseWireName(Decision decision, string wire)
    {
        Assert.Equal(wire, decision.ToWire());
    }

    [Theory]
    [InlineData(SignalKind.Complaint, "complaint")]
    [InlineData(SignalKind.Vulnerability, "vulnerability")]
    [InlineData(SignalKind.Hardship, "hardship")]
    [InlineData(SignalKind.LegalThreat, "legal_threat")]
    [InlineData(SignalKind.SelfHarm, "self_harm")]
    [InlineData(SignalKind.Abuse, "abuse")]
    [InlineData(SignalKind.HumanRequest, "human_request")]
    [InlineData(SignalKind.PromptInjection, "prompt_injection")]
    public void ASignalKindHasASnakeCaseWireName(SignalKind kind, string wire)
    {
        Assert.Equal(wire, kind.ToWire());
    }

    [Fact]
    public void EveryTopicModeRoundTripsThroughItsWireName()
    {
        foreach (var mode in Enum.GetValues<TopicMode>())
        {
            Assert.True(ModeNames.TryParseMode(mode.ToWire(), out var parsed));
            Assert.Equal(mode, parsed);
        }
    }

    [Fact]
    public void EverySignalKindRoundTripsThroughItsWireName()
    {
        foreach (var kind in Enum.GetValues<SignalKind>())
        {
            Assert.True(ModeNames.TryParseSignal(kind.ToWire(), out var parsed));
            Assert.Equal(kind, parsed);
        }
    }

    [Theory]
    [InlineData(" Autonomous ", TopicMode.Autonomous)]
    [InlineData("HUMAN", TopicMode.Human)]
    [InlineData("CoPilot", TopicMode.Copilot)]
    public void ParsingAModeIgnoresCaseAndSurroundingSpace(string text, TopicMode expected)
    {
        Assert.True(ModeNames.TryParseMode(text, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("co-pilot")]
    [InlineData("auto")]
    [InlineData("")]
    [InlineData(null)]
    public void AnUnknownModeIsRejectedAndFallsBackToCopilot(string? text)
    {
        Assert.False(ModeNames.TryParseMode(text, out var parsed));
        Assert.Equal(TopicMode.Copilot, parsed);
    }

    [Theory]
    [InlineData(" LEGAL_THREAT ", SignalKind.LegalThreat)]
    [InlineData("Self_Harm", SignalKind.SelfHarm)]
    public void ParsingASignalIgnoresCaseAndSurroundingSpace(string text, SignalKind expected)
    {
        Assert.True(ModeNames.TryParseSignal(text, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("legal threat")]
    [InlineData("LegalThreat")]
    [InlineData("")]
    [InlineData(null)]
    public void AnUnknownSignalIsRejected(string? text)
    {
        Assert.False(ModeNames.TryParseSignal(text, out _));
    }

    [Fact]
    public void AModeOutsideTheEnumHasNoWireName()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((TopicMode)99).ToWire());
    }
}

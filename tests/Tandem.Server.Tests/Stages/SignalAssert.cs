using Tandem.Rules.Routing;
using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

internal static class SignalAssert
{
    /// <summary>The signal fires once, and its evidence is the words a reviewer would point to.</summary>
    public static void Raised(SignalKind kind, string text, string evidence)
    {
        var signals = SignalDetector.Detect(text);
        var signal = Assert.Single(signals, s => s.Kind == kind);
        Assert.Equal(evidence, signal.Evidence);
        Assert.Contains(signal.Evidence, text, StringComparison.Ordinal);
    }

    public static void NotRaised(SignalKind kind, string text)
    {
        var signals = SignalDetector.Detect(text);
        Assert.DoesNotContain(signals, s => s.Kind == kind);
    }
}

using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

internal static class EntityAssert
{
    private static IReadOnlyList<Entity> Of(string kind, string text) =>
        [.. SamplePack.Firm.Understander.Entities(text).Where(e => e.Kind == kind)];

    /// <summary>Exactly these values of the kind are found, in the order they appear.</summary>
    public static void Found(string kind, string text, params string[] values) =>
        Assert.Equal(values, Of(kind, text).Select(e => e.Value));

    public static void NoneFound(string kind, string text) => Assert.Empty(Of(kind, text));
}

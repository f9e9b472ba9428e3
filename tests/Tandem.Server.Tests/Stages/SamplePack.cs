using Tandem.Rules.Routing;
using Tandem.Server.Firms;
using Tandem.Server.Tests.Infrastructure;
using Tandem.Server.Turns;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// The Harbour Home sample pack, loaded once and only read: the stages are pure over it, so sharing
/// it between tests shares no mutable state.
/// </summary>
internal static class SamplePack
{
    private static readonly Lazy<LoadedFirm> Loaded = new(() =>
    {
        var result = FirmPackLoader.Load(TestPaths.ReferenceFirm);
        return result.Ok ? new LoadedFirm(result.Pack!, SharedEmbedder.Instance) : throw new InvalidOperationException(string.Join('\n', result.Problems));
    });

    public static LoadedFirm Firm => Loaded.Value;

    public static FirmPack Pack => Firm.Pack;

    /// <summary>Tuesday 10 November 2026, 11:00 in London: the team is in.</summary>
    public static DateTimeOffset OpeningHours { get; } = new(2026, 11, 10, 11, 0, 0, TimeSpan.Zero);

    /// <summary>Sunday 8 November 2026, 11:00 in London: the firm is closed all day.</summary>
    public static DateTimeOffset Closed { get; } = new(2026, 11, 8, 11, 0, 0, TimeSpan.Zero);

    /// <summary>Each topic in its day-one mode, as the database holds it before an admin changes anything.</summary>
    public static IReadOnlyDictionary<string, TopicMode> DayOneModes =>
        Pack.Topics.ToDictionary(t => t.Id, t => t.Mode, StringComparer.Ordinal);

    /// <summary>A first message in a fresh conversation, in opening hours, with nothing switched on.</summary>
    public static TurnContext FirstMessage(string text) => new()
    {
        Text = text,
        Now = OpeningHours,
        ConversationWithHuman = false,
        KillSwitch = false,
        Modes = DayOneModes,
        EarlierCustomerTexts = [],
        EarlierReasons = [],
    };
}

using System.Diagnostics;

namespace Tandem.Server.Tests.Infrastructure;

/// <summary>
/// A clock that starts at a chosen instant and then runs at real speed, so business-hours rules see a
/// known day and time while timers, delays and leases behave normally. <see cref="Advance"/> jumps ahead.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private TimeSpan _jump;

    /// <summary>Tuesday 24 November 2026, 10:00 in London: within the reference firm's opening hours.</summary>
    public static DateTimeOffset OpeningHours => new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Sunday 22 November 2026, 15:00 in London: the reference firm is closed.</summary>
    public static DateTimeOffset Closed => new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => start + _elapsed.Elapsed + _jump;

    public void Advance(TimeSpan by) => _jump += by;
}

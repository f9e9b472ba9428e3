using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Tandem.Rules.Tests.Hours;

public sealed class NextOpeningProperties
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Any second in 2026, plus a few extra days so the new year is crossed.</summary>
    private static Arbitrary<DateTimeOffset> Instants() =>
        Gen.Choose(0, (366 + 5) * 24 * 60 * 60).Select(seconds => Start.AddSeconds(seconds)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property TheNextOpeningIsOpenNotEarlierAndNothingOpensBeforeIt() =>
        Prop.ForAll(Instants(), instant =>
        {
            var hours = ReferenceFirm.Hours();

            var next = hours.NextOpening(instant);

            Assert.True(next >= instant);
            Assert.True(hours.IsOpen(next));
            if (next != instant)
            {
                Assert.False(hours.IsOpen(next.AddTicks(-1)));
                var clock = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(next, hours.Zone).DateTime);
                Assert.Contains(clock, new[] { new TimeOnly(9, 0), new TimeOnly(10, 0) });
                for (var probe = instant; probe < next; probe = probe.AddMinutes(15))
                {
                    Assert.False(hours.IsOpen(probe), $"open at {probe:O}, before the reported next opening {next:O}");
                }
            }
        });

    [Property(MaxTest = 300)]
    public Property WhenClosedTheNextOpeningIsAtMostFourDaysAway() =>
        Prop.ForAll(Instants(), instant =>
        {
            var next = ReferenceFirm.Hours().NextOpening(instant);

            // The longest gap in the reference calendar: Saturday 14:00 to Tuesday 09:00 over a bank holiday weekend.
            Assert.True(next - instant <= TimeSpan.FromHours(67), $"{instant:O} waits until {next:O}");
        });
}

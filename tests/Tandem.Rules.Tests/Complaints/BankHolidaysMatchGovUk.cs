using System.Globalization;
using Tandem.Rules.Complaints;

namespace Tandem.Rules.Tests.Complaints;

/// <summary>England and Wales bank holidays as published on gov.uk/bank-holidays.</summary>
public sealed class BankHolidaysMatchGovUk
{
    [Theory]
    [InlineData(2025, "2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-08-25 2025-12-25 2025-12-26")]
    [InlineData(2026, "2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 2026-12-28")]
    [InlineData(2027, "2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28")]
    // Years that exercise the substitute-day rules (gov.uk's archive): Christmas on a Saturday (2021),
    // New Year on a Saturday (2022 is also a year with a moved spring holiday, so 2021 and 2024 instead).
    [InlineData(2021, "2021-01-01 2021-04-02 2021-04-05 2021-05-03 2021-05-31 2021-08-30 2021-12-27 2021-12-28")]
    [InlineData(2024, "2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26")]
    public void TheComputedHolidaysAreThePublishedOnes(int year, string published)
    {
        var expected = published.Split(' ').Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture));

        Assert.Equal(expected, UkBankHolidays.For(year));
    }

    [Fact]
    public void NewYearOnASundayMovesToMonday()
    {
        // 1 January 2023 was a Sunday; gov.uk lists Monday 2 January.
        Assert.Contains(new DateOnly(2023, 1, 2), UkBankHolidays.For(2023));
        Assert.DoesNotContain(new DateOnly(2023, 1, 1), UkBankHolidays.For(2023));
    }

    [Fact]
    public void NewYearOnASaturdayMovesToMonday()
    {
        // 1 January 2022 was a Saturday; gov.uk lists Monday 3 January.
        Assert.Contains(new DateOnly(2022, 1, 3), UkBankHolidays.For(2022));
    }

    [Fact]
    public void ChristmasOnASundayPutsBoxingDayOnMondayAndChristmasOnTuesday()
    {
        // 2022: Boxing Day Monday 26, Christmas Day (substitute) Tuesday 27.
        var holidays = UkBankHolidays.For(2022);
        Assert.Contains(new DateOnly(2022, 12, 26), holidays);
        Assert.Contains(new DateOnly(2022, 12, 27), holidays);
        Assert.DoesNotContain(new DateOnly(2022, 12, 25), holidays);
    }

    [Theory]
    [InlineData(1818, 3, 22)] // the earliest possible date
    [InlineData(1943, 4, 25)] // the latest possible date
    [InlineData(2008, 3, 23)]
    [InlineData(2011, 4, 24)]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2028, 4, 16)]
    [InlineData(2038, 4, 25)]
    [InlineData(2285, 3, 22)]
    public void EasterSundayFollowsTheGregorianComputus(int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), UkBankHolidays.EasterSunday(year));
    }

    [Fact]
    public void EveryYearHasEightHolidaysOnWeekdaysWithEasterInItsWindow()
    {
        for (var year = 1900; year <= 2200; year++)
        {
            var holidays = UkBankHolidays.For(year);
            Assert.Equal(8, holidays.Distinct().Count());
            Assert.All(holidays, d => Assert.True(d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), $"{d} is at a weekend"));
            Assert.All(holidays, d => Assert.Equal(year, d.Year));
            var easter = UkBankHolidays.EasterSunday(year);
            Assert.Equal(DayOfWeek.Sunday, easter.DayOfWeek);
            Assert.InRange(easter, new DateOnly(year, 3, 22), new DateOnly(year, 4, 25));
            Assert.Equal(DayOfWeek.Monday, holidays[2].DayOfWeek);
            Assert.Equal(DayOfWeek.Friday, holidays[1].DayOfWeek);
        }
    }
}

using Tandem.Rules.Privacy;

namespace Tandem.Rules.Tests.Privacy;

public sealed class TheRequestClockFollowsTheIco
{
    [Theory]
    [InlineData("2026-09-03", "2026-10-03")]
    [InlineData("2027-01-31", "2027-02-28")]
    [InlineData("2028-01-31", "2028-02-29")]
    [InlineData("2027-03-31", "2027-04-30")]
    [InlineData("2026-12-15", "2027-01-15")]
    public void ARequestIsDueOnTheCorrespondingDateOfTheNextMonthOrItsLastDay(string received, string due)
    {
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            RequestClock.DueDate(DateOnly.Parse(received, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void AnExtensionAddsOneOrTwoFurtherMonthsCountedFromReceipt()
    {
        var received = new DateOnly(2027, 1, 31);

        Assert.Equal(new DateOnly(2027, 3, 31), RequestClock.ExtendedDate(received, 1));
        Assert.Equal(new DateOnly(2027, 4, 30), RequestClock.ExtendedDate(received, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RequestClock.ExtendedDate(received, 3));
    }

    [Fact]
    public void AnExtensionNeedsAReasonAndMustBeDecidedWithinTheFirstMonth()
    {
        var received = new DateOnly(2027, 1, 31);

        Assert.Null(RequestClock.ExtensionRefusal(received, new DateOnly(2027, 2, 20), 2, "Eleven years of orders and three linked accounts to search", false, false));
        Assert.Contains("Say why", RequestClock.ExtensionRefusal(received, new DateOnly(2027, 2, 20), 2, "  ", false, false), StringComparison.Ordinal);
        Assert.Contains("first month has passed", RequestClock.ExtensionRefusal(received, new DateOnly(2027, 3, 1), 1, "many records", false, false), StringComparison.Ordinal);
        Assert.Contains("already been extended", RequestClock.ExtensionRefusal(received, new DateOnly(2027, 2, 1), 1, "many records", false, true), StringComparison.Ordinal);
        Assert.Contains("one or two", RequestClock.ExtensionRefusal(received, new DateOnly(2027, 2, 1), 3, "many records", false, false), StringComparison.Ordinal);
    }

    [Fact]
    public void ARequestIsOverdueOnlyAfterItsDeadlineAndNotOnceAnsweredInTime()
    {
        var received = new DateOnly(2027, 1, 31);

        Assert.False(RequestClock.Deadline(received, null, null, new DateOnly(2027, 2, 28)).Overdue);
        Assert.True(RequestClock.Deadline(received, null, null, new DateOnly(2027, 3, 1)).Overdue);
        Assert.False(RequestClock.Deadline(received, new DateOnly(2027, 4, 30), null, new DateOnly(2027, 3, 1)).Overdue);
        Assert.False(RequestClock.Deadline(received, null, new DateOnly(2027, 2, 27), new DateOnly(2027, 6, 1)).Overdue);
        Assert.Equal(3, RequestClock.Deadline(received, null, null, new DateOnly(2027, 2, 25)).DaysLeft);
    }
}

namespace Tandem.Rules.Privacy;

/// <summary>The state of a request's clock, as the console shows it.</summary>
public sealed record RequestDeadline(DateOnly Due, DateOnly? ExtendedUntil, DateOnly Deadline, bool Overdue, int DaysLeft);

/// <summary>
/// The one-month clock of a data-subject request, as the ICO counts it: from the day the request is
/// received to the corresponding calendar date of the next month; when the next month has no such
/// date (31 January), the last day of that month (28 or 29 February). A complex or numerous request
/// may be extended by up to two further months, with a reason, told to the person within the first
/// month.
/// </summary>
public static class RequestClock
{
    public const int MaxExtensionMonths = 2;

    /// <summary>DateOnly.AddMonths clamps to the month's last day, which is exactly the ICO's month-end rule.</summary>
    public static DateOnly DueDate(DateOnly received) => received.AddMonths(1);

    /// <summary>The extended deadline: the due date moved on by one or two calendar months, counted from receipt.</summary>
    public static DateOnly ExtendedDate(DateOnly received, int months)
    {
        if (months is < 1 or > MaxExtensionMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(months), months, "An extension is one or two further months.");
        }
        return received.AddMonths(1 + months);
    }

    /// <summary>Why an extension may not be made now, or null when it may.</summary>
    public static string? ExtensionRefusal(DateOnly received, DateOnly today, int months, string? reason, bool completed, bool alreadyExtended)
    {
        if (completed)
        {
            return "The request is already completed.";
        }
        if (alreadyExtended)
        {
            return "The request has already been extended; the extension is at most two further months in all.";
        }
        if (months is < 1 or > MaxExtensionMonths)
        {
            return "An extension is by one or two further months.";
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "Say why the request is complex or numerous: the reason is recorded and told to the person.";
        }
        if (today > DueDate(received))
        {
            return "The first month has passed: an extension must be decided and told to the person within it.";
        }
        return null;
    }

    public static RequestDeadline Deadline(DateOnly received, DateOnly? extendedUntil, DateOnly? completed, DateOnly today)
    {
        var due = DueDate(received);
        var deadline = extendedUntil ?? due;
        var overdue = (completed ?? today) > deadline;
        return new(due, extendedUntil, deadline, overdue, deadline.DayNumber - today.DayNumber);
    }
}

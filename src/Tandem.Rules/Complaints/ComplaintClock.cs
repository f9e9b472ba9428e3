namespace Tandem.Rules.Complaints;

/// <summary>When a complaint's two FCA DISP deadlines fall.</summary>
/// <param name="SummaryResolutionDue">End of the third business day after the day of receipt (DISP 1.5): a complaint settled by then may be closed with a summary resolution communication.</param>
/// <param name="FinalResponseDue">Eight weeks after receipt (DISP 1.6.2): the final response, or a letter explaining the delay and the Financial Ombudsman Service referral rights.</param>
public sealed record ComplaintDeadlines(DateTimeOffset SummaryResolutionDue, DateTimeOffset FinalResponseDue);

public static class ComplaintClock
{
    public const int SummaryResolutionBusinessDays = 3;
    public static readonly TimeSpan FinalResponseWindow = TimeSpan.FromDays(7 * 8);
    /// <summary>The customer may refer the complaint to the Financial Ombudsman Service within six months of the final response (DISP 1.6.2 and 2.8.2).</summary>
    public const int OmbudsmanReferralMonths = 6;

    /// <param name="receivedAt">When the firm received the complaint.</param>
    /// <param name="zone">The firm's time zone: "day" and "end of the day" are the firm's local ones.</param>
    public static ComplaintDeadlines For(DateTimeOffset receivedAt, TimeZoneInfo zone, BusinessDays businessDays)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(businessDays);
        var local = TimeZoneInfo.ConvertTime(receivedAt, zone);
        var receivedOn = DateOnly.FromDateTime(local.DateTime);
        var lastDay = businessDays.AddBusinessDays(receivedOn, SummaryResolutionBusinessDays);
        // "By close of business": the end of that local day, i.e. the start of the next one.
        var endOfDay = lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var summaryDue = new DateTimeOffset(endOfDay, zone.GetUtcOffset(endOfDay)).ToUniversalTime();
        return new ComplaintDeadlines(summaryDue, receivedAt.ToUniversalTime() + FinalResponseWindow);
    }
}

using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Complaints;
using Tandem.Data.Conversations;
using Tandem.Rules.Complaints;
using Tandem.Server.Audit;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;

namespace Tandem.Server.Complaints;

/// <summary>
/// Opening complaint records and reading their clocks. Opening stages the record and its audit event
/// on the caller's context, so a turn's complaint commits with the turn (and never without it).
/// </summary>
internal static class ComplaintRecords
{
    /// <summary>Opens a record for the conversation unless one is already open; returns the open one either way.</summary>
    public static async Task<(Complaint Complaint, bool Opened)> OpenAsync(TandemDbContext db, Conversation conversation, FirmPack firm,
        string summary, string openedBy, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var open = db.Complaints.Local.FirstOrDefault(c => c.ConversationId == conversation.Id && c.Status == ComplaintStatus.Open)
            ?? await db.Complaints.FirstOrDefaultAsync(c => c.ConversationId == conversation.Id && c.Status == ComplaintStatus.Open, ct);
        if (open is not null)
        {
            return (open, false);
        }
        var deadlines = Deadlines(firm, receivedAt);
        var complaint = new Complaint
        {
            Id = Guid.NewGuid(),
            FirmId = conversation.FirmId,
            ConversationId = conversation.Id,
            LinkedConversationsJson = Json.Write(new[] { conversation.Id }),
            ReceivedAt = receivedAt,
            Channel = conversation.Channel,
            Summary = Shorten(summary),
            Status = ComplaintStatus.Open,
            OpenedBy = openedBy,
            SummaryResolutionDue = deadlines.SummaryResolutionDue,
            FinalResponseDue = deadlines.FinalResponseDue,
            OmbudsmanRightsRequired = firm.Profile.OffersRegulatedCredit,
        };
        db.Complaints.Add(complaint);
        db.AuditEvents.Add(AuditLog.Event("complaint.opened", openedBy, receivedAt, new
        {
            complaintId = complaint.Id,
            channel = complaint.Channel,
            summaryResolutionDue = complaint.SummaryResolutionDue,
            finalResponseDue = complaint.FinalResponseDue,
            ombudsmanRightsRequired = complaint.OmbudsmanRightsRequired,
        }, conversation.FirmId, conversation.Id));
        return (complaint, true);
    }

    public static ComplaintDeadlines Deadlines(FirmPack firm, DateTimeOffset receivedAt) =>
        ComplaintClock.For(receivedAt, TimeZoneInfo.FindSystemTimeZoneById(firm.Profile.TimeZone), new BusinessDays(firm.Profile.BankHolidays));

    private static string Shorten(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 4000 ? trimmed : trimmed[..3999] + "…";
    }
}

using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Server.Audit;
using Tandem.Server.Firms;
using Tandem.Server.Realtime;

namespace Tandem.Server.Conversations;

/// <summary>
/// Handing a conversation to a person: the handoff record, the conversation's status, and the message
/// that tells the customer when a person will reply (the urgent message with a helpline first when
/// the customer may be at risk).
/// </summary>
internal sealed class Handoffs(TimeProvider clock, ConversationEvents events)
{
    /// <summary>Adds the handoff to the context without saving, so it commits with the turn that caused it.</summary>
    public Message Stage(TandemDbContext db, Conversation conversation, LoadedFirm firm, Guid? turnId, IReadOnlyList<string> reasons, bool urgent, string actor)
    {
        var now = clock.GetUtcNow();
        var nextOpening = firm.Hours.NextOpening(now);
        var open = nextOpening == now;
        var profile = firm.Pack.Profile;
        var text = open
            ? profile.HandoffMessage
            : profile.OutOfHoursMessage.Replace("{next_opening}", FormatOpening(nextOpening, firm), StringComparison.Ordinal);
        if (urgent)
        {
            text = profile.UrgentMessage + "\n\n" + text;
        }
        var handoff = new Handoff
        {
            Id = Guid.NewGuid(),
            ConversationId = conversation.Id,
            TurnId = turnId,
            FirmId = conversation.FirmId,
            ReasonsJson = Json.Write(reasons),
            Urgent = urgent,
            RequestedAt = now,
            ReplyExpectedBy = nextOpening,
        };
        var message = new Message
        {
            Id = Guid.NewGuid(),
            ConversationId = conversation.Id,
            Author = Authors.System,
            Text = text,
            TurnId = turnId,
            CreatedAt = now,
        };
        db.Handoffs.Add(handoff);
        db.Messages.Add(message);
        conversation.Status = ConversationStatus.HandedOff;
        conversation.UpdatedAt = now;
        conversation.Version++;
        db.AuditEvents.Add(AuditLog.Event("conversation.handed_off", actor, now,
            new { handoffId = handoff.Id, reasons, urgent, replyExpectedBy = nextOpening, toldCustomer = text },
            conversation.FirmId, conversation.Id, turnId));
        return message;
    }

    public async Task HandOffAsync(TandemDbContext db, Conversation conversation, LoadedFirm firm, Guid? turnId, IReadOnlyList<string> reasons, bool urgent, string actor, CancellationToken ct)
    {
        var message = Stage(db, conversation, firm, turnId, reasons, urgent, actor);
        await db.SaveChangesAsync(ct);
        Announce(conversation, message);
    }

    public void Announce(Conversation conversation, Message message)
    {
        events.Publish(new ConversationEvent("message", conversation.Id, conversation.FirmId, MessageDto.From(message)));
        events.Publish(new ConversationEvent("status", conversation.Id, conversation.FirmId, new { status = conversation.Status }));
        events.Publish(new ConversationEvent("inbox", conversation.Id, conversation.FirmId, null));
    }

    private static string FormatOpening(DateTimeOffset instant, LoadedFirm firm)
    {
        var local = TimeZoneInfo.ConvertTime(instant, firm.Hours.Zone);
        return local.ToString("dddd d MMMM 'at' HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
    }
}

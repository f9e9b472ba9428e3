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
    public Message Stage(TandemDbContext db, Conversation conversation, LoadedFirm firm, Guid? turnId, IReadOnlyList<string> reasons, bool urgent, string actor, string? topic = null)
    {
        var now = clock.GetUtcNow();
        var nextOpening = firm.Hours.NextOpening(now);
        var open = nextOpening == now;
        var profile = firm.Pack.Profile;
        var topicDefinition = topic is null ? null : firm.Pack.FindTopic(topic);
        // The urgent message (with the helpline) replaces the ordinary one; a topic may word its own handoff.
        var template = (urgent, open) switch
        {
            (true, true) => profile.UrgentMessage,
            (true, false) => profile.UrgentOutOfHoursMessage ?? profile.UrgentMessage + "\n\n" + profile.OutOfHoursMessage,
            (false, true) => topicDefinition?.HandoffMessage ?? profile.HandoffMessage,
            (false, false) => topicDefinition?.OutOfHoursHandoffMessage ?? profile.OutOfHoursMessage,
        };
        var text = Fill(template, nextOpening, firm);
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

    /// <summary>The firm's holding message for a draft waiting for review, out-of-hours wording when closed.</summary>
    public Message Holding(Conversation conversation, LoadedFirm firm, Guid turnId)
    {
        var now = clock.GetUtcNow();
        var nextOpening = firm.Hours.NextOpening(now);
        var template = nextOpening == now ? firm.Pack.Profile.HoldingMessage : firm.Pack.Profile.HoldingOutOfHoursMessage ?? firm.Pack.Profile.HoldingMessage;
        return new Message
        {
            Id = Guid.NewGuid(),
            ConversationId = conversation.Id,
            Author = Authors.System,
            Text = Fill(template, nextOpening, firm),
            TurnId = turnId,
            CreatedAt = now,
        };
    }

    private static string Fill(string template, DateTimeOffset nextOpening, LoadedFirm firm) =>
        template.Replace("{next_opening}", FormatOpening(nextOpening, firm), StringComparison.Ordinal);

    private static string FormatOpening(DateTimeOffset instant, LoadedFirm firm)
    {
        var local = TimeZoneInfo.ConvertTime(instant, firm.Hours.Zone);
        return local.ToString("dddd d MMMM 'at' HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
    }
}

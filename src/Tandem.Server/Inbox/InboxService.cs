using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Actions;
using Tandem.Data.Conversations;
using Tandem.Server.Access;
using Tandem.Server.Actions;
using Tandem.Server.Audit;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;
using Tandem.Server.Insights;
using Tandem.Server.Realtime;

namespace Tandem.Server.Inbox;

/// <summary>What an agent action came to: done, or a problem to show (status code, title, detail).</summary>
internal sealed record InboxResult(int Status, string? Title = null, string? Detail = null)
{
    public static readonly InboxResult Done = new(StatusCodes.Status200OK);
    public bool Ok => Status < 300;
    public static InboxResult NotFound(string detail) => new(StatusCodes.Status404NotFound, "not found", detail);
    public static InboxResult Conflict(string detail) => new(StatusCodes.Status409Conflict, "conflict", detail);
    public static InboxResult Invalid(string title, string detail) => new(StatusCodes.Status400BadRequest, title, detail);
}

internal sealed record InboxItem(
    string Kind,
    Guid ConversationId,
    string Firm,
    DateTimeOffset WaitingSince,
    string? Topic,
    IReadOnlyList<SignalDto> Signals,
    string? LastCustomerMessage,
    Guid? DraftId,
    string? Draft,
    IReadOnlyList<CitationDto> Citations,
    IReadOnlyList<string> Reasons,
    string? Explanation,
    bool Urgent,
    string? AssignedTo,
    int Version,
    IReadOnlyList<ActionCallDto> ProposedActions,
    int ReviewTargetMinutes,
    bool PastTarget);

/// <summary>
/// The agent's side of a conversation: the queue, and approve / edit / reject / take over / reply /
/// resolve. Used by the HTTP API and by the Blazor inbox, so both follow the same rules. Every action
/// bumps the conversation's version, so when two agents act at once the second gets a conflict.
/// </summary>
internal sealed class InboxService(TandemDbContext db, TimeProvider clock, ConversationEvents events, AutoDemotion demotion, FirmRegistry firms, CustomerDirectory customers)
{
    /// <summary>Firm and topic of each review this action adds: checked for regression once saved.</summary>
    private readonly List<(string Firm, string? Topic)> _reviewed = [];

    /// <param name="topic">Only items on this topic.</param>
    /// <param name="signal">Only items whose turn raised this signal (complaint, vulnerability, …).</param>
    public async Task<List<InboxItem>> QueueAsync(ClaimsPrincipal user, string? firm, CancellationToken ct, string? topic = null, string? signal = null)
    {
        var firmClaim = user.FindFirstValue(TandemClaims.Firm) ?? "";
        var conversations = db.Conversations.AsNoTracking().Where(c => firmClaim == "*" || c.FirmId == firmClaim);
        if (!string.IsNullOrEmpty(firm))
        {
            conversations = conversations.Where(c => c.FirmId == firm);
        }
        var waiting = await conversations
            .Where(c => c.Status == ConversationStatus.HandedOff || db.Drafts.Any(d => d.ConversationId == c.Id && d.Status == DraftStatus.Pending)
                || db.ActionCalls.Any(a => a.ConversationId == c.Id && a.Status == ActionCallStatus.Proposed))
            .ToListAsync(ct);
        var ids = waiting.Select(c => c.Id).ToList();
        var drafts = await db.Drafts.AsNoTracking().Where(d => ids.Contains(d.ConversationId) && d.Status == DraftStatus.Pending).ToListAsync(ct);
        var turns = await db.Turns.AsNoTracking().Where(t => ids.Contains(t.ConversationId) && t.Status != TurnStatus.Pending).ToListAsync(ct);
        var lastCustomer = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.ConversationId) && m.Author == Authors.Customer).ToListAsync(ct);
        var handoffs = await db.Handoffs.AsNoTracking().Where(h => ids.Contains(h.ConversationId)).ToListAsync(ct);
        // Proposed actions are shown beside the draft: the agent approves or refuses them separately.
        var proposals = await db.ActionCalls.AsNoTracking().Where(a => ids.Contains(a.ConversationId) && a.Status == ActionCallStatus.Proposed).ToListAsync(ct);

        var items = new List<InboxItem>();
        var now = clock.GetUtcNow();
        foreach (var c in waiting)
        {
            var draft = drafts.Where(d => d.ConversationId == c.Id).MaxBy(d => d.CreatedAt);
            var turn = draft is not null ? turns.FirstOrDefault(t => t.Id == draft.TurnId) : turns.Where(t => t.ConversationId == c.Id).MaxBy(t => t.CreatedAt);
            var lastMessage = lastCustomer.Where(m => m.ConversationId == c.Id).MaxBy(m => m.CreatedAt);
            var handoff = handoffs.Where(h => h.ConversationId == c.Id).MaxBy(h => h.RequestedAt);
            var proposed = proposals.Where(a => a.ConversationId == c.Id).OrderBy(a => a.CreatedAt).ToList();
            var kind = c.Status == ConversationStatus.HandedOff ? "handoff" : draft is not null || proposed.Count > 0 ? "review" : "handoff";
            var since = kind == "review" ? draft?.CreatedAt ?? proposed[0].CreatedAt : handoff?.RequestedAt ?? c.UpdatedAt;
            // The firm's own review-time target (firm.yaml reviewTargetMinutes), not one for every firm.
            var target = firms.Find(c.FirmId)?.Pack.Profile.ReviewTargetMinutes ?? 15;
            items.Add(new InboxItem(kind, c.Id, c.FirmId, since, turn?.Topic,
                turn is null ? [] : Json.Read<List<SignalDto>>(turn.SignalsJson),
                lastMessage?.Text, draft?.Id, draft?.Text,
                draft is null ? [] : Json.Read<List<CitationDto>>(draft.CitationsJson),
                turn is null ? [] : Json.Read<List<string>>(turn.ReasonsJson),
                turn?.Explanation, handoff?.Urgent ?? false, c.AssignedTo, c.Version, [.. proposed.Select(ActionCallDto.From)],
                target, now - since > TimeSpan.FromMinutes(target)));
        }
        if (!string.IsNullOrWhiteSpace(topic))
        {
            items.RemoveAll(i => i.Topic != topic);
        }
        if (!string.IsNullOrWhiteSpace(signal))
        {
            items.RemoveAll(i => !i.Signals.Any(s => s.Kind == signal));
        }
        // Urgent first, then oldest first: the order the firm's policy asks agents to clear the queue.
        return [.. items.OrderByDescending(i => i.Urgent).ThenBy(i => i.WaitingSince)];
    }

    /// <param name="version">The conversation's version the agent saw; null skips the check (older API clients).</param>
    /// <summary>The conversation beside a queue item; null when there is none.</summary>
    public Task<InboxConversationView?> ViewAsync(Guid conversationId, CancellationToken ct) => InboxConversations.LoadAsync(db, customers, conversationId, ct);

    public Task<InboxResult> ApproveAsync(Guid draftId, string actor, CancellationToken ct, int? version = null) =>
        SendDraftAsync(draftId, null, actor, critical: false, version, ct);

    /// <param name="critical">The agent marks the draft a serious error (support policy section 11).</param>
    public Task<InboxResult> EditAsync(Guid draftId, string? text, string actor, CancellationToken ct, bool critical = false, int? version = null) =>
        string.IsNullOrWhiteSpace(text)
            ? Task.FromResult(InboxResult.Invalid("text is required", "An edited draft needs the text to send."))
            : SendDraftAsync(draftId, text.Trim(), actor, critical, version, ct);

    private async Task<InboxResult> SendDraftAsync(Guid draftId, string? editedText, string actor, bool critical, int? version, CancellationToken ct)
    {
        var (draft, problem) = await PendingDraftAsync(draftId, ct);
        if (draft is null)
        {
            return problem!;
        }
        var conversation = await db.Conversations.FirstAsync(c => c.Id == draft.ConversationId, ct);
        if (await StaleAsync(conversation, version, ct) is { } stale)
        {
            return stale;
        }
        var now = clock.GetUtcNow();
        var edited = editedText is not null && editedText != draft.Text;
        var text = editedText ?? draft.Text;
        if (text.Length == 0)
        {
            return InboxResult.Invalid("draft is empty", "The assistant had no answer to approve; edit it with your reply, or take over.");
        }
        draft.Status = edited ? DraftStatus.Edited : DraftStatus.Approved;
        draft.ReviewedAt = now;
        var distance = edited ? Rules.Text.EditDistance.Normalised(draft.Text, text) : 0;
        // A serious error is marked on what the agent changed; an unchanged draft cannot be one.
        AddReview(draft, edited ? ReviewOutcome.Edited : ReviewOutcome.Approved, actor, now, finalText: text, editDistance: distance, critical: edited && critical);
        // An unchanged draft is the assistant's words, approved; an edited one is the agent's.
        var message = new Message
        {
            Id = Guid.NewGuid(),
            ConversationId = conversation.Id,
            Author = edited ? Authors.Agent : Authors.Ai,
            AuthorName = edited ? actor : null,
            Text = text,
            CitationsJson = draft.CitationsJson,
            TurnId = draft.TurnId,
            CreatedAt = now,
        };
        db.Messages.Add(message);
        Touch(conversation, now);
        db.AuditEvents.Add(AuditLog.Event(edited ? "draft.edited" : "draft.approved", actor, now,
            new { draftId = draft.Id, messageId = message.Id, draft = draft.Text, sent = text, editDistance = distance, critical = edited && critical },
            conversation.FirmId, conversation.Id, draft.TurnId));
        return await SaveAsync(conversation, [message], ct);
    }

    public async Task<InboxResult> RejectAsync(Guid draftId, string? reason, string actor, CancellationToken ct, bool critical = false, int? version = null)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return InboxResult.Invalid("reason is required", "Say in a line why the draft was rejected, e.g. \"wrong refund amount\".");
        }
        var (draft, problem) = await PendingDraftAsync(draftId, ct);
        if (draft is null)
        {
            return problem!;
        }
        var conversation = await db.Conversations.FirstAsync(c => c.Id == draft.ConversationId, ct);
        if (await StaleAsync(conversation, version, ct) is { } stale)
        {
            return stale;
        }
        var now = clock.GetUtcNow();
        draft.Status = DraftStatus.Rejected;
        draft.ReviewedAt = now;
        AddReview(draft, ReviewOutcome.Rejected, actor, now, reason: reason.Trim(), critical: critical);
        // The agent now owes the customer a reply: the conversation is theirs.
        conversation.AssignedTo = actor;
        conversation.Status = ConversationStatus.HandedOff;
        Touch(conversation, now);
        db.AuditEvents.Add(AuditLog.Event("draft.rejected", actor, now, new { draftId = draft.Id, reason = reason.Trim(), draft = draft.Text, critical },
            conversation.FirmId, conversation.Id, draft.TurnId));
        return await SaveAsync(conversation, [], ct);
    }

    public async Task<InboxResult> TakeOverAsync(Guid conversationId, string actor, CancellationToken ct, int? version = null)
    {
        var (conversation, missing) = await ConversationAsync(conversationId, ct);
        if (conversation is null)
        {
            return missing!;
        }
        if (await StaleAsync(conversation, version, ct) is { } stale)
        {
            return stale;
        }
        if (conversation.AssignedTo is { } owner && owner != actor)
        {
            return InboxResult.Conflict($"{owner} already has this conversation.");
        }
        var now = clock.GetUtcNow();
        var joined = new List<Message>();
        if (conversation.AssignedTo is null)
        {
            await ClaimAsync(conversation, actor, now, ct);
            var message = new Message
            {
                Id = Guid.NewGuid(),
                ConversationId = conversation.Id,
                Author = Authors.System,
                Text = $"{actor} from the team has joined the conversation.",
                CreatedAt = now,
            };
            db.Messages.Add(message);
            joined.Add(message);
        }
        Touch(conversation, now);
        db.AuditEvents.Add(AuditLog.Event("conversation.taken_over", actor, now, new { }, conversation.FirmId, conversation.Id));
        return await SaveAsync(conversation, joined, ct);
    }

    public async Task<InboxResult> ReplyAsync(Guid conversationId, string? text, string actor, CancellationToken ct, int? version = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return InboxResult.Invalid("text is required", "A reply needs some text.");
        }
        var (conversation, missing) = await ConversationAsync(conversationId, ct);
        if (conversation is null)
        {
            return missing!;
        }
        if (await StaleAsync(conversation, version, ct) is { } stale)
        {
            return stale;
        }
        if (conversation.AssignedTo is { } owner && owner != actor)
        {
            return InboxResult.Conflict($"{owner} has this conversation; take it over only after they release it.");
        }
        var now = clock.GetUtcNow();
        if (conversation.AssignedTo is null)
        {
            await ClaimAsync(conversation, actor, now, ct);
        }
        var message = new Message
        {
            Id = Guid.NewGuid(),
            ConversationId = conversation.Id,
            Author = Authors.Agent,
            AuthorName = actor,
            Text = text.Trim(),
            CreatedAt = now,
        };
        db.Messages.Add(message);
        Touch(conversation, now);
        db.AuditEvents.Add(AuditLog.Event("agent.replied", actor, now, new { messageId = message.Id, text = message.Text }, conversation.FirmId, conversation.Id));
        return await SaveAsync(conversation, [message], ct);
    }

    public async Task<InboxResult> ResolveAsync(Guid conversationId, string actor, CancellationToken ct, int? version = null)
    {
        var (conversation, missing) = await ConversationAsync(conversationId, ct);
        if (conversation is null)
        {
            return missing!;
        }
        if (await StaleAsync(conversation, version, ct) is { } stale)
        {
            return stale;
        }
        var now = clock.GetUtcNow();
        foreach (var draft in await db.Drafts.Where(d => d.ConversationId == conversationId && d.Status == DraftStatus.Pending).ToListAsync(ct))
        {
            draft.Status = DraftStatus.Superseded;
        }
        conversation.Status = ConversationStatus.Resolved;
        conversation.ResolvedAt = now;
        conversation.AssignedTo = null;
        Touch(conversation, now);
        db.AuditEvents.Add(AuditLog.Event("conversation.resolved", actor, now, new { }, conversation.FirmId, conversation.Id));
        return await SaveAsync(conversation, [], ct);
    }

    /// <summary>The agent takes the conversation: waiting drafts count as taken over, open handoffs as accepted.</summary>
    private async Task ClaimAsync(Conversation conversation, string actor, DateTimeOffset now, CancellationToken ct)
    {
        conversation.AssignedTo = actor;
        conversation.Status = ConversationStatus.HandedOff;
        foreach (var draft in await db.Drafts.Where(d => d.ConversationId == conversation.Id && d.Status == DraftStatus.Pending).ToListAsync(ct))
        {
            draft.Status = DraftStatus.TakenOver;
            draft.ReviewedAt = now;
            AddReview(draft, ReviewOutcome.TakenOver, actor, now);
        }
        foreach (var handoff in await db.Handoffs.Where(h => h.ConversationId == conversation.Id && h.AcceptedAt == null).ToListAsync(ct))
        {
            handoff.AcceptedBy = actor;
            handoff.AcceptedAt = now;
        }
    }

    private async Task<(Conversation? Conversation, InboxResult? Problem)> ConversationAsync(Guid conversationId, CancellationToken ct)
    {
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        return conversation is null ? (null, InboxResult.NotFound($"No conversation '{conversationId}'.")) : (conversation, null);
    }

    private async Task<(Draft? Draft, InboxResult? Problem)> PendingDraftAsync(Guid draftId, CancellationToken ct)
    {
        var draft = await db.Drafts.FirstOrDefaultAsync(d => d.Id == draftId, ct);
        if (draft is null)
        {
            return (null, InboxResult.NotFound($"No draft '{draftId}'."));
        }
        if (draft.Status == DraftStatus.Pending)
        {
            return (draft, null);
        }
        // Name who got there first: the second agent needs to know the customer already has an answer, and from whom.
        var review = await db.Reviews.AsNoTracking().Where(r => r.DraftId == draftId).Select(r => new { r.Reviewer, r.Outcome }).FirstOrDefaultAsync(ct);
        var detail = review is null
            ? $"This draft is already {draft.Status.Replace('_', ' ')}."
            : $"{review.Reviewer} already {Done(review.Outcome)} this draft.";
        return (null, InboxResult.Conflict(detail));
    }

    /// <summary>
    /// The optimistic-concurrency rule the console relies on: an action carries the conversation version the
    /// agent was looking at, and if anyone has acted since, it is refused with who did what, so nothing is
    /// sent on a view of the conversation that is no longer true.
    /// </summary>
    private async Task<InboxResult?> StaleAsync(Conversation conversation, int? version, CancellationToken ct)
    {
        if (version is not { } seen || seen == conversation.Version)
        {
            return null;
        }
        var last = await db.AuditEvents.AsNoTracking().Where(e => e.ConversationId == conversation.Id)
            .OrderByDescending(e => e.Sequence).Select(e => new { e.Actor, e.Kind }).FirstOrDefaultAsync(ct);
        var what = last switch
        {
            null or { Actor: "system" } => "The conversation changed",
            { Actor: "customer" } => "The customer wrote again",
            _ => $"{last.Actor} {Describe(last.Kind)}",
        };
        return InboxResult.Conflict($"{what} after you opened it. Nothing was sent: look at the conversation again before you act.");
    }

    private static string Done(string outcome) => outcome switch
    {
        ReviewOutcome.Approved => "approved and sent",
        ReviewOutcome.Edited => "edited and sent",
        ReviewOutcome.Rejected => "rejected",
        ReviewOutcome.TakenOver => "took over the conversation and set aside",
        _ => outcome.Replace('_', ' '),
    };

    private static string Describe(string kind) => kind switch
    {
        "draft.approved" => "approved and sent the draft",
        "draft.edited" => "edited and sent the draft",
        "draft.rejected" => "rejected the draft",
        "conversation.taken_over" => "took the conversation over",
        "agent.replied" => "replied to the customer",
        "conversation.resolved" => "resolved the conversation",
        _ when kind.StartsWith("action.", StringComparison.Ordinal) => "decided on a proposed action",
        _ => "changed the conversation",
    };

    /// <summary>The agent's verdict on a draft, with how long the draft waited: the raw material of the override rate.</summary>
    private void AddReview(Draft draft, string outcome, string actor, DateTimeOffset now, string? finalText = null, double? editDistance = null, string? reason = null, bool critical = false)
    {
        _reviewed.Add((draft.FirmId, draft.Topic));
        db.Reviews.Add(new Review
        {
            Id = Guid.NewGuid(),
            DraftId = draft.Id,
            ConversationId = draft.ConversationId,
            FirmId = draft.FirmId,
            Topic = draft.Topic,
            Outcome = outcome,
            Reviewer = actor,
            FinalText = finalText,
            EditDistance = editDistance,
            Reason = reason,
            ReviewSeconds = (now - draft.CreatedAt).TotalSeconds,
            Critical = critical,
            CreatedAt = now,
        });
    }

    private static void Touch(Conversation conversation, DateTimeOffset now)
    {
        conversation.UpdatedAt = now;
        conversation.Version++;
    }

    private async Task<InboxResult> SaveAsync(Conversation conversation, IReadOnlyList<Message> messages, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrency token or a unique review per draft stopped a second agent's action.
            _reviewed.Clear();
            return InboxResult.Conflict("Another agent changed this conversation at the same moment. Reload it and try again.");
        }
        // After the review is committed: a regressing autonomous topic goes back to co-pilot before the next turn.
        foreach (var (firm, topic) in _reviewed.Distinct().ToList())
        {
            await demotion.CheckAsync(firm, topic, ct);
        }
        _reviewed.Clear();
        foreach (var m in messages)
        {
            events.Publish(new ConversationEvent("message", conversation.Id, conversation.FirmId, MessageDto.From(m)));
        }
        events.Publish(new ConversationEvent("status", conversation.Id, conversation.FirmId, new { status = conversation.Status }));
        events.Publish(new ConversationEvent("inbox", conversation.Id, conversation.FirmId, null));
        return InboxResult.Done;
    }
}

using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Rules.Readiness;
using Tandem.Server.Conversations;

namespace Tandem.Server.Insights;

/// <summary>What the metrics need to know about one conversation, worked out from its rows.</summary>
internal sealed record ConversationFacts
{
    public required Guid Id { get; init; }
    public required string Channel { get; init; }
    public required Guid? CustomerId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The topic of the conversation's first turn: what the customer came about.</summary>
    public required string? Topic { get; init; }
    /// <summary>The first turn was answered or drafted by the assistant (send or review).</summary>
    public required bool AiFirst { get; init; }
    /// <summary>Handed to a person at any point: a handoff, or a draft rejected or taken over.</summary>
    public required bool HandedToPerson { get; init; }
    /// <summary>A complaint after the first turn: a complaint signal, or a handoff whose reasons name a complaint.</summary>
    public required bool Complaint { get; init; }
    public required bool Vulnerable { get; init; }
    public required bool ResolvedConfirmed { get; init; }
    public required bool ResolvedAssumed { get; init; }
    public required TimeSpan? FirstResponse { get; init; }
    public required TimeSpan? Resolution { get; init; }
    /// <summary>A person wrote a reply of their own (not an approved or edited draft).</summary>
    public bool AgentWrote { get; init; }
    /// <summary>A person approved or edited one of the assistant's drafts in this conversation.</summary>
    public bool DraftReviewed { get; init; }
    /// <summary>The customer wrote last (nothing from our side since).</summary>
    public bool CustomerHadLastWord { get; init; }
    /// <summary>When anyone (not a system notice) last wrote.</summary>
    public DateTimeOffset? LastActivity { get; init; }
    /// <summary>The customer's satisfaction score, 1-5, if they gave one.</summary>
    public int? CsatScore { get; init; }
}

/// <summary>One reviewed draft with what the override rate needs.</summary>
internal sealed record ReviewRow(string? Topic, string Channel, bool Vulnerable, DateTimeOffset CreatedAt, ReviewFacts Facts);

/// <summary>The rows of a firm over a window, read once and turned into facts.</summary>
internal sealed record InsightsData(IReadOnlyList<ConversationFacts> Conversations, IReadOnlyList<ReviewRow> Reviews)
{
    /// <summary>How far back conversations are read before the window, so a repeat contact can see the one it repeats.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromDays(7);

    /// <summary>A conversation whose last word was ours and the customer has not written for this long is assumed resolved.</summary>
    public static readonly TimeSpan AssumedResolvedAfter = TimeSpan.FromHours(24);

    public static async Task<InsightsData> LoadAsync(TandemDbContext db, string firm, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reviews = await db.Reviews.AsNoTracking()
            .Where(r => r.FirmId == firm && r.CreatedAt >= from && r.CreatedAt < to)
            .Join(db.Drafts.AsNoTracking(), r => r.DraftId, d => d.Id, (r, d) => new { Review = r, DraftText = d.Text })
            .ToListAsync(ct);
        var reviewedConversationIds = reviews.Select(r => r.Review.ConversationId).Distinct().ToList();
        var readFrom = from - RepeatWindow;
        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => c.FirmId == firm && ((c.CreatedAt >= readFrom && c.CreatedAt < to) || reviewedConversationIds.Contains(c.Id)))
            .ToListAsync(ct);
        var ids = conversations.Select(c => c.Id).ToList();
        var turns = (await db.Turns.AsNoTracking()
            .Where(t => ids.Contains(t.ConversationId) && t.Status != TurnStatus.Pending)
            .Select(t => new { t.ConversationId, t.CreatedAt, t.Topic, t.Decision, t.SignalsJson })
            .ToListAsync(ct)).ToLookup(t => t.ConversationId);
        var messages = (await db.Messages.AsNoTracking()
            .Where(m => ids.Contains(m.ConversationId))
            .Select(m => new { m.ConversationId, m.Author, m.CreatedAt, m.TurnId })
            .ToListAsync(ct)).ToLookup(m => m.ConversationId);
        var handoffs = (await db.Handoffs.AsNoTracking()
            .Where(h => ids.Contains(h.ConversationId))
            .Select(h => new { h.ConversationId, h.RequestedAt, h.ReasonsJson })
            .ToListAsync(ct)).ToLookup(h => h.ConversationId);
        var outcomes = (await db.Reviews.AsNoTracking()
            .Where(r => ids.Contains(r.ConversationId))
            .Select(r => new { r.ConversationId, r.Outcome })
            .ToListAsync(ct)).ToLookup(r => r.ConversationId, r => r.Outcome);
        var agentTook = outcomes.Where(g => g.Any(o => o is ReviewOutcome.Rejected or ReviewOutcome.TakenOver)).Select(g => g.Key).ToHashSet();

        var facts = new List<ConversationFacts>();
        foreach (var c in conversations)
        {
            var ordered = turns[c.Id].OrderBy(t => t.CreatedAt).ToList();
            if (ordered.Count == 0)
            {
                continue; // Opened, never written in: nothing to measure.
            }
            var first = ordered[0];
            var signals = ordered.Select(t => Json.Read<List<SignalDto>>(t.SignalsJson)).ToList();
            var complaint = signals.Skip(1).Any(s => s.Any(x => x.Kind == "complaint"))
                || handoffs[c.Id].Any(h => h.RequestedAt > first.CreatedAt && h.ReasonsJson.Contains("complaint", StringComparison.Ordinal));
            var said = messages[c.Id].OrderBy(m => m.CreatedAt).ToList();
            var firstCustomer = said.FirstOrDefault(m => m.Author == Authors.Customer);
            var firstAnswer = firstCustomer is null ? null
                : said.FirstOrDefault(m => (m.Author == Authors.Ai || m.Author == Authors.Agent) && m.CreatedAt >= firstCustomer.CreatedAt);
            var lastWord = said.LastOrDefault(m => m.Author != Authors.System);
            var asOf = now < to ? now : to;
            var confirmed = c.ResolvedAt is not null && c.Status == ConversationStatus.Resolved;
            var assumed = !confirmed && lastWord is not null && lastWord.Author != Authors.Customer && asOf - lastWord.CreatedAt >= AssumedResolvedAfter;
            facts.Add(new ConversationFacts
            {
                Id = c.Id,
                Channel = c.Channel,
                CustomerId = c.CustomerId,
                CreatedAt = c.CreatedAt,
                Topic = first.Topic,
                AiFirst = first.Decision is "send" or "review",
                HandedToPerson = handoffs[c.Id].Any() || agentTook.Contains(c.Id),
                Complaint = complaint,
                Vulnerable = signals.Any(s => s.Any(x => x.Kind == "vulnerability")),
                ResolvedConfirmed = confirmed,
                ResolvedAssumed = assumed,
                FirstResponse = firstCustomer is not null && firstAnswer is not null ? firstAnswer.CreatedAt - firstCustomer.CreatedAt : null,
                Resolution = confirmed && firstCustomer is not null ? c.ResolvedAt!.Value - firstCustomer.CreatedAt : null,
                // An edited draft carries its turn; a reply the agent wrote themselves does not.
                AgentWrote = said.Any(m => m.Author == Authors.Agent && m.TurnId is null),
                DraftReviewed = outcomes[c.Id].Any(o => o is ReviewOutcome.Approved or ReviewOutcome.Edited),
                CustomerHadLastWord = lastWord?.Author == Authors.Customer,
                LastActivity = lastWord?.CreatedAt,
                CsatScore = c.CsatScore,
            });
        }
        var byId = facts.ToDictionary(f => f.Id);
        var channels = conversations.ToDictionary(c => c.Id, c => c.Channel);
        var reviewRows = reviews.Select(r => new ReviewRow(
            r.Review.Topic,
            channels.GetValueOrDefault(r.Review.ConversationId, ""),
            byId.TryGetValue(r.Review.ConversationId, out var f) && f.Vulnerable,
            r.Review.CreatedAt,
            new ReviewFacts(r.Review.Outcome, r.DraftText, r.Review.FinalText, r.Review.EditDistance, r.Review.Critical))).ToList();
        return new InsightsData(facts, reviewRows);
    }
}

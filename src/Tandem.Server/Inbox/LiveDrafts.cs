using System.Security.Claims;
using System.Text.Json;
using Tandem.Server.Access;
using Tandem.Server.Realtime;

namespace Tandem.Server.Inbox;

/// <summary>A co-pilot draft the language model is still writing: the sentences released so far, in order.</summary>
internal sealed record LiveDraft(Guid ConversationId, Guid TurnId, string Firm, IReadOnlyList<string> Sentences, DateTimeOffset StartedAt, DateTimeOffset LastSeen)
{
    public string Text => string.Join(" ", Sentences);
}

/// <summary>
/// What one inbox page shows of drafts still being written (docs/console-inbox.md, "The live draft").
/// It is fed the page's own <see cref="ConversationEvents"/> subscription: <c>draft-delta</c> adds a
/// sentence; a <c>retract</c> of the turn, or the conversation's <c>inbox</c> event (the turn has
/// committed, so the reviewable draft is in the queue now), drops the live text. Nothing is stored:
/// a live draft is a preview for staff, never the record, and a page opened mid-turn simply waits
/// for the committed draft. Not thread-safe: the page calls it on its renderer's dispatcher.
/// </summary>
internal sealed class LiveDrafts(ClaimsPrincipal user, TimeProvider clock)
{
    /// <summary>
    /// A turn that died without a word (a node stopped mid-turn) would leave its preview up for ever;
    /// the turn budget is seconds, so a minute of silence means the preview no longer stands for anything.
    /// </summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Guid, Entry> _byConversation = [];

    public IReadOnlyList<LiveDraft> All =>
        [.. _byConversation.Values.OrderBy(e => e.StartedAt).Select(e => e.View())];

    public LiveDraft? For(Guid conversationId) =>
        _byConversation.TryGetValue(conversationId, out var entry) ? entry.View() : null;

    /// <summary>Takes one published event into account; true when what the page shows has changed.</summary>
    public bool Apply(ConversationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        // Firm isolation, as for every other part of the inbox: another firm's drafts are not even held.
        if (!user.IsStaffOrViewer() || !user.CanSeeFirm(e.FirmId))
        {
            return false;
        }
        switch (e.Type)
        {
            case "draft-delta":
                if (Read(e.Data) is not { TurnId: var turnId, Index: var index, Text: { } text })
                {
                    return false;
                }
                var now = clock.GetUtcNow();
                if (!_byConversation.TryGetValue(e.ConversationId, out var entry) || entry.TurnId != turnId)
                {
                    // A new turn's draft replaces whatever an earlier turn left behind.
                    entry = new Entry(e.ConversationId, turnId, e.FirmId, now);
                    _byConversation[e.ConversationId] = entry;
                }
                entry.Sentences[index] = text;
                entry.LastSeen = now;
                return true;
            case "retract":
                return Read(e.Data) is { TurnId: var retracted }
                    && _byConversation.TryGetValue(e.ConversationId, out var current) && current.TurnId == retracted
                    && _byConversation.Remove(e.ConversationId);
            case "inbox":
                return _byConversation.Remove(e.ConversationId);
            default:
                return false;
        }
    }

    /// <summary>Drops previews whose turn has gone quiet for <see cref="Abandoned"/>; true when any went.</summary>
    public bool DropAbandoned()
    {
        var cutoff = clock.GetUtcNow() - Abandoned;
        var quiet = _byConversation.Where(p => p.Value.LastSeen < cutoff).Select(p => p.Key).ToList();
        foreach (var id in quiet)
        {
            _byConversation.Remove(id);
        }
        return quiet.Count > 0;
    }

    private static Payload? Read(object? data)
    {
        if (data is null)
        {
            return null;
        }
        var json = JsonSerializer.SerializeToElement(data);
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("turnId", out var turn) || !turn.TryGetGuid(out var turnId))
        {
            return null;
        }
        var index = json.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) && n >= 0 ? n : (int?)null;
        var text = json.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return new Payload(turnId, index ?? 0, index is null ? null : text);
    }

    private sealed record Payload(Guid TurnId, int Index, string? Text);

    private sealed class Entry(Guid conversationId, Guid turnId, string firm, DateTimeOffset startedAt)
    {
        public Guid TurnId { get; } = turnId;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public DateTimeOffset LastSeen { get; set; } = startedAt;

        /// <summary>By index: events from one publisher arrive in order, but the index, not arrival, is the truth.</summary>
        public SortedDictionary<int, string> Sentences { get; } = [];

        public LiveDraft View() => new(conversationId, TurnId, firm, [.. Sentences.Values], StartedAt, LastSeen);
    }
}

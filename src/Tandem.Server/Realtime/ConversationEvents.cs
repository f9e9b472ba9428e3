using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Tandem.Server.Realtime;

/// <summary>Something changed that a watcher should show: a new message, a status change, or the inbox.</summary>
internal sealed record ConversationEvent(string Type, Guid ConversationId, string FirmId, object? Data);

/// <summary>
/// In-process publish/subscribe for live updates: the widget's event stream and the inbox listen here.
/// Events are published only after the change is committed, and watchers re-read the database on
/// (re)connect, so a missed event costs a refresh, never data. With several nodes, the Redis backplane
/// (docs/architecture.md) carries them between nodes.
/// </summary>
internal sealed class ConversationEvents
{
    private readonly ConcurrentDictionary<Guid, Channel<ConversationEvent>> _subscribers = new();
    // The sentences of a reply being streamed, per conversation, so a watcher that connects mid-stream
    // (the widget opens its event stream just after its first message) still sees them. Ended by the
    // turn's retract or status event; an entry left by a crashed turn is ignored after InFlightLifetime.
    private readonly ConcurrentDictionary<Guid, InFlightReply> _inFlight = new();
    private static readonly TimeSpan InFlightLifetime = TimeSpan.FromMinutes(2);

    public event Action<ConversationEvent>? Published;

    public IDisposable Subscribe(out ChannelReader<ConversationEvent> reader)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<ConversationEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers[id] = channel;
        reader = channel.Reader;
        return new Subscription(() =>
        {
            if (_subscribers.TryRemove(id, out var c))
            {
                c.Writer.TryComplete();
            }
        });
    }

    public void Publish(ConversationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Remember(e);
        foreach (var channel in _subscribers.Values)
        {
            channel.Writer.TryWrite(e);
        }
        Published?.Invoke(e);
    }

    /// <summary>The streamed sentences ("delta" or "draft-delta") of the reply still being written in a conversation, in order.</summary>
    public IReadOnlyList<ConversationEvent> InFlight(Guid conversationId)
    {
        if (!_inFlight.TryGetValue(conversationId, out var reply) || Environment.TickCount64 - reply.StartedAt > InFlightLifetime.TotalMilliseconds)
        {
            return [];
        }
        lock (reply.Events)
        {
            return [.. reply.Events];
        }
    }

    private void Remember(ConversationEvent e)
    {
        switch (e.Type)
        {
            case "delta" or "draft-delta":
                var now = Environment.TickCount64;
                var reply = _inFlight.AddOrUpdate(e.ConversationId, _ => new InFlightReply(now), (_, r) => now - r.StartedAt > InFlightLifetime.TotalMilliseconds ? new InFlightReply(now) : r);
                int count;
                lock (reply.Events)
                {
                    reply.Events.Add(e);
                    count = reply.Events.Count;
                }
                // Entries a crashed turn left behind are swept when a reply starts, not on every sentence.
                if (count == 1)
                {
                    foreach (var (id, stale) in _inFlight)
                    {
                        if (now - stale.StartedAt > InFlightLifetime.TotalMilliseconds)
                        {
                            _inFlight.TryRemove(id, out _);
                        }
                    }
                }
                break;
            case "retract" or "status":
                _inFlight.TryRemove(e.ConversationId, out _);
                break;
        }
    }

    private sealed record InFlightReply(long StartedAt)
    {
        public List<ConversationEvent> Events { get; } = [];
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

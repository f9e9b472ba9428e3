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
        foreach (var channel in _subscribers.Values)
        {
            channel.Writer.TryWrite(e);
        }
        Published?.Invoke(e);
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

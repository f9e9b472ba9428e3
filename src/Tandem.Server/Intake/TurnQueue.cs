using System.Threading.Channels;

namespace Tandem.Server.Intake;

/// <summary>
/// Turn ids waiting to be processed on this node. The database is the durable queue (a turn is
/// pending until a node completes it); this channel only saves the processor from polling for the
/// common case of a message accepted here.
/// </summary>
internal sealed class TurnQueue
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleWriter = false });

    public ChannelReader<Guid> Reader => _channel.Reader;

    public void Enqueue(Guid turnId) => _channel.Writer.TryWrite(turnId);
}

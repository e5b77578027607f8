using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Messaging.RabbitMq;

/// <summary>
/// Reads the ready-message count of this node's consumer queues and their dead-letter queues with passive declares
/// (which never create anything). A queue that does not exist yet is left out.
/// </summary>
internal sealed class RabbitMqQueueDepths(RabbitMqConnections connections, RabbitMqTopology topology, Inbox.ConsumerRegistry consumers) : IQueueDepthProbe
{
    public async Task<IReadOnlyList<QueueDepth>> GetQueueDepthsAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.ConsumerAsync(cancellationToken);
        var depths = new List<QueueDepth>();
        IChannel? channel = null;
        try
        {
            foreach (var invoker in consumers.All)
            {
                foreach (var (queue, dead) in new[] { (topology.QueueOf(invoker.Consumer), false), (topology.DeadQueueOf(invoker.Consumer), true) })
                {
                    channel ??= await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                    try
                    {
                        var ok = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
                        depths.Add(new QueueDepth(queue, invoker.Consumer, dead, ok.MessageCount, ok.ConsumerCount));
                    }
                    catch (OperationInterruptedException)
                    {
                        // 404: not declared yet. The broker closed the channel; the next queue gets a new one.
                        await channel.DisposeAsync();
                        channel = null;
                    }
                }
            }
        }
        finally
        {
            if (channel is not null)
            {
                if (channel.IsOpen)
                {
                    await channel.CloseAsync(CancellationToken.None);
                }

                await channel.DisposeAsync();
            }
        }

        return depths;
    }
}

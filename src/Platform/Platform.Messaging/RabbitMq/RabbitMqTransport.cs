using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Messaging.Internal;
using RabbitMQ.Client;

namespace Platform.Messaging.RabbitMq;

/// <summary>
/// Publishes outbox batches to the product's topic exchange with publisher confirms: a batch is published as a whole,
/// then every confirm is awaited (within <see cref="RabbitMqOptions.ConfirmTimeout"/>). Any nack, timeout, closed
/// channel or missing exchange throws, so the outbox dispatcher keeps the rows and tries again; a failed channel is
/// replaced (and the topology declared again) on the next batch.
/// </summary>
internal sealed partial class RabbitMqTransport(
    RabbitMqConnections connections,
    RabbitMqTopology topology,
    IOptions<RabbitMqOptions> options,
    ILogger<RabbitMqTransport> logger) : IMessageTransport, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    public async Task PublishAsync(IReadOnlyList<MessageEnvelope> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ConfirmTimeout);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var channel = await ChannelAsync(timeout.Token);
            try
            {
                var confirms = new List<Task>(messages.Count);
                foreach (var message in messages)
                {
                    confirms.Add(PublishOneAsync(channel, message, timeout.Token));
                }

                await Task.WhenAll(confirms);
            }
            catch
            {
                // The channel may be closed by the broker (missing exchange) or left with unconfirmed messages: replace it.
                await DropChannelAsync();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task PublishOneAsync(IChannel channel, MessageEnvelope message, CancellationToken cancellationToken)
    {
        var parent = MessagingTelemetry.ParentOf(message.TraceParent ?? message.CorrelationId);
        using var span = RabbitMqMessages.Source.StartActivity($"{message.MessageType} publish", ActivityKind.Producer, parent);
        span?.SetTag("messaging.system", "rabbitmq");
        span?.SetTag("messaging.destination.name", topology.Exchange);
        span?.SetTag("messaging.message.id", message.MessageId.ToString());
        var properties = RabbitMqMessages.Properties(message, span?.Id ?? message.TraceParent ?? RabbitMqMessages.TraceParent(message.CorrelationId, null));
        // Not mandatory: an event nobody subscribes to is simply dropped, as with the in-process transport.
        await channel.BasicPublishAsync(topology.Exchange, message.MessageType, mandatory: false, properties, Encoding.UTF8.GetBytes(message.Payload), cancellationToken);
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        await DropChannelAsync();
        var connection = await connections.PublisherAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        try
        {
            await topology.DeclareAsync(channel, cancellationToken);
        }
        catch
        {
            await channel.DisposeAsync();
            throw;
        }

        _channel = channel;
        return channel;
    }

    private async Task DropChannelAsync()
    {
        var channel = _channel;
        _channel = null;
        if (channel is null)
        {
            return;
        }

        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCloseFailed(ex);
        }

        await channel.DisposeAsync();
    }

    /// <summary>Closes the channel; safe to call twice (the container disposes it under both of its registrations).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await DropChannelAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the RabbitMQ publishing channel failed")]
    private partial void LogCloseFailed(Exception exception);
}

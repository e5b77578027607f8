using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Messaging.Inbox;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Platform.Messaging.RabbitMq;

/// <summary>
/// Consumes every consumer queue of this node (one channel each, prefetch <see cref="RabbitMqOptions.Prefetch"/>)
/// through the same invoker the in-process worker uses: inbox check, handler and inbox row in one transaction.
/// A message is acknowledged only after that transaction committed (or the inbox showed it handled before). On
/// failure it is republished, confirmed, to the consumer's delay queue for its attempt with an attempt header and
/// only then acknowledged; after <see cref="MessagingOptions.MaxAttempts"/> it is recorded dead in the deliveries
/// table and rejected to the dead-letter exchange. A node that dies before acknowledging loses nothing: the broker
/// redelivers and the inbox turns the repeat into a no-op.
/// </summary>
internal sealed partial class RabbitMqConsumerHost(
    IServiceProvider services,
    ConsumerRegistry consumers,
    RabbitMqConnections connections,
    RabbitMqTopology topology,
    RabbitMqDeadLetters deadLetters,
    IOptions<RabbitMqOptions> options,
    IOptions<MessagingOptions> settings,
    ILogger<RabbitMqConsumerHost> logger) : BackgroundService
{
    private readonly List<(IChannel Channel, string Tag)> _subscriptions = [];
    private readonly CancellationTokenSource _abort = new();
    private int _inFlight;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Even with no consumers the node connects and declares the exchanges: readiness then reflects the broker,
        // and publishers never hit a missing exchange.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SubscribeAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSubscribeFailed(ex, options.Value.ReconnectDelay);
                await CloseChannelsAsync();
            }

            try
            {
                await Task.Delay(options.Value.ReconnectDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.ConsumerAsync(cancellationToken);
        await using (var declare = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await topology.DeclareAsync(declare, cancellationToken);
            await declare.CloseAsync(cancellationToken);
        }

        foreach (var invoker in consumers.All)
        {
            // Confirms on the consuming channel: a retry copy must be safely in its delay queue before the original is acked.
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(
                    publisherConfirmationsEnabled: true,
                    publisherConfirmationTrackingEnabled: true,
                    consumerDispatchConcurrency: Math.Max(options.Value.ConsumerConcurrency, (ushort)1)),
                cancellationToken);
            await channel.BasicQosAsync(0, Math.Max(options.Value.Prefetch, (ushort)1), global: false, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, invoker, delivery);
            var tag = await channel.BasicConsumeAsync(topology.QueueOf(invoker.Consumer), autoAck: false, consumer, cancellationToken);
            _subscriptions.Add((channel, tag));
        }

        LogSubscribed(consumers.All.Count, topology.Exchange);
    }

    private async Task HandleAsync(IChannel channel, IConsumerInvoker invoker, BasicDeliverEventArgs delivery)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await HandleCoreAsync(channel, invoker, delivery);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Typically the channel closed under us (connection lost, shutting down): the message is unacked and the
            // broker redelivers it; the inbox absorbs it if the handler had committed.
            LogAckFailed(ex, invoker.Consumer, delivery.BasicProperties.MessageId);
            if (channel.IsOpen)
            {
                await RequeueAsync(channel, delivery.DeliveryTag);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task HandleCoreAsync(IChannel channel, IConsumerInvoker invoker, BasicDeliverEventArgs delivery)
    {
        var token = _abort.Token;
        if (!RabbitMqMessages.TryRead(delivery.BasicProperties, delivery.Body, invoker.Consumer, out var message, out var headers))
        {
            LogPoison(invoker.Consumer, delivery.BasicProperties.MessageId, delivery.BasicProperties.Type);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: false, CancellationToken.None);
            return;
        }

        using var span = StartProcessSpan(message, headers);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["CorrelationId"] = message.CorrelationId, ["MessageId"] = message.MessageId });
        string? error = null;
        Exception? failure = null;
        try
        {
            var handled = await invoker.InvokeAsync(services, message, token);
            if (!handled)
            {
                LogAlreadyHandled(message.MessageId, invoker.Consumer);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Shutting down: the transaction rolled back; leave the message unacked for the broker to redeliver.
            return;
        }
        catch (Exception ex)
        {
            failure = ex;
            error = $"{ex.GetType().FullName}: {ex.Message}";
            if (error.Length > 2000)
            {
                error = error[..2000];
            }
        }

        var attempts = message.Attempts + 1;
        if (failure is null)
        {
            if (headers.ReplayOf is { } replayed)
            {
                try
                {
                    await deadLetters.MarkReplayHandledAsync(replayed, attempts, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Handled all the same (the inbox has it); the row just stays "pending" for an admin to see.
                    LogMarkReplayFailed(ex, replayed);
                }
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
            return;
        }

        span?.SetStatus(ActivityStatusCode.Error, error);
        LogHandlerFailed(failure, message.MessageId, invoker.Consumer, attempts);
        Internal.MessagingTelemetry.Failures.Add(1, new KeyValuePair<string, object?>("consumer", invoker.Consumer));
        if (attempts >= settings.Value.MaxAttempts)
        {
            try
            {
                await deadLetters.RecordDeadAsync(message, attempts, error!, CancellationToken.None);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: false, CancellationToken.None);
                LogDeadLettered(message.MessageId, invoker.Consumer, attempts);
                Internal.MessagingTelemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("consumer", invoker.Consumer));
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && channel.IsOpen)
            {
                // The dead letter could not be recorded (database down?): keep it alive on the longest delay and try again.
                LogRecordDeadFailed(ex, message.MessageId, invoker.Consumer);
                attempts = settings.Value.MaxAttempts - 1;
            }
        }

        var delay = topology.RetryDelay(attempts);
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.ConfirmTimeout);
            await channel.BasicPublishAsync(
                "", topology.RetryQueueOf(invoker.Consumer, delay), mandatory: true,
                RabbitMqMessages.Copy(delivery.BasicProperties, attempts, error), delivery.Body, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && channel.IsOpen)
        {
            // Not safely in the delay queue: give the original back to the queue instead of acknowledging it.
            LogRetryPublishFailed(ex, message.MessageId, invoker.Consumer);
            await Task.Delay(options.Value.ReconnectDelay, CancellationToken.None);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
            return;
        }

        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
    }

    private async Task RequeueAsync(IChannel channel, ulong deliveryTag)
    {
        try
        {
            await channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCancelFailed(ex);
        }
    }

    private static Activity? StartProcessSpan(DeliveredMessage message, RabbitMqHeaders headers) =>
        Internal.MessagingTelemetry.StartProcessSpan(message.MessageType, message.Consumer, message.MessageId, "rabbitmq", headers.TraceParent);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking new messages, let the ones in hand finish (until the host's shutdown timeout), then close.
        foreach (var (channel, tag) in _subscriptions)
        {
            try
            {
                if (channel.IsOpen)
                {
                    await channel.BasicCancelAsync(tag, noWait: false, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogCancelFailed(ex);
            }
        }

        try
        {
            while (Volatile.Read(ref _inFlight) > 0)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Out of time: abort the handlers; their transactions roll back and the broker redelivers their messages.
            await _abort.CancelAsync();
        }

        await base.StopAsync(cancellationToken);
        await CloseChannelsAsync();
    }

    private async Task CloseChannelsAsync()
    {
        foreach (var (channel, _) in _subscriptions)
        {
            try
            {
                if (channel.IsOpen)
                {
                    await channel.CloseAsync();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogCancelFailed(ex);
            }

            await channel.DisposeAsync();
        }

        _subscriptions.Clear();
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to RabbitMQ failed; retrying in {Delay}")]
    private partial void LogSubscribeFailed(Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Count} queues bound to {Exchange}")]
    private partial void LogSubscribed(int count, string exchange);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} was already handled by {Consumer}; skipped")]
    private partial void LogAlreadyHandled(Guid messageId, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} failed on message {MessageId} (attempt {Attempt})")]
    private partial void LogHandlerFailed(Exception exception, Guid messageId, string consumer, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} is dead for {Consumer} after {Attempts} attempts")]
    private partial void LogDeadLettered(Guid messageId, string consumer, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} for {Consumer} lacks a message id or type; rejected to the dead-letter queue (type {Type})")]
    private partial void LogPoison(string consumer, string? messageId, string? type);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording dead letter {MessageId} for {Consumer} failed; it stays on the retry path")]
    private partial void LogRecordDeadFailed(Exception exception, Guid messageId, string consumer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduling the retry of {MessageId} for {Consumer} failed; the message goes back to its queue")]
    private partial void LogRetryPublishFailed(Exception exception, Guid messageId, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not acknowledge message {MessageId} for {Consumer}; the broker will redeliver it")]
    private partial void LogAckFailed(Exception exception, string consumer, string? messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marking replayed dead letter {DeliveryId} handled failed")]
    private partial void LogMarkReplayFailed(Exception exception, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cancelling or closing a consumer channel failed")]
    private partial void LogCancelFailed(Exception exception);
}

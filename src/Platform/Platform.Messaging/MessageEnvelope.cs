namespace Platform.Messaging;

/// <summary>An integration event on its way from an outbox to a transport.</summary>
/// <param name="MessageId">The outbox row id: unique per event, the key consumers dedupe on.</param>
/// <param name="MessageType">The stable event name (<see cref="IntegrationEventNames"/>).</param>
/// <param name="Payload">The event as JSON (System.Text.Json web defaults).</param>
/// <param name="OccurredAt">When the business change that raised it was made (UTC).</param>
/// <param name="CorrelationId">The trace id of the request that raised it, if any.</param>
public sealed record MessageEnvelope(Guid MessageId, string MessageType, string Payload, DateTimeOffset OccurredAt, string? CorrelationId)
{
    /// <summary>The W3C traceparent of the span that raised the event, when the outbox recorded one.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>What a consumer knows about the message it is handling.</summary>
/// <param name="MessageId">The message id (the same on every redelivery).</param>
/// <param name="MessageType">The stable event name.</param>
/// <param name="OccurredAt">When the event was raised.</param>
/// <param name="CorrelationId">The trace id of the request that raised it, if any.</param>
/// <param name="Attempt">1 on the first delivery, 2 on the first retry, and so on.</param>
public sealed record MessageContext(Guid MessageId, string MessageType, DateTimeOffset OccurredAt, string? CorrelationId, int Attempt);

/// <summary>
/// The port the outbox dispatcher publishes through. Implementations must tolerate the same message being
/// published more than once (the dispatcher delivers at least once); the default in-process transport stores
/// one delivery per (message, consumer) and ignores duplicates.
/// </summary>
public interface IMessageTransport
{
    /// <summary>Durably hands the messages over; returns only when they can no longer be lost.</summary>
    Task PublishAsync(IReadOnlyList<MessageEnvelope> messages, CancellationToken cancellationToken);
}

/// <summary>
/// Handles one integration event type. Runs in its own DI scope inside a transaction on the consumer module's
/// DbContext: changes saved through that scoped context commit together with the inbox row, so a redelivered
/// message is skipped instead of applied twice. Throwing rolls everything back and schedules a retry.
/// </summary>
/// <typeparam name="TEvent">The integration event record.</typeparam>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : class
{
    /// <summary>Applies the event.</summary>
    Task HandleAsync(TEvent integrationEvent, MessageContext context, CancellationToken cancellationToken);
}

namespace Platform.Messaging;

/// <summary>
/// An integration event waiting in a module's outbox (<c>&lt;module&gt;_outbox_messages</c>). Written by
/// <see cref="OutboxDbContextExtensions.AddIntegrationEvent"/> in the same SaveChanges as the business change;
/// read and updated only by the dispatcher.
/// </summary>
public sealed class OutboxMessage
{
    internal OutboxMessage()
    {
    }

    /// <summary>Version 7 GUID: unique, roughly time ordered; the message id consumers dedupe on.</summary>
    public Guid Id { get; internal set; }

    /// <summary>The stable event name.</summary>
    public string MessageType { get; internal set; } = "";

    /// <summary>The event as JSON.</summary>
    public string Payload { get; internal set; } = "";

    /// <summary>When the event was raised (UTC).</summary>
    public DateTimeOffset OccurredAt { get; internal set; }

    /// <summary>
    /// W3C <c>traceparent</c> of the span that raised the event (rows written before round 4: the bare trace id), if
    /// any; the span handling the event is parented on it.
    /// </summary>
    public string? CorrelationId { get; internal set; }

    /// <summary>When the transport accepted it; null while waiting.</summary>
    public DateTimeOffset? DispatchedAt { get; internal set; }

    /// <summary>How many times a dispatcher claimed it.</summary>
    public int Attempts { get; internal set; }

    /// <summary>End of the current claim's lease.</summary>
    public DateTimeOffset? LockedUntil { get; internal set; }

    /// <summary>The node (and claim) holding the lease.</summary>
    public string? LockedBy { get; internal set; }
}

/// <summary>A message a consumer has handled (<c>&lt;module&gt;_inbox_messages</c>), committed with its effects.</summary>
public sealed class InboxMessage
{
    internal InboxMessage()
    {
    }

    /// <summary>The message id.</summary>
    public Guid MessageId { get; internal set; }

    /// <summary>The consumer (handler type full name).</summary>
    public string Consumer { get; internal set; } = "";

    /// <summary>The stable event name.</summary>
    public string MessageType { get; internal set; } = "";

    /// <summary>When it was handled (UTC).</summary>
    public DateTimeOffset HandledAt { get; internal set; }
}

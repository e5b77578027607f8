namespace NovaTech.Fulfillment.Notifications;

internal enum NoticeKind
{
    Dispatched,
    Delivered,
}

/// <summary>
/// A customer message waiting to be sent. Event handlers queue it inside their inbox transaction; <see cref="NoticeSender"/>
/// sends it afterwards, outside any transaction. Sending from inside the handler's transaction would hold this module's
/// write lock while the notifications module writes its delivery log — on SQLite (one writer per file) that waits on
/// itself until the busy timeout.
/// </summary>
internal sealed class CustomerNotice
{
    private CustomerNotice()
    {
    }

    /// <summary>The id of the event that asked for it: one notice per event, whatever the redeliveries.</summary>
    public Guid Id { get; private set; }

    public Guid ShipmentId { get; private set; }

    public NoticeKind Kind { get; private set; }

    /// <summary>Dispatched: the order is now fully shipped. Delivered: everything ordered has arrived.</summary>
    public bool OrderComplete { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When a sender may (next) take it; a sender that claims it moves this forward by its lease.</summary>
    public DateTimeOffset DueAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public static CustomerNotice Queue(Guid eventId, Guid shipmentId, NoticeKind kind, bool orderComplete, DateTimeOffset now) => new()
    {
        Id = eventId,
        ShipmentId = shipmentId,
        Kind = kind,
        OrderComplete = orderComplete,
        CreatedAt = now,
        DueAt = now,
    };
}

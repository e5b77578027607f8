namespace Nots.Bookings.Domain;

internal enum HistoryKind
{
    Created,
    Status,
    Payment,
    Refund,
    Amendment,
    Notification,
    Flag,
    Erasure,
}

/// <summary>One line of a booking's history, in the order it happened.</summary>
internal sealed class BookingHistoryEntry
{
    private BookingHistoryEntry()
    {
    }

    public BookingHistoryEntry(Guid bookingId, int sequence, DateTimeOffset at, HistoryKind kind, BookingStatus? fromStatus, BookingStatus? toStatus, string? detail, int? amountPence)
    {
        BookingId = bookingId;
        Sequence = sequence;
        At = at;
        Kind = kind;
        FromStatus = fromStatus;
        ToStatus = toStatus;
        Detail = detail is { Length: > 500 } ? detail[..500] : detail;
        AmountPence = amountPence;
    }

    public Guid BookingId { get; private set; }

    public int Sequence { get; private set; }

    public DateTimeOffset At { get; private set; }

    public HistoryKind Kind { get; private set; }

    public BookingStatus? FromStatus { get; private set; }

    public BookingStatus? ToStatus { get; private set; }

    public string? Detail { get; private set; }

    public int? AmountPence { get; private set; }
}

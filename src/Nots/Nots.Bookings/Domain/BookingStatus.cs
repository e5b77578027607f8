namespace Nots.Bookings.Domain;

/// <summary>The booking's life; names are part of the API contract.</summary>
internal enum BookingStatus
{
    PendingPayment,
    Confirmed,
    Assigned,
    DriverEnRoute,
    Arrived,
    PassengerOnBoard,
    Completed,
    Cancelled,
    NoShow,
    PaymentFailed,
}

/// <summary>The status machine in one table, so every transition is allowed or refused in one place.</summary>
internal static class BookingTransitions
{
    private static readonly Dictionary<BookingStatus, BookingStatus[]> Allowed = new()
    {
        [BookingStatus.PendingPayment] = [BookingStatus.Confirmed, BookingStatus.PaymentFailed, BookingStatus.Cancelled],
        // A failed card can be retried: a later successful payment still confirms.
        [BookingStatus.PaymentFailed] = [BookingStatus.Confirmed, BookingStatus.Cancelled],
        [BookingStatus.Confirmed] = [BookingStatus.Assigned, BookingStatus.Cancelled],
        // Back to Confirmed when a dispatcher releases the driver before they set off.
        [BookingStatus.Assigned] = [BookingStatus.DriverEnRoute, BookingStatus.Cancelled, BookingStatus.Confirmed],
        [BookingStatus.DriverEnRoute] = [BookingStatus.Arrived, BookingStatus.Cancelled],
        [BookingStatus.Arrived] = [BookingStatus.PassengerOnBoard, BookingStatus.NoShow],
        [BookingStatus.PassengerOnBoard] = [BookingStatus.Completed],
        [BookingStatus.Completed] = [],
        [BookingStatus.Cancelled] = [],
        [BookingStatus.NoShow] = [],
    };

    public static bool CanMove(BookingStatus from, BookingStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<BookingStatus> From(BookingStatus from) => Allowed[from];
}

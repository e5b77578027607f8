namespace Nots.Bookings.Domain;

/// <summary>A webhook event already applied: the unique event id makes a redelivery a no-op.</summary>
internal sealed class ProcessedWebhookEvent
{
    public required string EventId { get; init; }

    public required string Type { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>The hash of a manage-booking token (the token itself is only ever sent to the customer).</summary>
internal sealed class ManageToken
{
    public required string TokenHash { get; init; }

    public required Guid BookingId { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }
}

internal static class NotificationKind
{
    public const string Confirmation = "confirmation";
    public const string Cancellation = "cancellation";
    public const string Amendment = "amendment";
}

/// <summary>
/// A customer message owed for a booking, written in the same transaction as the change that causes it and sent by
/// <c>BookingsWorker</c> outside any booking transaction (the notification service writes its own tables).
/// </summary>
internal sealed class BookingNotification
{
    public required Guid Id { get; init; }

    public required Guid BookingId { get; init; }

    public required string Kind { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }

    public static BookingNotification For(Booking booking, string kind, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        BookingId = booking.Id,
        Kind = kind,
        CreatedAt = now,
        NextAttemptAt = now,
    };
}

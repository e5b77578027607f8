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

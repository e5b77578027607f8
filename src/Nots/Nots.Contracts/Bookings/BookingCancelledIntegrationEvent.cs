using Platform.Messaging;

namespace Nots.Contracts.Bookings;

/// <summary>A booking was cancelled: dispatch releases any driver.</summary>
/// <param name="BookingId">The booking's id.</param>
/// <param name="Reference">Human-friendly reference.</param>
/// <param name="PreviousStatus">The status it was cancelled from, e.g. <c>Confirmed</c>.</param>
/// <param name="CancellationFeePence">The fee kept, in pence.</param>
/// <param name="RefundPence">The amount refunded, in pence.</param>
/// <param name="CancelledAt">When (UTC).</param>
/// <param name="StaffUserId">The staff member who cancelled it ("sub"); null when the customer did.</param>
[IntegrationEventName("nots.booking-cancelled.v1")]
public sealed record BookingCancelledIntegrationEvent(
    Guid BookingId,
    string Reference,
    string PreviousStatus,
    int CancellationFeePence,
    int RefundPence,
    DateTimeOffset CancelledAt,
    string? StaffUserId = null) : IIntegrationEvent;

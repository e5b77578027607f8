using Platform.Messaging;

namespace Nots.Contracts.Bookings;

/// <summary>A booking's journey or price changed (raised only for bookings already confirmed).</summary>
/// <param name="BookingId">The booking's id.</param>
/// <param name="Reference">Human-friendly reference.</param>
/// <param name="PickupAt">Pickup instant after the change (UTC).</param>
/// <param name="PickupName">Pickup place after the change.</param>
/// <param name="DropoffName">Destination after the change.</param>
/// <param name="Passengers">Passengers after the change.</param>
/// <param name="TotalPence">The agreed fare after the change, in pence.</param>
/// <param name="AmendedAt">When it changed (UTC).</param>
[IntegrationEventName("nots.booking-amended.v1")]
public sealed record BookingAmendedIntegrationEvent(
    Guid BookingId,
    string Reference,
    DateTimeOffset PickupAt,
    string PickupName,
    string DropoffName,
    int Passengers,
    int TotalPence,
    DateTimeOffset AmendedAt) : IIntegrationEvent;

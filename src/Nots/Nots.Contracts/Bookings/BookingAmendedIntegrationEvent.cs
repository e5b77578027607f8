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
/// <param name="Suitcases">Suitcases after the change.</param>
/// <param name="DurationMinutes">Estimated driving time after the change, in minutes (0 when unknown).</param>
/// <param name="DistanceMiles">Estimated road distance after the change, in miles (0 when unknown).</param>
/// <param name="PickupLat">Latitude of the pickup, when known.</param>
/// <param name="PickupLng">Longitude of the pickup, when known.</param>
/// <param name="DropoffLat">Latitude of the destination, when known.</param>
/// <param name="DropoffLng">Longitude of the destination, when known.</param>
/// <param name="LeadPassengerName">The lead passenger's name after the change.</param>
/// <param name="MeetAndGreet">Meet &amp; greet after the change.</param>
/// <param name="FlightNumber">Flight number after the change, if any.</param>
/// <param name="StaffUserId">The staff member who changed it ("sub"); null when the customer did.</param>
[IntegrationEventName("nots.booking-amended.v1")]
public sealed record BookingAmendedIntegrationEvent(
    Guid BookingId,
    string Reference,
    DateTimeOffset PickupAt,
    string PickupName,
    string DropoffName,
    int Passengers,
    int TotalPence,
    DateTimeOffset AmendedAt,
    int Suitcases = 0,
    int DurationMinutes = 0,
    decimal DistanceMiles = 0,
    double? PickupLat = null,
    double? PickupLng = null,
    double? DropoffLat = null,
    double? DropoffLng = null,
    string? LeadPassengerName = null,
    bool MeetAndGreet = false,
    string? FlightNumber = null,
    string? StaffUserId = null) : IIntegrationEvent;

using Platform.Messaging;

namespace Nots.Contracts.Bookings;

/// <summary>
/// A booking was paid for and is confirmed: dispatch can plan it. Raised once per booking, in the same
/// transaction as the confirmation.
/// </summary>
/// <param name="BookingId">The booking's id.</param>
/// <param name="Reference">Human-friendly reference, e.g. <c>NT-7K3F9Q</c>.</param>
/// <param name="VehicleClass">The vehicle class booked, e.g. <c>saloon</c>.</param>
/// <param name="PickupAt">Pickup instant (UTC).</param>
/// <param name="PickupName">Where the passenger is collected.</param>
/// <param name="DropoffName">Where the passenger is going.</param>
/// <param name="Passengers">Number of passengers.</param>
/// <param name="FlightNumber">Flight number for airport pickups, if given.</param>
/// <param name="TotalPence">The agreed fare in pence.</param>
/// <param name="Currency">ISO 4217 code, e.g. <c>GBP</c>.</param>
/// <param name="Channel"><c>online</c> or <c>phone</c>.</param>
/// <param name="ConfirmedAt">When the payment confirmed it (UTC).</param>
/// <param name="Suitcases">Suitcases the party brings (the vehicle must carry them).</param>
/// <param name="DurationMinutes">Estimated driving time of the journey in minutes (0 when unknown).</param>
/// <param name="DistanceMiles">Estimated road distance in miles (0 when unknown).</param>
/// <param name="PickupLat">Latitude of the pickup, when known.</param>
/// <param name="PickupLng">Longitude of the pickup, when known.</param>
/// <param name="DropoffLat">Latitude of the destination, when known.</param>
/// <param name="DropoffLng">Longitude of the destination, when known.</param>
/// <param name="LeadPassengerName">The lead passenger's name, for the meet &amp; greet name board.</param>
/// <param name="MeetAndGreet">The driver meets the party inside the terminal with a name board.</param>
[IntegrationEventName("nots.transfer-booked.v1")]
public sealed record TransferBookedIntegrationEvent(
    Guid BookingId,
    string Reference,
    string VehicleClass,
    DateTimeOffset PickupAt,
    string PickupName,
    string DropoffName,
    int Passengers,
    string? FlightNumber,
    int TotalPence,
    string Currency,
    string Channel,
    DateTimeOffset ConfirmedAt,
    int Suitcases = 0,
    int DurationMinutes = 0,
    decimal DistanceMiles = 0,
    double? PickupLat = null,
    double? PickupLng = null,
    double? DropoffLat = null,
    double? DropoffLng = null,
    string? LeadPassengerName = null,
    bool MeetAndGreet = false) : IIntegrationEvent;

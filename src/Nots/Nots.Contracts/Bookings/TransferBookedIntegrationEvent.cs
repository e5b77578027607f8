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
    DateTimeOffset ConfirmedAt) : IIntegrationEvent;

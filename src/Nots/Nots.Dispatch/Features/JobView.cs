using Nots.Dispatch.Domain;

namespace Nots.Dispatch.Features;

/// <summary>A job as drivers, dispatchers and live clients see it.</summary>
public sealed record JobView(
    Guid Id,
    Guid BookingId,
    string BookingReference,
    string Status,
    string VehicleClass,
    DateTimeOffset PickupAt,
    DateTimeOffset EndsAt,
    string PickupName,
    string DropoffName,
    int Passengers,
    int Suitcases,
    int DurationMinutes,
    decimal DistanceMiles,
    double? PickupLat,
    double? PickupLng,
    double? DropoffLat,
    double? DropoffLng,
    string? NameBoard,
    bool MeetAndGreet,
    string? FlightNumber,
    bool Auto,
    Guid? DriverId,
    Guid? VehicleId,
    string? Mode,
    DateTimeOffset? OfferedAt,
    DateTimeOffset? OfferExpiresAt,
    int OfferAttempts,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? EnRouteAt,
    DateTimeOffset? ArrivedAt,
    DateTimeOffset? OnBoardAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? NoShowAt,
    string? Note,
    int Version,
    long BoardVersion,
    DateTimeOffset ConfirmedAt,
    DateTimeOffset? FirstOfferedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset CreatedAt)
{
    internal static JobView From(Job j) => new(
        j.Id, j.BookingId, j.BookingReference, j.Status, j.VehicleClass, j.PickupAt, j.EndsAt, j.PickupName, j.DropoffName, j.Passengers,
        j.Suitcases, j.DurationMinutes, j.DistanceMiles, j.PickupLat, j.PickupLng, j.DropoffLat, j.DropoffLng,
        j.MeetAndGreet ? j.LeadPassengerName : null, j.MeetAndGreet, j.FlightNumber, j.Auto, j.DriverId, j.VehicleId, j.Mode, j.OfferedAt,
        j.OfferExpiresAt, j.OfferAttempts, j.AssignedAt, j.EnRouteAt, j.ArrivedAt, j.OnBoardAt, j.CompletedAt, j.NoShowAt, j.Note, j.Version,
        j.BoardVersion, j.ConfirmedAt, j.FirstOfferedAt, j.UpdatedAt, j.CreatedAt);
}

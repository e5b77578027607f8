using System.Text.Json;
using Nots.Bookings.Domain;
using Nots.Contracts.Bookings;
using Nots.Contracts.Pricing;

namespace Nots.Bookings.Dispatch;

/// <summary>The integration events that tell dispatch about a booking, with everything a driver and a vehicle need.</summary>
internal static class BookingEvents
{
    public static TransferBookedIntegrationEvent Booked(Booking booking, DateTimeOffset now)
    {
        var journey = Journey(booking);
        return new TransferBookedIntegrationEvent(
            booking.Id, booking.Reference, booking.VehicleClass, booking.PickupAt, booking.PickupName, booking.DropoffName,
            booking.Passengers, booking.FlightNumber, booking.TotalPence, booking.Currency, booking.Channel, now,
            journey?.Suitcases ?? 0,
            booking.DurationMinutes,
            booking.DistanceMiles,
            booking.PickupLat,
            booking.PickupLng,
            booking.DropoffLat,
            booking.DropoffLng,
            booking.PassengerName,
            journey?.MeetAndGreet ?? false);
    }

    public static BookingAmendedIntegrationEvent Amended(Booking booking, DateTimeOffset now, string? staffUserId)
    {
        var journey = Journey(booking);
        return new BookingAmendedIntegrationEvent(
            booking.Id, booking.Reference, booking.PickupAt, booking.PickupName, booking.DropoffName, booking.Passengers, booking.TotalPence, now,
            journey?.Suitcases ?? 0,
            booking.DurationMinutes,
            booking.DistanceMiles,
            booking.PickupLat,
            booking.PickupLng,
            booking.DropoffLat,
            booking.DropoffLng,
            booking.PassengerName,
            journey?.MeetAndGreet ?? false,
            booking.FlightNumber,
            staffUserId);
    }

    private static JourneyInput? Journey(Booking booking) =>
        JsonSerializer.Deserialize<JourneyInput>(booking.JourneyJson, JsonSerializerOptions.Web);
}

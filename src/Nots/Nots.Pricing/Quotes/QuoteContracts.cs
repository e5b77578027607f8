using Nots.Pricing.Geography;

namespace Nots.Pricing.Quotes;

/// <summary>Extras for one leg.</summary>
public sealed record ExtrasRequest(int ChildSeats = 0, int BoosterSeats = 0, bool MeetAndGreet = false, int ExtraStops = 0)
{
    public static ExtrasRequest None { get; } = new();
}

/// <summary>
/// The way back, drop-off to pickup. Without <paramref name="Extras"/> it takes the outbound child and booster
/// seats and no meet &amp; greet or extra stops.
/// </summary>
public sealed record ReturnJourneyRequest(string PickupTime, ExtrasRequest? Extras = null);

/// <summary>
/// What the customer asks a price for. <paramref name="PickupTime"/> is ISO 8601: UK local time without an offset,
/// or an instant with one.
/// </summary>
public sealed record QuoteRequest(
    PlaceInput Pickup,
    PlaceInput DropOff,
    string PickupTime,
    int Passengers,
    int Suitcases = 0,
    int HandLuggage = 0,
    string? VehicleClass = null,
    ExtrasRequest? Extras = null,
    ReturnJourneyRequest? Return = null,
    string? FlightNumber = null);

/// <summary>One itemised amount; the lines of an option sum exactly to its total. Discounts are negative.</summary>
public sealed record QuoteLine(string Code, string Description, int AmountPence);

/// <summary>
/// The price in one vehicle class, or why that class cannot do the job (<see cref="ReasonCode"/>:
/// <c>too_many_passengers</c>, <c>too_much_luggage</c>, <c>too_many_child_seats</c>).
/// For a return, <see cref="Lines"/> holds the outbound items, a <c>return_leg</c> line, the <c>return_discount</c>
/// and <c>rounding</c>; <see cref="ReturnLines"/> itemises the return leg.
/// </summary>
public sealed record QuoteOption(
    string VehicleClass,
    string Name,
    int Seats,
    int Suitcases,
    bool Available,
    string? ReasonCode,
    string? Reason,
    int? TotalPence,
    string Currency,
    IReadOnlyList<QuoteLine> Lines,
    IReadOnlyList<QuoteLine>? ReturnLines);

/// <summary>One journey leg as priced, with where both ends resolved to (null in quotes stored before they were kept).</summary>
public sealed record QuoteLeg(
    string From,
    string To,
    decimal DistanceMiles,
    int DurationMinutes,
    DateTimeOffset PickupUtc,
    DateTimeOffset PickupLocal,
    string PickupTimeResolution,
    double? FromLat = null,
    double? FromLng = null,
    double? ToLat = null,
    double? ToLng = null);

/// <summary>A priced quote. <see cref="DistanceMiles"/> and <see cref="DurationMinutes"/> are the outbound leg's.</summary>
public sealed record Quote(
    string TariffVersion,
    string Currency,
    decimal DistanceMiles,
    int DurationMinutes,
    QuoteLeg Outbound,
    QuoteLeg? Return,
    string? FlightNumber,
    IReadOnlyList<QuoteOption> Options);

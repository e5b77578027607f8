namespace Nots.Contracts.Pricing;

/// <summary>
/// What other NOTS modules may ask the pricing module: a stored quote, or a fresh price for an amended journey.
/// Implemented by Nots.Pricing.
/// </summary>
public interface IQuotes
{
    /// <summary>The stored quote, or null when there is none with that id (expired quotes are returned; check <see cref="QuoteSnapshot.ExpiresAt"/>).</summary>
    Task<QuoteSnapshot?> FindAsync(Guid quoteId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Prices a journey with the current tariff and stores it as a new quote (used when a booking is amended).
    /// Invalid journeys throw a <c>Platform.Web.DomainException</c> (422) with the pricing module's codes.
    /// </summary>
    Task<QuoteSnapshot> PriceAsync(JourneyInput journey, CancellationToken cancellationToken = default);
}

/// <summary>One end of a journey: a gazetteer place code, a UK postcode, or a point with a free-text address.</summary>
/// <param name="Place">Gazetteer code such as <c>LHR</c>.</param>
/// <param name="Postcode">A UK postcode.</param>
/// <param name="Lat">Latitude of a point.</param>
/// <param name="Lng">Longitude of a point.</param>
/// <param name="Address">Free-text address of a point (or the street address within a postcode).</param>
public sealed record PlaceRef(string? Place = null, string? Postcode = null, double? Lat = null, double? Lng = null, string? Address = null);

/// <summary>A journey as the customer describes it; the same fields as <c>POST /v1/quotes</c>.</summary>
public sealed record JourneyInput(
    PlaceRef Pickup,
    PlaceRef Dropoff,
    string PickupAt,
    int Passengers,
    int Suitcases,
    int HandLuggage,
    int ChildSeats = 0,
    int BoosterSeats = 0,
    bool MeetAndGreet = false,
    int ExtraStops = 0,
    string? ReturnPickupAt = null,
    string? FlightNumber = null,
    string? VehicleClass = null);

/// <summary>
/// A priced quote as stored: the journey, the tariff version used, and every vehicle class option. The pickup and
/// drop-off coordinates are where the places resolved to (null for quotes stored before they were kept).
/// </summary>
public sealed record QuoteSnapshot(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string TariffVersion,
    JourneyInput Journey,
    string PickupName,
    string DropoffName,
    DateTimeOffset PickupAtUtc,
    DateTimeOffset? ReturnPickupAtUtc,
    decimal DistanceMiles,
    int DurationMinutes,
    IReadOnlyList<QuoteOptionSnapshot> Options,
    double? PickupLat = null,
    double? PickupLng = null,
    double? DropoffLat = null,
    double? DropoffLng = null);

/// <summary>The price in one vehicle class, or why it cannot carry the party.</summary>
public sealed record QuoteOptionSnapshot(string VehicleClass, bool Available, string? Reason, int? TotalPence, string Currency, IReadOnlyList<QuoteLineSnapshot> Lines);

/// <summary>One itemised amount in pence (discounts negative); the lines of an option sum to its total.</summary>
public sealed record QuoteLineSnapshot(string Code, string Description, int AmountPence);

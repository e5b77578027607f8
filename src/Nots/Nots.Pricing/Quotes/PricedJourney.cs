using Nots.Pricing.Geography;
using Nots.Pricing.Routing;
using Nots.Pricing.Time;

namespace Nots.Pricing.Quotes;

/// <summary>Who travels and what they carry.</summary>
public sealed record Party(int Passengers, int Suitcases, int HandLuggage);

/// <summary>A leg with everything resolved: places, route estimate, pickup time and extras.</summary>
public sealed record JourneyLeg(ResolvedPlace From, ResolvedPlace To, RouteEstimate Route, UkPickupTime Pickup, ExtrasRequest Extras);

/// <summary>The input of <see cref="QuoteCalculator"/>: pure data, no I/O left to do.</summary>
public sealed record PricedJourney(JourneyLeg Outbound, JourneyLeg? Return, Party Party, string? VehicleClass = null, string? FlightNumber = null);

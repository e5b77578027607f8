using System.Text.RegularExpressions;
using Nots.Pricing.Geography;
using Nots.Pricing.Routing;
using Nots.Pricing.Tariffs;
using Nots.Pricing.Time;

namespace Nots.Pricing.Quotes;

/// <summary>Where the tariff in force comes from. The default serves <see cref="DefaultTariff"/>; the lead swaps in the stored one.</summary>
public interface ITariffSource
{
    Task<Tariff> GetCurrentAsync(CancellationToken cancellationToken);
}

/// <summary>Serves one fixed tariff.</summary>
public sealed class FixedTariffSource(Tariff tariff) : ITariffSource
{
    public Task<Tariff> GetCurrentAsync(CancellationToken cancellationToken) => Task.FromResult(tariff);
}

/// <summary>
/// The quote use case: resolve both places, estimate the route(s), parse the pickup time(s) as UK local time, and
/// price every vehicle class with the tariff in force at the injected clock's now.
/// </summary>
public sealed partial class QuoteService(
    PlaceResolver places,
    IDistanceEstimator distances,
    ITariffSource tariffs,
    TimeProvider clock)
{
    public async Task<Quote> QuoteAsync(QuoteRequest request, CancellationToken cancellationToken)
    {
        var from = await places.ResolveAsync(request.Pickup ?? new PlaceInput(), "pickup", cancellationToken);
        var to = await places.ResolveAsync(request.DropOff ?? new PlaceInput(), "dropoff", cancellationToken);
        if (from.Location.MilesTo(to.Location) < 0.1)
        {
            throw PricingErrors.Error(PricingErrors.SamePlace, "Pickup and drop-off are the same place.");
        }

        var flight = NormaliseFlightNumber(request.FlightNumber);
        var pickup = UkTime.Parse(request.PickupTime);
        var extras = request.Extras ?? ExtrasRequest.None;
        var outboundRoute = await distances.EstimateAsync(from.Location, to.Location, cancellationToken);
        var outbound = new JourneyLeg(from, to, outboundRoute, pickup, extras);

        JourneyLeg? back = null;
        if (request.Return is { } r)
        {
            var returnRoute = await distances.EstimateAsync(to.Location, from.Location, cancellationToken);
            var returnExtras = r.Extras ?? new ExtrasRequest(extras.ChildSeats, extras.BoosterSeats);
            back = new JourneyLeg(to, from, returnRoute, UkTime.Parse(r.PickupTime), returnExtras);
        }

        var tariff = await tariffs.GetCurrentAsync(cancellationToken);
        var journey = new PricedJourney(
            outbound,
            back,
            new Party(request.Passengers, request.Suitcases, request.HandLuggage),
            request.VehicleClass,
            flight);
        return QuoteCalculator.Calculate(tariff, journey, clock.GetUtcNow());
    }

    /// <summary>IATA/ICAO flight designator, e.g. <c>BA 2490</c> → <c>BA2490</c>; null when not given.</summary>
    public static string? NormaliseFlightNumber(string? flightNumber)
    {
        if (string.IsNullOrWhiteSpace(flightNumber))
        {
            return null;
        }

        var compact = new string(flightNumber.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return FlightNumber().IsMatch(compact)
            ? compact
            : throw PricingErrors.Error(PricingErrors.InvalidFlightNumber, $"'{flightNumber}' is not a flight number such as BA2490.");
    }

    [GeneratedRegex("^([A-Z][0-9]|[0-9][A-Z]|[A-Z]{2,3})[0-9]{1,4}[A-Z]?$", RegexOptions.CultureInvariant)]
    private static partial Regex FlightNumber();
}

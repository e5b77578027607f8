using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Pricing;
using Nots.Pricing.Data;
using Nots.Pricing.Geography;
using Platform.Persistence;

namespace Nots.Pricing.Quotes;

/// <summary>What was asked: the journey as other modules know it, plus the extra stops as given.</summary>
internal sealed record StoredQuoteRequest(JourneyInput Journey, IReadOnlyList<PlaceRef> ExtraStops);

/// <summary>A quote as stored: valid for 15 minutes from <see cref="CreatedAt"/>.</summary>
internal sealed record StoredQuote(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, StoredQuoteRequest Request, Quote Result);

/// <summary>
/// Prices journeys and keeps every quote, with the tariff version it used, so the price a customer saw can be shown
/// again and honoured at booking. Implements <see cref="IQuotes"/> for the other NOTS modules.
/// </summary>
internal sealed class QuoteDesk(QuoteService quotes, PlaceResolver places, GroupCommit<PricingDbContext> writer, IServiceProvider services, TimeProvider clock) : IQuotes
{
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(15);
    private const int MaxExtraStops = 5;

    public async Task<StoredQuote> CreateAsync(JourneyInput journey, IReadOnlyList<PlaceRef> extraStops, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journey);
        if (extraStops.Count > MaxExtraStops)
        {
            throw PricingErrors.Error(PricingErrors.InvalidExtras, $"extras.extraStops: at most {MaxExtraStops} extra stops can be quoted online.");
        }

        for (var i = 0; i < extraStops.Count; i++)
        {
            await ValidateStopAsync(extraStops[i], $"extras.extraStops[{i}]", cancellationToken);
        }

        var result = await quotes.QuoteAsync(ToRequest(journey), cancellationToken);
        var now = clock.GetUtcNow();
        var stored = new StoredQuote(Guid.NewGuid(), now, now + Validity, new StoredQuoteRequest(journey, extraStops), result);
        var row = new QuoteRecord
        {
            Id = stored.Id,
            CreatedAt = stored.CreatedAt,
            ExpiresAt = stored.ExpiresAt,
            TariffVersion = result.TariffVersion,
            PickupAtUtc = result.Outbound.PickupUtc,
            RequestJson = JsonSerializer.Serialize(stored.Request, PricingJson.Options),
            ResultJson = JsonSerializer.Serialize(result, PricingJson.Options),
        };

        // Group commit: one transaction for every quote waiting at that moment; answered once this one is committed.
        await writer.SaveAsync(db => db.Quotes.Add(row));
        return stored;
    }

    public async Task<StoredQuote?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        // Resolved here, not injected: creating a quote writes through the group commit and needs no context of its own.
        var db = services.GetRequiredService<PricingDbContext>();
        var row = await db.Quotes.AsNoTracking().SingleOrDefaultAsync(q => q.Id == id, cancellationToken);
        return row is null
            ? null
            : new StoredQuote(
                row.Id,
                row.CreatedAt,
                row.ExpiresAt,
                JsonSerializer.Deserialize<StoredQuoteRequest>(row.RequestJson, PricingJson.Options)!,
                JsonSerializer.Deserialize<Quote>(row.ResultJson, PricingJson.Options)!);
    }

    public async Task<QuoteSnapshot?> FindAsync(Guid quoteId, CancellationToken cancellationToken = default) =>
        await LoadAsync(quoteId, cancellationToken) is { } stored ? ToSnapshot(stored) : null;

    public async Task<QuoteSnapshot> PriceAsync(JourneyInput journey, CancellationToken cancellationToken = default) =>
        ToSnapshot(await CreateAsync(journey, [], cancellationToken));

    internal static QuoteRequest ToRequest(JourneyInput journey)
    {
        if (journey.Pickup is null || journey.Dropoff is null)
        {
            throw PricingErrors.Error(PricingErrors.InvalidPlace, "Both a pickup and a drop-off are needed.");
        }

        return new QuoteRequest(
            ToInput(journey.Pickup),
            ToInput(journey.Dropoff),
            journey.PickupAt,
            journey.Passengers,
            journey.Suitcases,
            journey.HandLuggage,
            journey.VehicleClass,
            new ExtrasRequest(journey.ChildSeats, journey.BoosterSeats, journey.MeetAndGreet, journey.ExtraStops),
            journey.ReturnPickupAt is null ? null : new ReturnJourneyRequest(journey.ReturnPickupAt),
            journey.FlightNumber);
    }

    private static PlaceInput ToInput(PlaceRef place) => new(place.Place, place.Postcode, place.Lat, place.Lng, place.Address);

    // A stop that names a place, postcode or point must be a real one; a bare address is taken as written (or
    // looked up, when a geocoder is configured). Stops are priced per stop; the route is not re-planned through them.
    private async Task ValidateStopAsync(PlaceRef stop, string field, CancellationToken cancellationToken)
    {
        if (stop is null)
        {
            throw PricingErrors.Error(PricingErrors.InvalidExtras, $"{field}: a stop needs a place, a postcode, a point or an address.");
        }

        var located = stop.Place is not null || stop.Postcode is not null || stop.Lat is not null || stop.Lng is not null;
        if (!located && string.IsNullOrWhiteSpace(stop.Address))
        {
            throw PricingErrors.Error(PricingErrors.InvalidExtras, $"{field}: a stop needs a place, a postcode, a point or an address.");
        }

        if (located || places.CanGeocodeAddresses)
        {
            await places.ResolveAsync(ToInput(stop), field, cancellationToken);
        }
    }

    internal static QuoteSnapshot ToSnapshot(StoredQuote stored)
    {
        var result = stored.Result;
        return new QuoteSnapshot(
            stored.Id,
            stored.CreatedAt,
            stored.ExpiresAt,
            result.TariffVersion,
            stored.Request.Journey,
            result.Outbound.From,
            result.Outbound.To,
            result.Outbound.PickupUtc,
            result.Return?.PickupUtc,
            result.DistanceMiles,
            result.DurationMinutes,
            result.Options
                .Select(o => new QuoteOptionSnapshot(
                    o.VehicleClass,
                    o.Available,
                    o.Reason,
                    o.TotalPence,
                    o.Currency,
                    o.Lines.Select(l => new QuoteLineSnapshot(l.Code, l.Description, l.AmountPence)).ToList()))
                .ToList(),
            result.Outbound.FromLat,
            result.Outbound.FromLng,
            result.Outbound.ToLat,
            result.Outbound.ToLng);
    }
}

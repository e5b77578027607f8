using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Nots.Contracts.Pricing;
using Nots.Pricing.Quotes;

namespace Nots.Pricing.Features.CreateQuote;

/// <summary>
/// <c>POST /v1/quotes</c>: a journey → a stored quote with one option per vehicle class. <see cref="PickupAt"/> is
/// UK local time (<c>2027-05-03T04:30</c>) unless it carries an offset.
/// </summary>
public sealed record CreateQuoteRequest(
    [Required] QuotePlaceBody? Pickup,
    [Required] QuotePlaceBody? Dropoff,
    [Required, StringLength(40)] string? PickupAt,
    [Required] int? Passengers,
    int Suitcases = 0,
    int HandLuggage = 0,
    [StringLength(40)] string? VehicleClass = null,
    QuoteExtrasBody? Extras = null,
    QuoteReturnBody? Return = null,
    [StringLength(16)] string? FlightNumber = null);

/// <summary>Exactly one of <c>{"place": "LHR"}</c>, <c>{"postcode": "BH15 1HJ"}</c> or <c>{"lat", "lng", "address"}</c>.</summary>
public sealed record QuotePlaceBody(
    [StringLength(40)] string? Place = null,
    [StringLength(16)] string? Postcode = null,
    double? Lat = null,
    double? Lng = null,
    [StringLength(300)] string? Address = null);

/// <summary>Extras for the outbound leg; each extra stop is a place like pickup, or just an address string.</summary>
public sealed record QuoteExtrasBody(
    int ChildSeats = 0,
    int BoosterSeats = 0,
    bool MeetAndGreet = false,
    IReadOnlyList<QuoteStopBody>? ExtraStops = null);

/// <summary>An extra stop: <c>"12 High St, Wimborne"</c> or <c>{"place" | "postcode" | "lat"+"lng", "address"}</c>.</summary>
[JsonConverter(typeof(QuoteStopJsonConverter))]
public sealed record QuoteStopBody(
    [StringLength(40)] string? Place = null,
    [StringLength(16)] string? Postcode = null,
    double? Lat = null,
    double? Lng = null,
    [StringLength(300)] string? Address = null);

/// <summary>The way back, drop-off to pickup.</summary>
public sealed record QuoteReturnBody([Required, StringLength(40)] string? PickupAt);

internal sealed class QuoteStopJsonConverter : JsonConverter<QuoteStopBody>
{
    public override QuoteStopBody? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new QuoteStopBody(Address: reader.GetString());
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An extra stop is an address string or an object like a pickup.");
        }

        var place = JsonSerializer.Deserialize<QuotePlaceBody>(ref reader, options)!;
        return new QuoteStopBody(place.Place, place.Postcode, place.Lat, place.Lng, place.Address);
    }

    public override void Write(Utf8JsonWriter writer, QuoteStopBody value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new QuotePlaceBody(value.Place, value.Postcode, value.Lat, value.Lng, value.Address), options);
}

internal static class CreateQuoteEndpoint
{
    public static async Task<Created<QuoteResponse>> HandleAsync(
        CreateQuoteRequest request, QuoteDesk desk, TimeProvider clock, HttpRequest http, CancellationToken cancellationToken)
    {
        var stored = await CreateAsync(request, desk, cancellationToken);
        return TypedResults.Created($"{http.PathBase}{http.Path}/{stored.Id}", QuoteResponse.From(stored, clock.GetUtcNow()));
    }

    /// <summary>Prices and stores the journey (shared by the endpoint and the customer website).</summary>
    public static async Task<StoredQuote> CreateAsync(CreateQuoteRequest request, QuoteDesk desk, CancellationToken cancellationToken)
    {
        var extras = request.Extras ?? new QuoteExtrasBody();
        var stops = (extras.ExtraStops ?? [])
            .Select(s => s is null ? null! : new PlaceRef(s.Place, s.Postcode, s.Lat, s.Lng, s.Address))
            .ToList();
        var journey = new JourneyInput(
            ToRef(request.Pickup!),
            ToRef(request.Dropoff!),
            request.PickupAt!,
            request.Passengers!.Value,
            request.Suitcases,
            request.HandLuggage,
            extras.ChildSeats,
            extras.BoosterSeats,
            extras.MeetAndGreet,
            stops.Count,
            request.Return?.PickupAt,
            request.FlightNumber,
            request.VehicleClass);
        return await desk.CreateAsync(journey, stops, cancellationToken);
    }

    private static PlaceRef ToRef(QuotePlaceBody place) => new(place.Place, place.Postcode, place.Lat, place.Lng, place.Address);
}

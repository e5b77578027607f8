using System.Globalization;

namespace Nots.Pricing.Geography;

/// <summary>
/// A pickup or drop-off as the API receives it: exactly one of <c>{"place": "LHR"}</c>,
/// <c>{"postcode": "BH15 1HJ"}</c> or <c>{"lat": 50.71, "lng": -1.98, "address": "…"}</c>.
/// </summary>
public sealed record PlaceInput(string? Place = null, string? Postcode = null, double? Lat = null, double? Lng = null, string? Address = null)
{
    public static PlaceInput Code(string code) => new(Place: code);

    public static PlaceInput ForPostcode(string postcode) => new(Postcode: postcode);

    public static PlaceInput Point(double lat, double lng, string? address = null) => new(Lat: lat, Lng: lng, Address: address);
}

/// <summary>
/// Turns a <see cref="PlaceInput"/> into a located place, or throws a domain error with a stable code. With a
/// geocoder (Google), postcodes are located precisely and a bare address is accepted; when the geocoder is
/// unavailable, postcodes fall back to the offline directory.
/// </summary>
public sealed class PlaceResolver(Gazetteer gazetteer, PostcodeDirectory postcodes, IGeocoder? geocoder = null)
{
    public bool CanGeocodeAddresses => geocoder is not null;

    public async Task<ResolvedPlace> ResolveAsync(PlaceInput input, string field, CancellationToken cancellationToken)
    {
        if (geocoder is null || input.Place is not null || input.Lat is not null || input.Lng is not null)
        {
            return Resolve(input, field);
        }

        if (input.Postcode is not null)
        {
            var postcode = UkPostcode.Parse(input.Postcode);
            if (PostcodeData.UnreachableAreas.TryGetValue(postcode.Area, out var why))
            {
                throw PricingErrors.Error(PricingErrors.Unreachable, $"{field}: {postcode} cannot be reached by road: {why}.");
            }

            var found = await geocoder.GeocodeAsync(postcode.Normalised, cancellationToken);
            return found.Status switch
            {
                GeocodeStatus.Found => Located(field, postcode.Normalised, PlaceKind.Postcode, found.Location!.Value, postcode),
                GeocodeStatus.NotFound => throw PricingErrors.Error(PricingErrors.UnknownPlace, $"{field}: no place has the postcode {postcode}."),
                _ => Resolve(input, field),
            };
        }

        if (string.IsNullOrWhiteSpace(input.Address))
        {
            return Resolve(input, field);
        }

        var address = input.Address.Trim();
        var result = await geocoder.GeocodeAsync(address, cancellationToken);
        if (result.Status == GeocodeStatus.Unavailable)
        {
            throw PricingErrors.Error(
                PricingErrors.InvalidPlace,
                $"{field}: addresses cannot be looked up just now; give a postcode, a place code, or lat and lng.");
        }

        if (result.Status == GeocodeStatus.NotFound)
        {
            throw PricingErrors.Error(PricingErrors.UnknownPlace, $"{field}: no place in Great Britain matches '{address}'.");
        }

        var foundPostcode = UkPostcode.TryParse(result.Postcode, out var parsed, out _) ? parsed : null;
        return Located(field, result.FormattedAddress ?? address, PlaceKind.Coordinates, result.Location!.Value, foundPostcode);
    }

    private ResolvedPlace Located(string field, string label, PlaceKind kind, GeoPoint point, UkPostcode? postcode)
    {
        if (!GreatBritain.Contains(point))
        {
            throw PricingErrors.Error(PricingErrors.Unreachable, $"{field}: {label} is not on the road network of Great Britain.");
        }

        var district = postcode?.Outward ?? postcodes.NearestDistrict(point);
        return new ResolvedPlace(label, kind, point, null, district, district is null ? null : AreaOf(district), AccessCharge: false);
    }

    public ResolvedPlace Resolve(PlaceInput input, string field = "place")
    {
        var given = (input.Place is not null ? 1 : 0) + (input.Postcode is not null ? 1 : 0)
            + (input.Lat is not null || input.Lng is not null ? 1 : 0);
        if (given != 1)
        {
            throw PricingErrors.Error(
                PricingErrors.InvalidPlace,
                $"{field}: give exactly one of a place code, a postcode, or lat and lng.");
        }

        if (input.Place is not null)
        {
            var place = gazetteer.Find(input.Place)
                ?? throw PricingErrors.Error(PricingErrors.UnknownPlace, $"{field}: '{input.Place}' is not a known place code.");
            return new ResolvedPlace(
                place.Name, place.Kind, place.Location, place.Code, place.District, AreaOf(place.District), place.AccessCharge);
        }

        if (input.Postcode is not null)
        {
            var located = postcodes.Resolve(input.Postcode);
            return new ResolvedPlace(
                located.Postcode.Normalised,
                PlaceKind.Postcode,
                located.Location,
                PlaceCode: null,
                located.Postcode.Outward,
                located.Postcode.Area,
                AccessCharge: false);
        }

        if (input.Lat is not { } lat || input.Lng is not { } lng)
        {
            throw PricingErrors.Error(PricingErrors.InvalidPlace, $"{field}: lat and lng must both be given.");
        }

        var point = new GeoPoint(lat, lng);
        if (!point.IsValid)
        {
            throw PricingErrors.Error(PricingErrors.InvalidPlace, $"{field}: ({lat}, {lng}) is not a valid position.");
        }

        if (!GreatBritain.Contains(point))
        {
            throw PricingErrors.Error(
                PricingErrors.Unreachable,
                $"{field}: ({lat.ToString(CultureInfo.InvariantCulture)}, {lng.ToString(CultureInfo.InvariantCulture)}) is not on the road network of Great Britain.");
        }

        var label = string.IsNullOrWhiteSpace(input.Address)
            ? $"{lat.ToString("0.#####", CultureInfo.InvariantCulture)}, {lng.ToString("0.#####", CultureInfo.InvariantCulture)}"
            : input.Address.Trim();
        // A map pin near a district we know gets that district, so zone (fixed-route) prices match a postcode's.
        var district = postcodes.NearestDistrict(point);
        return new ResolvedPlace(
            label, PlaceKind.Coordinates, point, null, district, district is null ? null : AreaOf(district), AccessCharge: false);
    }

    private static string AreaOf(string district) => new(district.TakeWhile(char.IsLetter).ToArray());
}

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

/// <summary>Turns a <see cref="PlaceInput"/> into a located place, or throws a domain error with a stable code.</summary>
public sealed class PlaceResolver(Gazetteer gazetteer, PostcodeDirectory postcodes)
{
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

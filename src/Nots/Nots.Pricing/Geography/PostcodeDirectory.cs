using System.Collections.Frozen;
using System.Globalization;

namespace Nots.Pricing.Geography;

/// <summary>How precisely a postcode was located.</summary>
public enum PostcodePrecision
{
    District,
    Area,
}

/// <summary>A postcode resolved to a point.</summary>
public sealed record PostcodeLocation(UkPostcode Postcode, GeoPoint Location, PostcodePrecision Precision);

/// <summary>
/// Resolves postcodes offline: by district centroid for the areas we cover in detail (BH, DT, SP, SO, PO, BA, SN,
/// RG, GU, TW), otherwise by the area's main town. Northern Ireland, the Channel Islands, the Isle of Man and the
/// island-only areas are unreachable by road.
/// </summary>
public sealed class PostcodeDirectory
{
    private readonly FrozenDictionary<string, GeoPoint> _districts = ParseTable(PostcodeData.Districts);
    private readonly FrozenDictionary<string, GeoPoint> _areas = ParseTable(PostcodeData.Areas);

    public PostcodeLocation Resolve(string input)
    {
        var postcode = UkPostcode.Parse(input);
        if (PostcodeData.UnreachableAreas.TryGetValue(postcode.Area, out var why))
        {
            throw PricingErrors.Error(PricingErrors.Unreachable, $"{postcode} cannot be reached by road: {why}.");
        }

        if (_districts.TryGetValue(postcode.Outward, out var district))
        {
            return new PostcodeLocation(postcode, district, PostcodePrecision.District);
        }

        if (PostcodeData.DetailedAreas.Contains(postcode.Area))
        {
            throw PricingErrors.Error(PricingErrors.InvalidPostcode, $"{postcode.Outward} is not a postcode district.");
        }

        if (_areas.TryGetValue(postcode.Area, out var area))
        {
            return new PostcodeLocation(postcode, area, PostcodePrecision.Area);
        }

        throw PricingErrors.Error(PricingErrors.InvalidPostcode, $"{postcode.Area} is not a UK postcode area.");
    }

    /// <summary>
    /// The listed district whose centroid is nearest to <paramref name="point"/>, if within
    /// <paramref name="maxMiles"/>; used so a map pin gets the same zone prices as a postcode would.
    /// </summary>
    public string? NearestDistrict(GeoPoint point, double maxMiles = 3)
    {
        var best = _districts
            .Select(d => (district: d.Key, miles: d.Value.MilesTo(point)))
            .MinBy(d => d.miles);
        return best.district is not null && best.miles <= maxMiles ? best.district : null;
    }

    private static FrozenDictionary<string, GeoPoint> ParseTable(string table) =>
        table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToFrozenDictionary(
                parts => parts[0],
                parts => new GeoPoint(
                    double.Parse(parts[1], CultureInfo.InvariantCulture),
                    double.Parse(parts[2], CultureInfo.InvariantCulture)),
                StringComparer.Ordinal);
}

namespace Nots.Pricing.Geography;

/// <summary>What sort of place a gazetteer entry or a resolved input is.</summary>
public enum PlaceKind
{
    Airport,
    FerryPort,
    CruisePort,
    Rail,
    Town,
    Postcode,
    Coordinates,
}

/// <summary>
/// A gazetteer entry. <paramref name="District"/> is the postcode district the place lies in (so fixed routes written
/// against districts also match named places); <paramref name="AccessCharge"/> says whether the tariff's
/// pickup/drop-off charge for this code applies (airports and ports).
/// </summary>
public sealed record Place(
    string Code,
    string Name,
    PlaceKind Kind,
    GeoPoint Location,
    string District,
    bool AccessCharge = false,
    string? Note = null);

/// <summary>A pickup or drop-off after resolution: where it is and what it matches for tariff rules.</summary>
public sealed record ResolvedPlace(
    string Label,
    PlaceKind Kind,
    GeoPoint Location,
    string? PlaceCode,
    string? PostcodeDistrict,
    string? PostcodeArea,
    bool AccessCharge)
{
    /// <summary>The keys a tariff rule (fixed route zone, access charge) may name to match this place.</summary>
    public IEnumerable<string> MatchKeys()
    {
        if (PlaceCode is not null)
        {
            yield return PlaceCode;
        }

        if (PostcodeDistrict is not null)
        {
            yield return PostcodeDistrict;
        }

        if (PostcodeArea is not null)
        {
            yield return PostcodeArea;
        }
    }
}

namespace Nots.Pricing.Geography;

public enum GeocodeStatus
{
    Found,

    /// <summary>The geocoder answered: no such place.</summary>
    NotFound,

    /// <summary>The geocoder could not answer now; resolve offline instead.</summary>
    Unavailable,
}

/// <summary>A geocoded point with what the geocoder knows of it.</summary>
public sealed record GeocodeResult(GeocodeStatus Status, GeoPoint? Location = null, string? FormattedAddress = null, string? Postcode = null)
{
    public static GeocodeResult NotFound { get; } = new(GeocodeStatus.NotFound);

    public static GeocodeResult Unavailable { get; } = new(GeocodeStatus.Unavailable);
}

/// <summary>The geocoding port: postcodes and addresses to points. Only registered when a real geocoder is configured.</summary>
public interface IGeocoder
{
    Task<GeocodeResult> GeocodeAsync(string query, CancellationToken cancellationToken);
}

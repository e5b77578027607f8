using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nots.Pricing.Geography;

namespace Nots.Pricing.Routing;

/// <summary>Google Maps Platform settings (<c>Maps:Google:*</c>). Google is used only when <see cref="ApiKey"/> is set.</summary>
internal sealed class GoogleMapsOptions
{
    public const string Section = "Maps:Google";
    public const string HttpClientName = "google-maps";

    public string? ApiKey { get; set; }

    public string BaseUrl { get; set; } = "https://maps.googleapis.com";

    public double TimeoutSeconds { get; set; } = 5;

    public bool Enabled => !string.IsNullOrWhiteSpace(ApiKey);
}

/// <summary>What one call to a Google web service came back with, by what we should do about it.</summary>
internal enum GoogleOutcome
{
    Ok,

    /// <summary>Google answered and there is no such route or place (ZERO_RESULTS, NOT_FOUND).</summary>
    NoResult,

    /// <summary>Passing trouble: quota, Google's own error, 5xx, timeout, network. Fall back, warn.</summary>
    Unavailable,

    /// <summary>Our fault or our account's: key refused, request rejected. Fall back, log an error someone must fix.</summary>
    Refused,
}

/// <summary>
/// The two Google web services pricing uses, over one named <see cref="HttpClient"/> with a timeout. Never logs the
/// key (it is in the query string, so URLs are not logged either).
/// </summary>
internal sealed class GoogleMapsClient(IHttpClientFactory httpClients, IOptions<GoogleMapsOptions> options, ILogger<GoogleMapsClient> logger)
{
    private readonly GoogleMapsOptions _options = options.Value;

    public async Task<(GoogleOutcome Outcome, JsonDocument? Body)> GetAsync(string api, string query, CancellationToken cancellationToken)
    {
        var url = $"{_options.BaseUrl.TrimEnd('/')}/maps/api/{api}/json?{query}&key={Uri.EscapeDataString(_options.ApiKey ?? "")}";
        try
        {
            using var response = await httpClients.CreateClient(GoogleMapsOptions.HttpClientName).GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var serverSide = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
                Log(serverSide ? GoogleOutcome.Unavailable : GoogleOutcome.Refused, api, $"HTTP {(int)response.StatusCode}", null);
                return (serverSide ? GoogleOutcome.Unavailable : GoogleOutcome.Refused, null);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var body = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var status = body.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
            var outcome = status switch
            {
                "OK" => GoogleOutcome.Ok,
                "ZERO_RESULTS" or "NOT_FOUND" => GoogleOutcome.NoResult,
                "OVER_QUERY_LIMIT" or "OVER_DAILY_LIMIT" or "UNKNOWN_ERROR" => GoogleOutcome.Unavailable,
                _ => GoogleOutcome.Refused, // REQUEST_DENIED, INVALID_REQUEST, MAX_ELEMENTS_EXCEEDED, anything new
            };
            if (outcome is GoogleOutcome.Unavailable or GoogleOutcome.Refused)
            {
                var message = body.RootElement.TryGetProperty("error_message", out var m) ? m.GetString() : null;
                Log(outcome, api, status ?? "no status", message);
                body.Dispose();
                return (outcome, null);
            }

            return (outcome, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log(GoogleOutcome.Unavailable, api, $"no answer within {_options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s", null);
            return (GoogleOutcome.Unavailable, null);
        }
        catch (HttpRequestException e)
        {
            Log(GoogleOutcome.Unavailable, api, e.HttpRequestError.ToString(), e.Message);
            return (GoogleOutcome.Unavailable, null);
        }
        catch (JsonException e)
        {
            Log(GoogleOutcome.Refused, api, "unreadable JSON", e.Message);
            return (GoogleOutcome.Refused, null);
        }
    }

    private void Log(GoogleOutcome outcome, string api, string status, string? message)
    {
        if (outcome == GoogleOutcome.Refused)
        {
            logger.LogError("Google {Api} refused the request ({Status}: {Message}); using the offline estimate. Check Maps:Google:ApiKey and the API's enablement.", api, status, message);
        }
        else
        {
            logger.LogWarning("Google {Api} unavailable ({Status}: {Message}); using the offline estimate", api, status, message);
        }
    }

    public static string LatLng(GeoPoint point) =>
        point.Latitude.ToString("0.######", CultureInfo.InvariantCulture) + "," + point.Longitude.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>
/// Road distance and time from the Google Distance Matrix API. ZERO_RESULTS / NOT_FOUND for the pair is the
/// <c>unreachable</c> domain error; anything else that goes wrong falls back to the offline estimate (source
/// <c>offline-fallback</c>), logged as a warning when it is passing (quota, 5xx, timeout) and as an error when it
/// needs someone (key refused, request rejected).
/// </summary>
internal sealed class GoogleDistanceEstimator(GoogleMapsClient google) : IDistanceEstimator
{
    public const string Source = "google";
    public const string FallbackSource = "offline-fallback";
    private const decimal MetresPerMile = 1609.344m;

    public async Task<RouteEstimate> EstimateAsync(GeoPoint from, GeoPoint to, CancellationToken cancellationToken)
    {
        var query = $"origins={GoogleMapsClient.LatLng(from)}&destinations={GoogleMapsClient.LatLng(to)}&units=imperial";
        var (outcome, body) = await google.GetAsync("distancematrix", query, cancellationToken);
        using (body)
        {
            if (outcome == GoogleOutcome.Ok && body is not null && Element(body.RootElement) is { } element)
            {
                var status = element.TryGetProperty("status", out var s) ? s.GetString() : null;
                if (status is "ZERO_RESULTS" or "NOT_FOUND" or "MAX_ROUTE_LENGTH_EXCEEDED")
                {
                    throw Unreachable();
                }

                if (status == "OK"
                    && element.TryGetProperty("distance", out var distance) && distance.TryGetProperty("value", out var metres)
                    && element.TryGetProperty("duration", out var duration) && duration.TryGetProperty("value", out var seconds))
                {
                    var miles = Math.Round(metres.GetDecimal() / MetresPerMile, 1, MidpointRounding.AwayFromZero);
                    var minutes = (int)Math.Ceiling(seconds.GetDouble() / 60);
                    return new RouteEstimate(miles, minutes, Source);
                }
            }

            if (outcome == GoogleOutcome.NoResult)
            {
                throw Unreachable();
            }
        }

        return OfflineDistanceEstimator.Estimate(from, to) with { Source = FallbackSource };
    }

    private static JsonElement? Element(JsonElement root) =>
        root.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Array && rows.GetArrayLength() > 0
        && rows[0].TryGetProperty("elements", out var elements) && elements.ValueKind == JsonValueKind.Array && elements.GetArrayLength() > 0
            ? elements[0]
            : null;

    private static Platform.Web.DomainException Unreachable() =>
        PricingErrors.Error(PricingErrors.Unreachable, "There is no road route between the pickup and the drop-off.");
}

/// <summary>
/// Postcodes and free-text addresses to points with the Google Geocoding API, restricted to Great Britain.
/// Answers are cached for 15 minutes (a failure is not cached).
/// </summary>
internal sealed class GoogleGeocoder(GoogleMapsClient google, IMemoryCache cache) : IGeocoder
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(15);

    public async Task<GeocodeResult> GeocodeAsync(string query, CancellationToken cancellationToken)
    {
        var key = "geocode:" + query.Trim().ToUpperInvariant();
        if (cache.TryGetValue(key, out GeocodeResult? known) && known is not null)
        {
            return known;
        }

        var (outcome, body) = await google.GetAsync(
            "geocode", $"address={Uri.EscapeDataString(query.Trim())}&region=uk&components=country:GB", cancellationToken);
        using (body)
        {
            var result = outcome switch
            {
                GoogleOutcome.Ok when body is not null && Read(body.RootElement) is { } found => found,
                GoogleOutcome.Ok or GoogleOutcome.NoResult => GeocodeResult.NotFound,
                _ => GeocodeResult.Unavailable,
            };
            if (result.Status != GeocodeStatus.Unavailable)
            {
                cache.Set(key, result, CacheFor);
            }

            return result;
        }
    }

    private static GeocodeResult? Read(JsonElement root)
    {
        if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() == 0)
        {
            return null;
        }

        var first = results[0];
        if (!first.TryGetProperty("geometry", out var geometry) || !geometry.TryGetProperty("location", out var location)
            || !location.TryGetProperty("lat", out var lat) || !location.TryGetProperty("lng", out var lng))
        {
            return null;
        }

        string? postcode = null;
        if (first.TryGetProperty("address_components", out var components) && components.ValueKind == JsonValueKind.Array)
        {
            foreach (var component in components.EnumerateArray())
            {
                if (component.TryGetProperty("types", out var types) && types.ValueKind == JsonValueKind.Array
                    && types.EnumerateArray().Any(t => t.GetString() == "postal_code"))
                {
                    postcode = component.TryGetProperty("long_name", out var name) ? name.GetString() : null;
                }
            }
        }

        var address = first.TryGetProperty("formatted_address", out var formatted) ? formatted.GetString() : null;
        return new GeocodeResult(GeocodeStatus.Found, new GeoPoint(lat.GetDouble(), lng.GetDouble()), address, postcode);
    }
}

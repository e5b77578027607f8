using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Nots.Pricing.Geography;

namespace Nots.Pricing.Routing;

/// <summary>
/// Keeps route estimates for 15 minutes, keyed by both ends rounded to 4 decimal places (about 10 m), so repeat
/// quotes for the same trip cost no Google call. A fallback estimate (Google unavailable) is kept for one minute only,
/// so Google is asked again soon. Errors (unreachable) are not cached. A cache, not state: losing it costs a call.
/// </summary>
internal sealed class CachingDistanceEstimator(IDistanceEstimator inner, IMemoryCache cache) : IDistanceEstimator
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan FallbackCacheFor = TimeSpan.FromMinutes(1);

    public async Task<RouteEstimate> EstimateAsync(GeoPoint from, GeoPoint to, CancellationToken cancellationToken)
    {
        var key = Key(from, to);
        if (cache.TryGetValue(key, out RouteEstimate? known) && known is not null)
        {
            return known;
        }

        var estimate = await inner.EstimateAsync(from, to, cancellationToken);
        cache.Set(key, estimate, estimate.Source == GoogleDistanceEstimator.FallbackSource ? FallbackCacheFor : CacheFor);
        return estimate;
    }

    internal static string Key(GeoPoint from, GeoPoint to) => string.Create(
        CultureInfo.InvariantCulture,
        $"route:{Math.Round(from.Latitude, 4)},{Math.Round(from.Longitude, 4)}>{Math.Round(to.Latitude, 4)},{Math.Round(to.Longitude, 4)}");
}

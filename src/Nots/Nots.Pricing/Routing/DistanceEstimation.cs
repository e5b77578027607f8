using Nots.Pricing.Geography;

namespace Nots.Pricing.Routing;

/// <summary>Road distance and driving time between two points.</summary>
public sealed record RouteEstimate(decimal Miles, int Minutes, string Source);

/// <summary>The distance port: the offline estimator by default, a Google Distance Matrix adapter later.</summary>
public interface IDistanceEstimator
{
    Task<RouteEstimate> EstimateAsync(GeoPoint from, GeoPoint to, CancellationToken cancellationToken);
}

/// <summary>
/// Offline estimate: great-circle distance times a road factor, then a speed profile.
/// The road factor falls from 1.35 for trips of 10 crow-miles or less (town streets wind) to 1.20 from 80 crow-miles
/// (mostly motorway), linearly between, so the estimate never jumps at a boundary. Time: the first 5 road miles at
/// 20 mph, the next 15 at 35 mph, the next 30 at 50 mph and the rest at 60 mph. Calibrated on Poole–Heathrow
/// (about 100 miles, 2 h) and Bournemouth–Southampton (about 32 miles).
/// </summary>
public sealed class OfflineDistanceEstimator : IDistanceEstimator
{
    private static readonly (double Miles, double Mph)[] SpeedProfile =
    [
        (5, 20),
        (15, 35),
        (30, 50),
        (double.PositiveInfinity, 60),
    ];

    public Task<RouteEstimate> EstimateAsync(GeoPoint from, GeoPoint to, CancellationToken cancellationToken) =>
        Task.FromResult(Estimate(from, to));

    public static RouteEstimate Estimate(GeoPoint from, GeoPoint to)
    {
        var crow = from.MilesTo(to);
        var road = crow * RoadFactor(crow);
        return new RouteEstimate(Math.Round((decimal)road, 1, MidpointRounding.AwayFromZero), DrivingMinutes(road), "offline");
    }

    internal static double RoadFactor(double crowMiles) =>
        1.20 + (0.15 * Math.Clamp((80 - crowMiles) / 70, 0, 1));

    internal static int DrivingMinutes(double roadMiles)
    {
        var hours = 0.0;
        var left = roadMiles;
        foreach (var (miles, mph) in SpeedProfile)
        {
            var stretch = Math.Min(left, miles);
            hours += stretch / mph;
            left -= stretch;
            if (left <= 0)
            {
                break;
            }
        }

        return (int)Math.Ceiling(Math.Round(hours * 60, 6));
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Reporting.Data;
using Platform.Identity;

namespace Nots.Reporting.Features.Analytics;

/// <summary>
/// <c>GET /v1/analytics?from=&amp;to=&amp;groupBy=day|week|month</c> (admin, owner): bookings, revenue, cancellations and
/// no-shows by UK day, ISO week (labelled by its Monday) or month; revenue by vehicle class and by route (top 10); average lead
/// time. Read from the reporting projection, never from the bookings module's tables.
/// </summary>
internal static class GetAnalytics
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("analytics", HandleAsync)
            .RequireAuthorization(PlatformPolicies.Operations)
            .WithTags("Analytics")
            .WithSummary("Bookings, revenue and cancellations over a period");

    private static async Task<Results<Ok<AnalyticsResponse>, ValidationProblem>> HandleAsync(
        string? from, string? to, string? groupBy, ReportingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var period = ReportPeriod.Parse(from, to, time, errors);
        var grouping = (groupBy ?? "day").Trim().ToLowerInvariant();
        if (grouping is not ("day" or "week" or "month"))
        {
            errors["groupBy"] = ["groupBy is day, week or month."];
        }

        if (period is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Both bounds are UTC instants at UK midnights: a booking belongs to the UK day it was confirmed on.
        var booked = await db.Bookings.AsNoTracking()
            .Where(f => f.ConfirmedAt >= period.FromUtc && f.ConfirmedAt < period.ToUtc)
            .ToListAsync(cancellationToken);
        var cancelled = await db.Bookings.AsNoTracking()
            .Where(f => f.CancelledAt >= period.FromUtc && f.CancelledAt < period.ToUtc)
            .ToListAsync(cancellationToken);
        var noShows = await db.Bookings.AsNoTracking()
            .Where(f => f.Status == FactStatus.NoShow && f.PickupAt >= period.FromUtc && f.PickupAt < period.ToUtc)
            .Select(f => f.PickupAt)
            .ToListAsync(cancellationToken);

        string Key(DateTimeOffset instant) => PeriodKey(ReportPeriod.LocalDate(instant), grouping);

        var series = Periods(period, grouping).Select(key => new AnalyticsPoint(
            key,
            booked.Count(f => Key(f.ConfirmedAt) == key),
            booked.Where(f => Key(f.ConfirmedAt) == key).Sum(f => (long)f.RevenuePence),
            cancelled.Count(f => Key(f.CancelledAt!.Value) == key),
            noShows.Count(at => Key(at) == key))).ToList();

        var byClass = booked.GroupBy(f => f.VehicleClass)
            .Select(g => new RevenueByClass(g.Key, g.Count(), g.Sum(f => (long)f.RevenuePence)))
            .OrderByDescending(c => c.RevenuePence).ThenBy(c => c.VehicleClass, StringComparer.Ordinal)
            .ToList();
        var routes = booked.GroupBy(f => (f.PickupName, f.DropoffName))
            .Select(g => new RevenueByRoute($"{g.Key.PickupName} → {g.Key.DropoffName}", g.Count(), g.Sum(f => (long)f.RevenuePence)))
            .OrderByDescending(r => r.RevenuePence).ThenByDescending(r => r.Bookings).ThenBy(r => r.Route, StringComparer.Ordinal)
            .Take(10)
            .ToList();
        var leadHours = booked.Count == 0 ? (double?)null
            : Math.Round(booked.Average(f => (f.PickupAt - f.ConfirmedAt).TotalHours), 1);

        return TypedResults.Ok(new AnalyticsResponse(
            period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            grouping,
            "Europe/London",
            "GBP",
            new AnalyticsTotals(booked.Count, booked.Sum(f => (long)f.RevenuePence), cancelled.Count, noShows.Count, leadHours),
            series,
            byClass,
            routes));
    }

    // A UK date's period: the day itself, the Monday of its ISO week, or its month.
    private static string PeriodKey(DateOnly date, string grouping) => grouping switch
    {
        "week" => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "month" => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    // Every period of the range, empty ones included, so a chart has no gaps.
    private static IEnumerable<string> Periods(ReportPeriod period, string grouping)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var day = period.From; day <= period.To; day = day.AddDays(1))
        {
            var key = PeriodKey(day, grouping);
            if (seen.Add(key))
            {
                yield return key;
            }
        }
    }
}

/// <summary>The analytics of a period.</summary>
/// <param name="From">First UK day included.</param>
/// <param name="To">Last UK day included.</param>
/// <param name="GroupBy"><c>day</c>, <c>week</c> or <c>month</c>.</param>
/// <param name="TimeZone">Always <c>Europe/London</c>: the day boundaries used.</param>
/// <param name="Currency">ISO 4217 code of every amount.</param>
/// <param name="Totals">The whole period.</param>
/// <param name="Series">One point per day, week (its Monday) or month, empty ones included.</param>
/// <param name="RevenueByVehicleClass">Revenue of bookings made in the period, by class.</param>
/// <param name="TopRoutes">The ten routes with the most revenue.</param>
public sealed record AnalyticsResponse(
    string From,
    string To,
    string GroupBy,
    string TimeZone,
    string Currency,
    AnalyticsTotals Totals,
    IReadOnlyList<AnalyticsPoint> Series,
    IReadOnlyList<RevenueByClass> RevenueByVehicleClass,
    IReadOnlyList<RevenueByRoute> TopRoutes);

/// <summary>Totals of a period.</summary>
/// <param name="Bookings">Bookings confirmed in the period.</param>
/// <param name="RevenuePence">Their fares, or only the fee for those since cancelled.</param>
/// <param name="Cancellations">Bookings cancelled in the period (after confirmation).</param>
/// <param name="NoShows">Pickups in the period where the passenger did not show.</param>
/// <param name="AverageLeadTimeHours">Average hours from confirmation to pickup; null without bookings.</param>
public sealed record AnalyticsTotals(int Bookings, long RevenuePence, int Cancellations, int NoShows, double? AverageLeadTimeHours);

/// <summary>One period of the series (bookings by confirmation day, cancellations by cancellation day, no-shows by pickup day).</summary>
public sealed record AnalyticsPoint(string Period, int Bookings, long RevenuePence, int Cancellations, int NoShows);

/// <summary>Revenue of one vehicle class.</summary>
public sealed record RevenueByClass(string VehicleClass, int Bookings, long RevenuePence);

/// <summary>Revenue of one route, pickup → destination.</summary>
public sealed record RevenueByRoute(string Route, int Bookings, long RevenuePence);

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

    internal static async Task<Results<Ok<AnalyticsResponse>, ValidationProblem>> HandleAsync(
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
        var dispatch = await DispatchMetricsAsync(db, period, cancellationToken);
        var utilisation = await UtilisationAsync(db, period, time.GetUtcNow(), cancellationToken);

        return TypedResults.Ok(new AnalyticsResponse(
            period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            grouping,
            "Europe/London",
            "GBP",
            new AnalyticsTotals(booked.Count, booked.Sum(f => (long)f.RevenuePence), cancelled.Count, noShows.Count, leadHours),
            series,
            byClass,
            routes,
            dispatch,
            utilisation));
    }

    // Offers made in the period and how they ended; time to accept over the accepted ones.
    private static async Task<DispatchStats> DispatchMetricsAsync(ReportingDbContext db, ReportPeriod period, CancellationToken cancellationToken)
    {
        var offers = await db.Offers.AsNoTracking()
            .Where(o => o.OfferedAt >= period.FromUtc && o.OfferedAt < period.ToUtc)
            .Select(o => new { o.Outcome, o.OfferedAt, o.ResolvedAt })
            .ToListAsync(cancellationToken);
        var accepted = offers.Where(o => o.Outcome == "accepted").Select(o => (o.ResolvedAt - o.OfferedAt).TotalSeconds).Order().ToList();
        return new DispatchStats(
            offers.Count,
            accepted.Count,
            offers.Count(o => o.Outcome == "rejected"),
            offers.Count(o => o.Outcome == "expired"),
            offers.Count == 0 ? null : Math.Round((double)accepted.Count / offers.Count, 3),
            accepted.Count == 0 ? null : Math.Round(accepted.Average(), 1),
            accepted.Count == 0 ? null : Math.Round(accepted[(int)Math.Ceiling(0.95 * accepted.Count) - 1], 1));
    }

    // Per driver: hours on duty and hours on the road (en route to completed) inside the period, and their ratio.
    private static async Task<IReadOnlyList<DriverUtilisation>> UtilisationAsync(ReportingDbContext db, ReportPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = period.FromUtc;
        var to = period.ToUtc < now ? period.ToUtc : now;
        // Each driver's state at the start of the period is their last change before it.
        var before = await db.DutyChanges.AsNoTracking()
            .Where(d => d.At < from)
            .GroupBy(d => d.DriverId)
            .Select(g => g.OrderByDescending(d => d.At).ThenByDescending(d => d.Id).First())
            .ToListAsync(cancellationToken);
        var during = await db.DutyChanges.AsNoTracking().Where(d => d.At >= from && d.At < to).ToListAsync(cancellationToken);
        var jobs = await db.JobTimes.AsNoTracking()
            .Where(j => j.DriverId != null && j.StartedAt != null && j.StartedAt < to && (j.EndedAt == null || j.EndedAt > from))
            .ToListAsync(cancellationToken);

        var onDuty = new Dictionary<Guid, double>();
        foreach (var changes in before.Concat(during).GroupBy(d => d.DriverId))
        {
            DateTimeOffset? since = null;
            var hours = 0.0;
            foreach (var change in changes.OrderBy(d => d.At).ThenBy(d => d.Id))
            {
                var at = change.At < from ? from : change.At;
                if (change.OnDuty)
                {
                    since ??= at;
                }
                else if (since is { } start)
                {
                    hours += (at - start).TotalHours;
                    since = null;
                }
            }

            if (since is { } open && open < to)
            {
                hours += (to - open).TotalHours;
            }

            onDuty[changes.Key] = hours;
        }

        var onJob = jobs.GroupBy(j => j.DriverId!.Value).ToDictionary(
            g => g.Key,
            g => g.Sum(j => ((j.EndedAt ?? to) < to ? j.EndedAt!.Value : to).Subtract(j.StartedAt!.Value < from ? from : j.StartedAt.Value).TotalHours));
        var ids = onDuty.Where(d => d.Value > 0).Select(d => d.Key).Union(onJob.Keys).ToList();
        var names = await db.Drivers.AsNoTracking().Where(d => ids.Contains(d.DriverId)).ToDictionaryAsync(d => d.DriverId, d => d.Name, cancellationToken);
        return ids.Select(id =>
            {
                var duty = onDuty.GetValueOrDefault(id);
                var job = Math.Max(0, onJob.GetValueOrDefault(id));
                return new DriverUtilisation(id, names.GetValueOrDefault(id), Math.Round(duty, 2), Math.Round(job, 2),
                    duty > 0 ? Math.Round(Math.Min(1, job / duty), 3) : null);
            })
            .OrderByDescending(u => u.Utilisation ?? -1).ThenBy(u => u.DriverName, StringComparer.Ordinal)
            .ToList();
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
/// <param name="Dispatch">Offers made in the period and how drivers answered them.</param>
/// <param name="DriverUtilisation">Per driver with duty or road time in the period: hours on the road / hours on duty.</param>
public sealed record AnalyticsResponse(
    string From,
    string To,
    string GroupBy,
    string TimeZone,
    string Currency,
    AnalyticsTotals Totals,
    IReadOnlyList<AnalyticsPoint> Series,
    IReadOnlyList<RevenueByClass> RevenueByVehicleClass,
    IReadOnlyList<RevenueByRoute> TopRoutes,
    DispatchStats Dispatch,
    IReadOnlyList<DriverUtilisation> DriverUtilisation);

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

/// <summary>Offers made to drivers in the period.</summary>
/// <param name="OffersMade">Offers made (and since resolved).</param>
/// <param name="OffersAccepted">Accepted by the driver.</param>
/// <param name="OffersRejected">Declined by the driver.</param>
/// <param name="OffersExpired">Not answered in time.</param>
/// <param name="AcceptanceRate">Accepted / made (0–1); null without offers.</param>
/// <param name="AverageSecondsToAccept">Mean time from offer to acceptance; null without acceptances.</param>
/// <param name="P95SecondsToAccept">95th percentile of that time.</param>
public sealed record DispatchStats(int OffersMade, int OffersAccepted, int OffersRejected, int OffersExpired, double? AcceptanceRate,
    double? AverageSecondsToAccept, double? P95SecondsToAccept);

/// <summary>One driver's use in the period.</summary>
/// <param name="DriverId">Fleet driver id.</param>
/// <param name="DriverName">Name as last reported by the fleet or dispatch; null if never reported.</param>
/// <param name="OnDutyHours">Hours on duty inside the period (up to now).</param>
/// <param name="OnJobHours">Hours from setting off to completing jobs inside the period.</param>
/// <param name="Utilisation">On-job / on-duty hours (0–1); null without duty time.</param>
public sealed record DriverUtilisation(Guid DriverId, string? DriverName, double OnDutyHours, double OnJobHours, double? Utilisation);

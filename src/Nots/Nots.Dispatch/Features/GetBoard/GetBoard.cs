using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Dispatch;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Data;
using Nots.Dispatch.Domain;
using Platform.Identity;

namespace Nots.Dispatch.Features.GetBoard;

/// <summary>A job on the board, with its driver's and vehicle's names.</summary>
public sealed record BoardJob(JobView Job, string? DriverName, string? BadgeNumber, string? Registration);

/// <summary>A driver who can take work now, where they last were and what they are doing.</summary>
public sealed record BoardDriver(
    Guid DriverId, string Name, bool OnDuty, double? Lat, double? Lng, DateTimeOffset? PositionAt, string? CurrentJob, string? CurrentStatus);

/// <summary>
/// The dispatcher's board: the day's jobs by pickup time (UK day), every job still without a driver in the next 24
/// hours, and the drivers available now. <see cref="BoardVersion"/> is the live feed's version this board reflects.
/// </summary>
public sealed record BoardResponse(string Date, long BoardVersion, IReadOnlyList<BoardJob> Jobs, IReadOnlyList<BoardJob> UnassignedNext24Hours, IReadOnlyList<BoardDriver> Drivers);

internal static class GetBoard
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("board", HandleAsync)
            .RequireAuthorization(PlatformPolicies.Staff)
            .WithName("GetDispatchBoard")
            .WithSummary("Jobs of a UK day by time with status and driver, unassigned jobs in the next 24 hours, available drivers.");

    private static async Task<Results<Ok<BoardResponse>, ValidationProblem>> HandleAsync(
        string? date, [FromServices] IFleetDirectory fleet, DispatchDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["date is yyyy-mm-dd."] });
            }

            day = parsed;
        }

        return TypedResults.Ok(await LoadAsync(day, fleet, db, time, cancellationToken));
    }

    /// <summary>The board of a UK day (today when null); shared with the operations dashboard (<see cref="Desk.IDispatchDesk"/>).</summary>
    internal static async Task<BoardResponse> LoadAsync(DateOnly? date, IFleetDirectory fleet, DispatchDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var day = date ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, London).Date);
        var from = UkMidnight(day);
        var to = UkMidnight(day.AddDays(1));
        var version = await db.Board.AsNoTracking().Where(b => b.Id == 1).Select(b => b.Version).FirstOrDefaultAsync(cancellationToken);
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.PickupAt >= from && j.PickupAt < to).OrderBy(j => j.PickupAt).Take(1000).ToListAsync(cancellationToken);
        var horizon = now.AddHours(24);
        var waiting = await db.Jobs.AsNoTracking()
            .Where(j => (j.Status == JobStatuses.Unassigned || j.Status == JobStatuses.Escalated) && j.PickupAt >= now.AddHours(-2) && j.PickupAt < horizon)
            .OrderBy(j => j.PickupAt).Take(500).ToListAsync(cancellationToken);

        var available = await fleet.ListDispatchableDriversAsync(cancellationToken);
        var drivers = new Dictionary<Guid, DriverSnapshot?>(available.ToDictionary(d => d.Id, d => (DriverSnapshot?)d));
        var vehicles = new Dictionary<Guid, VehicleSnapshot?>();
        foreach (var job in jobs)
        {
            if (job.DriverId is { } d && !drivers.ContainsKey(d))
            {
                drivers[d] = await fleet.FindDriverAsync(d, cancellationToken);
            }

            if (job.VehicleId is { } v && !vehicles.ContainsKey(v))
            {
                vehicles[v] = await fleet.FindVehicleAsync(v, cancellationToken);
            }
        }

        BoardJob Row(Job j)
        {
            var driver = j.DriverId is { } d ? drivers.GetValueOrDefault(d) : null;
            var vehicle = j.VehicleId is { } v ? vehicles.GetValueOrDefault(v) : null;
            return new BoardJob(JobView.From(j), driver?.Name, driver?.BadgeNumber, vehicle?.Registration);
        }

        var ids = available.Select(d => d.Id).ToList();
        var positions = await db.Positions.AsNoTracking().Where(p => ids.Contains(p.DriverId)).ToDictionaryAsync(p => p.DriverId, cancellationToken);
        var current = await db.Jobs.AsNoTracking()
            .Where(j => j.DriverId != null && ids.Contains(j.DriverId.Value) && Job.Holding.Contains(j.Status) && j.PickupAt < horizon)
            .OrderBy(j => j.PickupAt).ToListAsync(cancellationToken);
        var board = available.Select(d =>
        {
            var position = positions.GetValueOrDefault(d.Id);
            var job = current.FirstOrDefault(j => j.DriverId == d.Id);
            return new BoardDriver(d.Id, d.Name, d.OnDuty, position?.Lat, position?.Lng, position?.At, job?.BookingReference, job?.Status);
        }).ToList();

        return new BoardResponse(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), version, jobs.Select(Row).ToList(), waiting.Select(Row).ToList(), board);
    }

    private static DateTimeOffset UkMidnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, London.GetUtcOffset(local)).ToUniversalTime();
    }
}

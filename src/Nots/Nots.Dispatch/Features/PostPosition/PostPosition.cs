using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Data;
using Nots.Dispatch.Domain;
using Platform.Identity;

namespace Nots.Dispatch.Features.PostPosition;

/// <summary><c>POST /v1/dispatch/positions</c>: where the driver is now (WGS84 degrees, accuracy in metres).</summary>
public sealed record PostPositionRequest(
    [Required, Range(-90.0, 90.0)] double? Lat,
    [Required, Range(-180.0, 180.0)] double? Lng,
    [Range(0.0, 100000.0)] double? Accuracy = null);

/// <summary>The position as stored.</summary>
public sealed record PositionResponse(Guid DriverId, double Lat, double Lng, double? Accuracy, DateTimeOffset At);

internal static class PostPosition
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("positions", HandleAsync)
            .RequireAuthorization(PlatformPolicies.Role("driver"))
            .WithName("PostDriverPosition")
            .WithSummary("The calling driver's current position (last known position ranks auto-dispatch and is no-show evidence).");

    private static async Task<Ok<PositionResponse>> HandleAsync(
        PostPositionRequest request, HttpContext http, [FromServices] IFleetDirectory fleet, DispatchDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var driver = await Callers.DriverAsync(http, fleet, cancellationToken);
        return TypedResults.Ok(await SaveAsync(db, driver.Id, request.Lat!.Value, request.Lng!.Value, request.Accuracy, time.GetUtcNow(), cancellationToken));
    }

    /// <summary>Stores the driver's last known position: the API's and the driver app's.</summary>
    internal static async Task<PositionResponse> SaveAsync(DispatchDbContext db, Guid driverId, double lat, double lng, double? accuracy, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // One row per driver, last write wins: an UPDATE, and an INSERT the first time (a racing first insert retries as an update).
        for (var attempt = 1; ; attempt++)
        {
            var updated = await db.Positions.Where(p => p.DriverId == driverId).ExecuteUpdateAsync(
                u => u.SetProperty(p => p.Lat, lat).SetProperty(p => p.Lng, lng).SetProperty(p => p.Accuracy, accuracy).SetProperty(p => p.At, now),
                cancellationToken);
            if (updated > 0)
            {
                break;
            }

            try
            {
                db.Positions.Add(new DriverPosition { DriverId = driverId, Lat = lat, Lng = lng, Accuracy = accuracy, At = now });
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }

        return new PositionResponse(driverId, lat, lng, accuracy, now);
    }
}

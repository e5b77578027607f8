using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Platform.Identity;

namespace Nots.Fleet.Features.Vehicles;

/// <summary><c>GET /v1/vehicles?vehicleClass=&amp;active=&amp;driverId=&amp;limit=&amp;cursor=</c> (staff), by registration.</summary>
internal static class ListVehicles
{
    public static void Map(RouteGroupBuilder vehicles) =>
        vehicles.MapGet("", HandleAsync).RequireAuthorization(PlatformPolicies.Staff).WithName("ListVehicles")
            .WithSummary("List vehicles: ?vehicleClass=, active, driverId, limit, cursor (staff)");

    private static async Task<Results<Ok<Page<VehicleResponse>>, ValidationProblem>> HandleAsync(
        string? vehicleClass,
        bool? active,
        Guid? driverId,
        int? limit,
        string? cursor,
        FleetDbContext db,
        ComplianceReader compliance,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (vehicleClass is not null && !Vehicle.Classes.Contains(vehicleClass))
        {
            errors["vehicleClass"] = [$"vehicleClass must be one of {string.Join(", ", Vehicle.Classes)}."];
        }

        Cursor.CheckLimit(limit, errors, out var take);
        var after = cursor is null ? null : Cursor.Decode(cursor, 1);
        if (cursor is not null && after is null)
        {
            errors["cursor"] = ["The cursor is not one this API gave out."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var query = db.Vehicles.AsNoTracking().Include(v => v.Drivers).AsQueryable();
        if (vehicleClass is not null)
        {
            query = query.Where(v => v.VehicleClass == vehicleClass);
        }

        if (active is { } a)
        {
            query = query.Where(v => v.Active == a);
        }

        if (driverId is { } d)
        {
            query = query.Where(v => v.Drivers.Any(x => x.DriverId == d));
        }

        if (after is [var registration])
        {
            query = query.Where(v => string.Compare(v.Registration, registration) > 0);
        }

        var rows = await query.OrderBy(v => v.Registration).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).ToList();
        var results = await compliance.EvaluateAsync(OwnerTypes.Vehicle, page.Select(v => v.Id).ToList(), cancellationToken);
        var next = rows.Count > take ? Cursor.Encode(page[^1].Registration) : null;
        return TypedResults.Ok(new Page<VehicleResponse>(page.Select(v => Views.ToResponse(v, results[v.Id])).ToList(), next));
    }
}

/// <summary><c>GET /v1/vehicles/{id}</c>: staff, or a driver assigned to it; anyone else gets 404.</summary>
internal static class GetVehicle
{
    public static void Map(RouteGroupBuilder vehicles) =>
        vehicles.MapGet("{id:guid}", HandleAsync).RequireAuthorization(PlatformPolicies.Authenticated).WithName("GetVehicle")
            .WithSummary("A vehicle with compliance (staff, or an assigned driver)");

    private static async Task<Ok<VehicleResponse>> HandleAsync(
        Guid id, HttpContext http, IAuthorizationService authorization, FleetDbContext db, ComplianceReader compliance, CancellationToken cancellationToken)
    {
        var caller = await FleetCaller.FromAsync(http, authorization);
        var vehicle = await db.Vehicles.AsNoTracking().Include(v => v.Drivers).FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (vehicle is null || !(caller.IsStaff || await caller.MayHandleDocumentsOfAsync(db, OwnerTypes.Vehicle, id, cancellationToken)))
        {
            throw FleetErrors.VehicleNotFound(id);
        }

        return TypedResults.Ok(Views.ToResponse(vehicle, await compliance.EvaluateAsync(OwnerTypes.Vehicle, id, cancellationToken)));
    }
}

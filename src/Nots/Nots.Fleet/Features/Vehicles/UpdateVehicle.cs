using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Fleet;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Nots.Fleet.Features.Drivers;
using Platform.Identity;
using Platform.Messaging;

namespace Nots.Fleet.Features.Vehicles;

/// <summary>Fields to change; absent ones stay. <c>driverIds</c>, when given, replaces the assigned drivers.</summary>
public sealed record UpdateVehicleRequest(
    [StringLength(12)] string? Registration = null,
    [StringLength(50)] string? Make = null,
    [StringLength(50)] string? Model = null,
    [StringLength(30)] string? Colour = null,
    [StringLength(20)] string? VehicleClass = null,
    [Range(1, 8)] int? Seats = null,
    [Range(0, 20)] int? Suitcases = null,
    [StringLength(30)] string? PlateNumber = null,
    IReadOnlyList<Guid>? DriverIds = null,
    bool? WheelchairAccessible = null,
    bool? Active = null,
    int? Version = null);

/// <summary><c>PATCH /v1/vehicles/{id}</c> (admin, owner): raises <c>VehicleChanged</c> with before/after.</summary>
internal static class UpdateVehicle
{
    public static void Map(RouteGroupBuilder vehicles) =>
        vehicles.MapPatch("{id:guid}", HandleAsync).RequireAuthorization(PlatformPolicies.Operations).WithName("UpdateVehicle")
            .WithSummary("Change a vehicle, its active flag or its drivers (admin, owner)");

    private static async Task<Results<Ok<VehicleResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        UpdateVehicleRequest request,
        HttpContext http,
        FleetDbContext db,
        ComplianceReader compliance,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var input = VehicleInput.Normalise(request.Registration, request.Make, request.Model, request.Colour, request.VehicleClass, request.PlateNumber, required: false, errors);
        if (request is { Registration: null, Make: null, Model: null, Colour: null, VehicleClass: null, Seats: null, Suitcases: null, PlateNumber: null,
            DriverIds: null, WheelchairAccessible: null, Active: null })
        {
            errors[""] = ["Nothing to change."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var vehicle = await db.Vehicles.Include(v => v.Drivers).FirstOrDefaultAsync(v => v.Id == id, cancellationToken) ?? throw FleetErrors.VehicleNotFound(id);
        if (request.Version is { } version && version != vehicle.Version)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "stale_version", "The vehicle was changed since you read it.", $"Current version is {vehicle.Version}.");
        }

        await VehicleInput.CheckAsync(db, vehicle.Id, input.Registration, input.PlateNumber, request.DriverIds, cancellationToken);
        var before = Snapshot(vehicle);
        var now = time.GetUtcNow();
        vehicle.Change(input.Registration, input.Make, input.Model, input.Colour, input.VehicleClass, request.Seats, request.Suitcases, input.PlateNumber,
            request.WheelchairAccessible, request.Active, request.DriverIds, now);
        var after = Snapshot(vehicle);
        var changes = new ChangeSet();
        foreach (var (field, value) in before)
        {
            changes.Track(field, value, after[field]);
        }

        if (!changes.IsEmpty)
        {
            db.AddIntegrationEvent(new VehicleChangedIntegrationEvent(vehicle.Id, vehicle.Registration, changes.Fields, changes.BeforeJson, changes.AfterJson,
                OnboardDriver.FleetCallerId(http), now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            throw FleetErrors.Taken("vehicle_taken", "vehicle was given this registration or plate at the same time");
        }

        return TypedResults.Ok(Views.ToResponse(vehicle, await compliance.EvaluateAsync(OwnerTypes.Vehicle, vehicle.Id, cancellationToken)));
    }

    // Values compared as strings so the audit trail reads the same whatever the type.
    private static Dictionary<string, string?> Snapshot(Vehicle v) => new(StringComparer.Ordinal)
    {
        ["registration"] = v.Registration,
        ["make"] = v.Make,
        ["model"] = v.Model,
        ["colour"] = v.Colour,
        ["vehicleClass"] = v.VehicleClass,
        ["seats"] = v.Seats.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["suitcases"] = v.Suitcases.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["plateNumber"] = v.PlateNumber,
        ["wheelchairAccessible"] = v.WheelchairAccessible ? "true" : "false",
        ["active"] = v.Active ? "true" : "false",
        ["driverIds"] = string.Join(",", v.DriverIds),
    };
}

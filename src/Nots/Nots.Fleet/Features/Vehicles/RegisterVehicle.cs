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
using Nots.Fleet.Domain.Rules;
using Nots.Fleet.Features.Drivers;
using Platform.Identity;
using Platform.Messaging;
using Platform.Web;

namespace Nots.Fleet.Features.Vehicles;

/// <summary>A vehicle to license for private hire.</summary>
/// <param name="Registration">UK registration mark; normalised (<c>hf71abc</c> → <c>HF71 ABC</c>); unique.</param>
/// <param name="Make">Make.</param>
/// <param name="Model">Model.</param>
/// <param name="Colour">Colour (customers are told it).</param>
/// <param name="VehicleClass"><c>saloon</c>, <c>estate</c>, <c>executive</c>, <c>mpv6</c> or <c>mpv8</c>.</param>
/// <param name="Seats">Passenger seats.</param>
/// <param name="Suitcases">Suitcase capacity.</param>
/// <param name="PlateNumber">Council plate number; unique.</param>
/// <param name="DriverIds">Drivers who may drive it.</param>
/// <param name="WheelchairAccessible">Carries a wheelchair user.</param>
/// <param name="Active">In service (default true).</param>
public sealed record RegisterVehicleRequest(
    [Required, StringLength(12)] string? Registration,
    [Required, StringLength(50)] string? Make,
    [Required, StringLength(50)] string? Model,
    [Required, StringLength(30)] string? Colour,
    [Required, StringLength(20)] string? VehicleClass,
    [Required, Range(1, 8)] int? Seats,
    [Required, Range(0, 20)] int? Suitcases,
    [Required, StringLength(30)] string? PlateNumber,
    IReadOnlyList<Guid>? DriverIds = null,
    bool? WheelchairAccessible = null,
    bool? Active = null);

/// <summary><c>POST /v1/vehicles</c> (admin, owner).</summary>
internal static class RegisterVehicle
{
    public static void Map(RouteGroupBuilder vehicles) =>
        vehicles.MapPost("", HandleAsync).RequireAuthorization(PlatformPolicies.Operations).WithName("RegisterVehicle")
            .WithSummary("Register a vehicle (admin, owner)");

    private static async Task<Results<Created<VehicleResponse>, ValidationProblem>> HandleAsync(
        RegisterVehicleRequest request,
        HttpContext http,
        FleetDbContext db,
        ComplianceReader compliance,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var input = VehicleInput.Normalise(request.Registration, request.Make, request.Model, request.Colour, request.VehicleClass, request.PlateNumber, required: true, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var driverIds = request.DriverIds ?? [];
        await VehicleInput.CheckAsync(db, null, input.Registration, input.PlateNumber, driverIds, cancellationToken);
        var now = time.GetUtcNow();
        var vehicle = Vehicle.Register(input.Registration!, input.Make!, input.Model!, input.Colour!, input.VehicleClass!, request.Seats!.Value,
            request.Suitcases!.Value, input.PlateNumber!, request.WheelchairAccessible ?? false, request.Active ?? true, driverIds, now);
        db.Vehicles.Add(vehicle);
        db.AddIntegrationEvent(new VehicleRegisteredIntegrationEvent(vehicle.Id, vehicle.Registration, vehicle.Make, vehicle.Model, vehicle.Colour,
            vehicle.VehicleClass, vehicle.Seats, vehicle.Suitcases, vehicle.PlateNumber, vehicle.WheelchairAccessible, vehicle.DriverIds,
            OnboardDriver.FleetCallerId(http), now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            throw FleetErrors.Taken("vehicle_taken", "vehicle with this registration or plate was registered at the same time");
        }

        var result = await compliance.EvaluateAsync(OwnerTypes.Vehicle, vehicle.Id, cancellationToken);
        return TypedResults.Created($"{http.Request.PathBase}/v1/vehicles/{vehicle.Id}", Views.ToResponse(vehicle, result));
    }
}

/// <summary>Normalising and checking vehicle details, shared by registering and editing.</summary>
internal static class VehicleInput
{
    public sealed record Normalised(string? Registration, string? Make, string? Model, string? Colour, string? VehicleClass, string? PlateNumber);

    public static Normalised Normalise(string? registration, string? make, string? model, string? colour, string? vehicleClass, string? plate, bool required,
        Dictionary<string, string[]> errors)
    {
        string? reg = null, cls = null, pl = null;
        if ((registration is not null || required) && !Registration.TryNormalise(registration, out reg))
        {
            errors["registration"] = ["Not a UK registration mark, e.g. HF71 ABC."];
        }

        if (vehicleClass is not null || required)
        {
            cls = vehicleClass?.Trim().ToLowerInvariant();
            if (cls is null || !Vehicle.Classes.Contains(cls))
            {
                errors["vehicleClass"] = [$"vehicleClass must be one of {string.Join(", ", Vehicle.Classes)}."];
            }
        }

        if ((plate is not null || required) && !CouncilNumber.TryNormalise(plate, out pl))
        {
            errors["plateNumber"] = ["Plate number: letters, digits, '-' or '/', at most 30 characters."];
        }

        return new Normalised(reg, Text("make", make, 50), Text("model", model, 50), Text("colour", colour, 30), cls, pl);

        string? Text(string field, string? value, int max)
        {
            if (value is null && !required)
            {
                return null;
            }

            var trimmed = value?.Trim();
            if (string.IsNullOrEmpty(trimmed) || trimmed.Length > max)
            {
                errors[field] = [$"{field} is required (at most {max} characters)."];
            }

            return trimmed;
        }
    }

    /// <summary>409 for a taken registration or plate; 422 for a driver who does not exist or has left.</summary>
    public static async Task CheckAsync(FleetDbContext db, Guid? self, string? registration, string? plate, IReadOnlyList<Guid>? driverIds, CancellationToken cancellationToken)
    {
        var others = db.Vehicles.AsNoTracking().Where(v => v.Id != self);
        if (registration is not null && await others.AnyAsync(v => v.Registration == registration, cancellationToken))
        {
            throw FleetErrors.Taken("registration_taken", "vehicle has this registration");
        }

        if (plate is not null && await others.AnyAsync(v => v.PlateNumber == plate, cancellationToken))
        {
            throw FleetErrors.Taken("plate_number_taken", "vehicle has this plate number");
        }

        if (driverIds is { Count: > 0 })
        {
            var ids = driverIds.Distinct().ToList();
            var found = await db.Drivers.AsNoTracking().Where(d => ids.Contains(d.Id) && d.Status != DriverStatuses.Left).Select(d => d.Id).ToListAsync(cancellationToken);
            var missing = ids.Except(found).ToList();
            if (missing.Count > 0)
            {
                throw new DomainException("driver_not_found", $"No current driver {string.Join(", ", missing)}.");
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Fleet;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Nots.Fleet.Domain.Rules;
using Nots.Fleet.Features.Drivers;

namespace Nots.Fleet;

/// <summary>
/// <see cref="IFleetDirectory"/> over the fleet tables, compliance worked out for today (Europe/London) on every call, so
/// a document that expired at midnight counts at once. Scoped (it uses the request's DbContext).
/// </summary>
internal sealed class FleetDirectory(FleetDbContext db, ComplianceReader compliance, BadgeLinks badges, FleetOptions options) : IFleetDirectory
{
    public async Task<DriverSnapshot?> FindDriverAsync(Guid driverId, CancellationToken cancellationToken = default)
    {
        var driver = await db.Drivers.AsNoTracking().FirstOrDefaultAsync(d => d.Id == driverId, cancellationToken);
        return driver is null ? null : (await DriversAsync([driver], cancellationToken))[0];
    }

    public async Task<DriverSnapshot?> FindDriverByUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var driver = await db.Drivers.AsNoTracking().FirstOrDefaultAsync(d => d.UserId == userId, cancellationToken);
        return driver is null ? null : (await DriversAsync([driver], cancellationToken))[0];
    }

    public async Task<VehicleSnapshot?> FindVehicleAsync(Guid vehicleId, CancellationToken cancellationToken = default)
    {
        var vehicle = await db.Vehicles.AsNoTracking().Include(v => v.Drivers).FirstOrDefaultAsync(v => v.Id == vehicleId, cancellationToken);
        if (vehicle is null)
        {
            return null;
        }

        var result = await compliance.EvaluateAsync(OwnerTypes.Vehicle, vehicle.Id, cancellationToken);
        return ToSnapshot(vehicle, result);
    }

    public async Task<IReadOnlyList<DriverSnapshot>> ListDispatchableDriversAsync(CancellationToken cancellationToken = default)
    {
        var drivers = await db.Drivers.AsNoTracking()
            .Where(d => d.Status == DriverStatuses.Active && d.OnDuty)
            .OrderBy(d => d.Name).ThenBy(d => d.EmailKey)
            .ToListAsync(cancellationToken);
        if (drivers.Count == 0)
        {
            return [];
        }

        var snapshots = await DriversAsync(drivers, cancellationToken);
        var vehicleIds = snapshots.Where(s => s.Compliant).SelectMany(s => s.VehicleIds).Distinct().ToList();
        var activeVehicles = await db.Vehicles.AsNoTracking().Where(v => vehicleIds.Contains(v.Id) && v.Active).Select(v => v.Id).ToListAsync(cancellationToken);
        var vehicleResults = await compliance.EvaluateAsync(OwnerTypes.Vehicle, activeVehicles, cancellationToken);
        var usable = vehicleResults.Where(r => r.Value.Compliant).Select(r => r.Key).ToHashSet();
        return snapshots.Where(s => s.Compliant && s.VehicleIds.Any(usable.Contains)).ToList();
    }

    private async Task<List<DriverSnapshot>> DriversAsync(IReadOnlyList<Driver> drivers, CancellationToken cancellationToken)
    {
        var ids = drivers.Select(d => d.Id).ToList();
        var results = await compliance.EvaluateAsync(OwnerTypes.Driver, ids, cancellationToken);
        var links = await db.VehicleDrivers.AsNoTracking().Where(a => ids.Contains(a.DriverId)).ToListAsync(cancellationToken);
        var vehicles = links.ToLookup(a => a.DriverId, a => a.VehicleId);
        var withBadge = (await BadgeLinks.Current(db, compliance.Today).Where(b => ids.Contains(b.OwnerId)).Select(b => b.OwnerId).ToListAsync(cancellationToken)).ToHashSet();
        var baseUrl = options.PublicBaseUrl ?? options.FallbackBaseUrl;
        return drivers.Select(d => ToSnapshot(d, results[d.Id], vehicles[d.Id].OrderBy(v => v).ToList(),
            withBadge.Contains(d.Id) ? badges.Url(baseUrl, d.Id) : null)).ToList();
    }

    private static DriverSnapshot ToSnapshot(Driver d, ComplianceResult result, IReadOnlyList<Guid> vehicleIds, string? badgeUrl) => new(
        d.Id, d.UserId, d.Name, d.FirstName, d.Email, d.Phone, d.LicenceNumber, d.BadgeNumber, d.Status, d.OnDuty,
        result.Compliant, result.Issues, vehicleIds, badgeUrl);

    private static VehicleSnapshot ToSnapshot(Vehicle v, ComplianceResult result) => new(
        v.Id, v.Registration, v.Make, v.Model, v.Colour, v.VehicleClass, v.Seats, v.Suitcases, v.PlateNumber, v.WheelchairAccessible, v.Active,
        result.Compliant, result.Issues, v.DriverIds);
}

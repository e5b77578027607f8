using System.Collections.Concurrent;
using Nots.Contracts.Fleet;

namespace Nots.Tests.Dispatch;

/// <summary>
/// Stands in for Nots.Fleet's <see cref="IFleetDirectory"/> until that module is merged: drivers and vehicles are
/// whatever the test adds, and the test can change their compliance, status and duty as the fleet module would.
/// </summary>
internal sealed class TestFleet : IFleetDirectory
{
    private readonly ConcurrentDictionary<Guid, DriverSnapshot> _drivers = new();
    private readonly ConcurrentDictionary<Guid, VehicleSnapshot> _vehicles = new();

    public DriverSnapshot AddDriver(Guid userId, string name, bool onDuty = true)
    {
        var id = Guid.NewGuid();
        var first = name.Split(' ')[0];
        var driver = new DriverSnapshot(id, userId, name, first, $"{first.ToLowerInvariant()}.{id:N}@drivers.test", "+447700900" + Random.Shared.Next(100, 999),
            "DVLA" + id.ToString("N")[..8].ToUpperInvariant(), "PH" + Random.Shared.Next(1000, 9999), DriverStatuses.Active, onDuty, true, [], [], $"https://nots.test/badges/{id:N}.jpg");
        _drivers[id] = driver;
        return driver;
    }

    public VehicleSnapshot AddVehicle(Guid driverId, string vehicleClass = "saloon", int seats = 4, int suitcases = 3, string registration = "HF71 ABC", string colour = "Silver")
    {
        var id = Guid.NewGuid();
        var vehicle = new VehicleSnapshot(id, registration, "Skoda", "Superb", colour, vehicleClass, seats, suitcases, "PL-" + Random.Shared.Next(100, 999), false, true, true, [], [driverId]);
        _vehicles[id] = vehicle;
        _drivers.AddOrUpdate(driverId, _ => throw new InvalidOperationException("No such driver."), (_, d) => d with { VehicleIds = [.. d.VehicleIds, id] });
        return vehicle;
    }

    public void ChangeDriver(Guid id, Func<DriverSnapshot, DriverSnapshot> change) => _drivers.AddOrUpdate(id, _ => throw new InvalidOperationException(), (_, d) => change(d));

    public void ChangeVehicle(Guid id, Func<VehicleSnapshot, VehicleSnapshot> change) => _vehicles.AddOrUpdate(id, _ => throw new InvalidOperationException(), (_, v) => change(v));

    /// <summary>Takes every driver off duty, so a test's own drivers are the only candidates for auto-dispatch.</summary>
    public void SendEveryoneHome()
    {
        foreach (var id in _drivers.Keys)
        {
            ChangeDriver(id, d => d with { OnDuty = false });
        }
    }

    public Task<DriverSnapshot?> FindDriverAsync(Guid driverId, CancellationToken cancellationToken = default) => Task.FromResult(_drivers.GetValueOrDefault(driverId));

    public Task<DriverSnapshot?> FindDriverByUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_drivers.Values.FirstOrDefault(d => d.UserId == userId));

    public Task<VehicleSnapshot?> FindVehicleAsync(Guid vehicleId, CancellationToken cancellationToken = default) => Task.FromResult(_vehicles.GetValueOrDefault(vehicleId));

    public Task<IReadOnlyList<DriverSnapshot>> ListDispatchableDriversAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DriverSnapshot>>(_drivers.Values
            .Where(d => d.Status == DriverStatuses.Active && d.Compliant && d.OnDuty
                && d.VehicleIds.Any(v => _vehicles.TryGetValue(v, out var vehicle) && vehicle.Active && vehicle.Compliant))
            .ToList());
}

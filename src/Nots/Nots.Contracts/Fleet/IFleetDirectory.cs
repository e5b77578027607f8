namespace Nots.Contracts.Fleet;

/// <summary>
/// What other NOTS modules (dispatch, reporting) may ask the fleet module: drivers and vehicles as they are now,
/// with their licensing compliance already worked out. Implemented by Nots.Fleet.
/// </summary>
public interface IFleetDirectory
{
    /// <summary>The driver, or null when there is none with that id.</summary>
    Task<DriverSnapshot?> FindDriverAsync(Guid driverId, CancellationToken cancellationToken = default);

    /// <summary>The driver whose sign-in account is <paramref name="userId"/> (the "sub" claim), or null.</summary>
    Task<DriverSnapshot?> FindDriverByUserAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The vehicle, or null when there is none with that id.</summary>
    Task<VehicleSnapshot?> FindVehicleAsync(Guid vehicleId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drivers who could take work now: status active, compliant, on duty, with at least one compliant vehicle
    /// assigned to them. Auto-dispatch ranks these; it still checks overlaps and the party's needs itself.
    /// </summary>
    Task<IReadOnlyList<DriverSnapshot>> ListDispatchableDriversAsync(CancellationToken cancellationToken = default);
}

/// <summary>Driver statuses as stored and shown.</summary>
public static class DriverStatuses
{
    /// <summary>May work.</summary>
    public const string Active = "active";

    /// <summary>Temporarily barred by an admin.</summary>
    public const string Suspended = "suspended";

    /// <summary>No longer with the company (records kept).</summary>
    public const string Left = "left";
}

/// <summary>A driver as dispatch and the statutory records need them.</summary>
/// <param name="Id">Driver id.</param>
/// <param name="UserId">The driver's sign-in account ("sub").</param>
/// <param name="Name">Full name.</param>
/// <param name="FirstName">First name, the one customers are told.</param>
/// <param name="Email">Email address.</param>
/// <param name="Phone">E.164 phone number.</param>
/// <param name="LicenceNumber">DVLA driving licence number.</param>
/// <param name="BadgeNumber">Council private-hire driver badge number.</param>
/// <param name="Status">One of <see cref="DriverStatuses"/>.</param>
/// <param name="OnDuty">Set by the driver.</param>
/// <param name="Compliant">Every required driver document verified and in date.</param>
/// <param name="ComplianceIssues">Why not compliant, e.g. <c>dbs expired on 2026-10-01</c>; empty when compliant.</param>
/// <param name="VehicleIds">Vehicles assigned to the driver.</param>
/// <param name="BadgePhotoUrl">A link to the badge photo customers may be sent, when there is one.</param>
public sealed record DriverSnapshot(
    Guid Id,
    Guid UserId,
    string Name,
    string FirstName,
    string Email,
    string Phone,
    string LicenceNumber,
    string BadgeNumber,
    string Status,
    bool OnDuty,
    bool Compliant,
    IReadOnlyList<string> ComplianceIssues,
    IReadOnlyList<Guid> VehicleIds,
    string? BadgePhotoUrl);

/// <summary>A vehicle as dispatch and the statutory records need it.</summary>
/// <param name="Id">Vehicle id.</param>
/// <param name="Registration">Registration mark, e.g. <c>HF71 ABC</c>.</param>
/// <param name="Make">Make.</param>
/// <param name="Model">Model.</param>
/// <param name="Colour">Colour.</param>
/// <param name="VehicleClass">Pricing class: <c>saloon</c>, <c>estate</c>, <c>executive</c>, <c>mpv6</c>, <c>mpv8</c>.</param>
/// <param name="Seats">Passenger seats.</param>
/// <param name="Suitcases">Suitcase capacity.</param>
/// <param name="PlateNumber">Council private-hire vehicle plate number.</param>
/// <param name="WheelchairAccessible">Carries a wheelchair user.</param>
/// <param name="Active">Not withdrawn from service.</param>
/// <param name="Compliant">Every required vehicle document verified and in date.</param>
/// <param name="ComplianceIssues">Why not compliant; empty when compliant.</param>
/// <param name="DriverIds">Drivers assigned to the vehicle.</param>
public sealed record VehicleSnapshot(
    Guid Id,
    string Registration,
    string Make,
    string Model,
    string Colour,
    string VehicleClass,
    int Seats,
    int Suitcases,
    string PlateNumber,
    bool WheelchairAccessible,
    bool Active,
    bool Compliant,
    IReadOnlyList<string> ComplianceIssues,
    IReadOnlyList<Guid> DriverIds);

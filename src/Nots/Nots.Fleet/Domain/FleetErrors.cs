using Platform.Web;

namespace Nots.Fleet.Domain;

/// <summary>The fleet module's refusals, each with a stable code.</summary>
internal static class FleetErrors
{
    public static DomainException DriverNotFound(Guid id) => DomainException.NotFound("driver_not_found", $"There is no driver {id}.");

    public static DomainException VehicleNotFound(Guid id) => DomainException.NotFound("vehicle_not_found", $"There is no vehicle {id}.");

    public static DomainException DocumentNotFound(Guid id) => DomainException.NotFound("document_not_found", $"There is no compliance document {id}.");

    public static DomainException OwnerNotFound(string ownerType, Guid id) => DomainException.NotFound("owner_not_found", $"There is no {ownerType} {id}.");

    public static DomainException Taken(string code, string what) => DomainException.Conflict(code, $"Another {what}.");
}

using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Fleet;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Nots.Fleet.Features.Compliance;
using Platform.Web;

namespace Nots.Fleet.Features.Desk;

/// <summary>A driver on the operations dashboard, with compliance worked out for today.</summary>
public sealed record DeskDriver(Guid Id, string Name, string Email, string Phone, string BadgeNumber, string Status, bool OnDuty, bool Compliant,
    IReadOnlyList<string> Issues, IReadOnlyList<string> Vehicles);

/// <summary>A vehicle on the operations dashboard, with compliance worked out for today.</summary>
public sealed record DeskVehicle(Guid Id, string Registration, string Make, string Model, string Colour, string VehicleClass, int Seats, int Suitcases,
    string PlateNumber, bool Active, bool Compliant, IReadOnlyList<string> Issues, IReadOnlyList<string> Drivers);

/// <summary>A document in the review queue: whose, what, until when, and where its file is.</summary>
public sealed record DeskDocument(Guid Id, string OwnerType, Guid OwnerId, string Owner, string DocumentType, string DocumentLabel, DateOnly? IssuedOn,
    DateOnly ExpiresOn, DateOnly EffectiveExpiresOn, string Status, string ContentType, long SizeBytes, string? FileName, DateTimeOffset UploadedAt,
    string? RejectionReason);

/// <summary>Counts for "today at a glance": drivers (not left) and active vehicles that are not compliant, documents awaiting review.</summary>
public sealed record FleetHealth(int NonCompliantDrivers, int NonCompliantVehicles, int DocumentsAwaitingReview);

/// <summary>
/// The fleet module's surface for the operations dashboard. Lists are the module's own queries with compliance from
/// the same rules as the API; verify and reject are the handlers of <c>POST /v1/compliance/{id}/verify|reject</c>
/// (admin, owner: callers authorise <c>PlatformPolicies.Operations</c> first).
/// </summary>
public interface IFleetDesk
{
    /// <summary>Every driver by name.</summary>
    Task<IReadOnlyList<DeskDriver>> ListDriversAsync(CancellationToken cancellationToken);

    /// <summary>Every vehicle by registration.</summary>
    Task<IReadOnlyList<DeskVehicle>> ListVehiclesAsync(CancellationToken cancellationToken);

    /// <summary>Documents awaiting review, oldest upload first.</summary>
    Task<IReadOnlyList<DeskDocument>> ListAwaitingReviewAsync(CancellationToken cancellationToken);

    /// <summary>One document, or null.</summary>
    Task<DeskDocument?> FindDocumentAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Non-compliant drivers and vehicles, documents awaiting review.</summary>
    Task<FleetHealth> HealthAsync(CancellationToken cancellationToken);

    /// <summary><c>POST /v1/compliance/{id}/verify</c>.</summary>
    Task VerifyAsync(Guid documentId, HttpContext http);

    /// <summary><c>POST /v1/compliance/{id}/reject</c>; the reason is 3 to 500 characters.</summary>
    Task RejectAsync(Guid documentId, string? reason, HttpContext http);
}

internal sealed class FleetDesk(FleetDbContext db, ComplianceReader compliance, TimeProvider time) : IFleetDesk
{
    public async Task<IReadOnlyList<DeskDriver>> ListDriversAsync(CancellationToken cancellationToken)
    {
        var drivers = await db.Drivers.AsNoTracking().OrderBy(d => d.Name).Take(1000).ToListAsync(cancellationToken);
        var results = await compliance.EvaluateAsync(OwnerTypes.Driver, drivers.Select(d => d.Id).ToList(), cancellationToken);
        var links = await db.VehicleDrivers.AsNoTracking().ToListAsync(cancellationToken);
        var registrations = await db.Vehicles.AsNoTracking().ToDictionaryAsync(v => v.Id, v => v.Registration, cancellationToken);
        var byDriver = links.ToLookup(l => l.DriverId, l => registrations.GetValueOrDefault(l.VehicleId) ?? "?");
        return drivers.Select(d => new DeskDriver(d.Id, d.Name, d.Email, d.Phone, d.BadgeNumber, d.Status, d.OnDuty, results[d.Id].Compliant, results[d.Id].Issues,
            byDriver[d.Id].Order(StringComparer.Ordinal).ToList())).ToList();
    }

    public async Task<IReadOnlyList<DeskVehicle>> ListVehiclesAsync(CancellationToken cancellationToken)
    {
        var vehicles = await db.Vehicles.AsNoTracking().Include(v => v.Drivers).OrderBy(v => v.Registration).Take(1000).ToListAsync(cancellationToken);
        var results = await compliance.EvaluateAsync(OwnerTypes.Vehicle, vehicles.Select(v => v.Id).ToList(), cancellationToken);
        var names = await db.Drivers.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        return vehicles.Select(v => new DeskVehicle(v.Id, v.Registration, v.Make, v.Model, v.Colour, v.VehicleClass, v.Seats, v.Suitcases, v.PlateNumber, v.Active,
            results[v.Id].Compliant, results[v.Id].Issues, v.DriverIds.Select(id => names.GetValueOrDefault(id) ?? "?").ToList())).ToList();
    }

    public async Task<IReadOnlyList<DeskDocument>> ListAwaitingReviewAsync(CancellationToken cancellationToken)
    {
        var documents = await db.Documents.AsNoTracking().Where(d => d.Status == DocumentStatus.Pending).Take(500).ToListAsync(cancellationToken);
        return await DescribeAsync(documents.OrderBy(d => d.UploadedAt).ToList(), cancellationToken);
    }

    public async Task<DeskDocument?> FindDocumentAsync(Guid id, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return document is null ? null : (await DescribeAsync([document], cancellationToken))[0];
    }

    public async Task<FleetHealth> HealthAsync(CancellationToken cancellationToken)
    {
        var drivers = await db.Drivers.AsNoTracking().Where(d => d.Status != DriverStatuses.Left).Select(d => d.Id).ToListAsync(cancellationToken);
        var vehicles = await db.Vehicles.AsNoTracking().Where(v => v.Active).Select(v => v.Id).ToListAsync(cancellationToken);
        var driverResults = await compliance.EvaluateAsync(OwnerTypes.Driver, drivers, cancellationToken);
        var vehicleResults = await compliance.EvaluateAsync(OwnerTypes.Vehicle, vehicles, cancellationToken);
        var pending = await db.Documents.CountAsync(d => d.Status == DocumentStatus.Pending, cancellationToken);
        return new FleetHealth(driverResults.Values.Count(r => !r.Compliant), vehicleResults.Values.Count(r => !r.Compliant), pending);
    }

    public async Task VerifyAsync(Guid documentId, HttpContext http) =>
        await ReviewDocument.VerifyAsync(documentId, http, db, time, http.RequestAborted);

    public async Task RejectAsync(Guid documentId, string? reason, HttpContext http)
    {
        if (reason is null || reason.Trim().Length is < 3 or > 500)
        {
            throw new DomainException("validation_failed", "Give the reason for rejecting (3 to 500 characters); the driver is told it.");
        }

        await ReviewDocument.RejectAsync(documentId, new RejectDocumentRequest(reason), http, db, time, http.RequestAborted);
    }

    private async Task<List<DeskDocument>> DescribeAsync(IReadOnlyList<ComplianceDocument> documents, CancellationToken cancellationToken)
    {
        var driverIds = documents.Where(d => d.OwnerType == OwnerTypes.Driver).Select(d => d.OwnerId).Distinct().ToList();
        var vehicleIds = documents.Where(d => d.OwnerType == OwnerTypes.Vehicle).Select(d => d.OwnerId).Distinct().ToList();
        var drivers = await db.Drivers.AsNoTracking().Where(d => driverIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var vehicles = await db.Vehicles.AsNoTracking().Where(v => vehicleIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Registration, cancellationToken);
        return documents.Select(d => new DeskDocument(
            d.Id, d.OwnerType, d.OwnerId,
            d.OwnerType == OwnerTypes.Driver ? "Driver " + drivers.GetValueOrDefault(d.OwnerId, "?") : "Vehicle " + vehicles.GetValueOrDefault(d.OwnerId, "?"),
            d.DocumentType, DocumentTypes.Label(d.DocumentType), d.IssuedOn, d.ExpiresOn, d.EffectiveExpiresOn, d.Status.ToString(), d.ContentType, d.SizeBytes,
            d.FileName, d.UploadedAt, d.RejectionReason)).ToList();
    }
}

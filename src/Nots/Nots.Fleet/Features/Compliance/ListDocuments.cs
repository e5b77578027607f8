using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Fleet;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Platform.Identity;
using Platform.Storage;

namespace Nots.Fleet.Features.Compliance;

/// <summary>
/// <c>GET /v1/compliance?ownerType=&amp;ownerId=&amp;expiringWithinDays=&amp;status=&amp;limit=&amp;cursor=</c>: admins see every
/// document, a driver only their own and their vehicles'. Ordered by the date a document stops counting (soonest first).
/// <c>expiringWithinDays=N</c> keeps documents that stop counting by today + N (already expired included), leaving out
/// rejected and superseded ones unless <c>status</c> asks for them.
/// </summary>
internal static class ListDocuments
{
    public static void Map(RouteGroupBuilder compliance) =>
        compliance.MapGet("", HandleAsync).RequireAuthorization(PlatformPolicies.Authenticated).WithName("ListComplianceDocuments")
            .WithSummary("List documents: ?ownerType=, ownerId, expiringWithinDays, status (Pending|Verified|Rejected|Superseded), limit, cursor");

    private static async Task<Results<Ok<Page<DocumentResponse>>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string? ownerType,
        Guid? ownerId,
        int? expiringWithinDays,
        string? status,
        int? limit,
        string? cursor,
        HttpContext http,
        IAuthorizationService authorization,
        FleetDbContext db,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (ownerType is not null && !OwnerTypes.IsValid(ownerType))
        {
            errors["ownerType"] = ["ownerType must be driver or vehicle."];
        }

        DocumentStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<DocumentStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = [$"status must be one of {string.Join(", ", Enum.GetNames<DocumentStatus>())}."];
            }
        }

        if (expiringWithinDays is < 0 or > 3660)
        {
            errors["expiringWithinDays"] = ["expiringWithinDays must be 0 to 3660."];
        }

        Cursor.CheckLimit(limit, errors, out var take);
        var after = cursor is null ? null : Cursor.Decode(cursor, 2);
        DateOnly afterDate = default;
        if (cursor is not null && (after is null || !DateOnly.TryParseExact(after[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out afterDate)))
        {
            errors["cursor"] = ["The cursor is not one this API gave out."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var caller = await FleetCaller.FromAsync(http, authorization);
        var visible = await VisibleToAsync(caller, db, cancellationToken);
        if (visible is not { } query)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Only admins and drivers see compliance documents.");
        }

        if (ownerType is not null)
        {
            query = query.Where(d => d.OwnerType == ownerType);
        }

        if (ownerId is { } owner)
        {
            query = query.Where(d => d.OwnerId == owner);
        }

        if (statusFilter is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        var today = FleetClock.Today(time);
        if (expiringWithinDays is { } days)
        {
            var horizon = today.AddDays(days);
            query = query.Where(d => d.EffectiveExpiresOn <= horizon);
            if (statusFilter is null)
            {
                query = query.Where(d => d.Status == DocumentStatus.Pending || d.Status == DocumentStatus.Verified);
            }
        }

        if (after is [_, var key])
        {
            query = query.Where(d => d.EffectiveExpiresOn > afterDate || (d.EffectiveExpiresOn == afterDate && string.Compare(d.FileKey, key) > 0));
        }

        var rows = await query.OrderBy(d => d.EffectiveExpiresOn).ThenBy(d => d.FileKey).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? Cursor.Encode(ComplianceDocument.Format(page[^1].EffectiveExpiresOn), page[^1].FileKey) : null;
        return TypedResults.Ok(new Page<DocumentResponse>(page.Select(d => Views.ToResponse(d, today)).ToList(), next));
    }

    /// <summary>The documents <paramref name="caller"/> may see: all for admins, a driver's own and their vehicles'; null for anyone else.</summary>
    internal static async Task<IQueryable<ComplianceDocument>?> VisibleToAsync(FleetCaller caller, FleetDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Documents.AsNoTracking();
        if (caller.IsAdmin)
        {
            return query;
        }

        var own = await caller.OwnDriverAsync(db, cancellationToken);
        if (own is null)
        {
            return null;
        }

        var vehicles = await db.VehicleDrivers.Where(a => a.DriverId == own.Id).Select(a => a.VehicleId).ToListAsync(cancellationToken);
        return query.Where(d => (d.OwnerType == OwnerTypes.Driver && d.OwnerId == own.Id) || (d.OwnerType == OwnerTypes.Vehicle && vehicles.Contains(d.OwnerId)));
    }
}

/// <summary><c>GET /v1/compliance/{id}</c> and <c>GET /v1/compliance/{id}/file</c>: admins, or the owning driver; others 404.</summary>
internal static class GetDocument
{
    public static void Map(RouteGroupBuilder compliance)
    {
        compliance.MapGet("{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.Authenticated).WithName("GetComplianceDocument")
            .WithSummary("A compliance document (admin, or the owning driver)");
        compliance.MapGet("{id:guid}/file", FileAsync).RequireAuthorization(PlatformPolicies.Authenticated).WithName("GetComplianceDocumentFile")
            .WithSummary("The stored file (admin, or the owning driver)");
    }

    private static async Task<Ok<DocumentResponse>> GetAsync(
        Guid id, HttpContext http, IAuthorizationService authorization, FleetDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = await FleetCaller.FromAsync(http, authorization);
        var document = await DocumentAccess.LoadAsync(db, id, caller, tracked: false, cancellationToken);
        return TypedResults.Ok(Views.ToResponse(document, FleetClock.Today(time)));
    }

    private static async Task<FileStreamHttpResult> FileAsync(
        Guid id, HttpContext http, IAuthorizationService authorization, FleetDbContext db, IDocumentStore store, CancellationToken cancellationToken)
    {
        var caller = await FleetCaller.FromAsync(http, authorization);
        var document = await DocumentAccess.LoadAsync(db, id, caller, tracked: false, cancellationToken);
        var stream = await store.OpenReadAsync(document.FileKey, cancellationToken)
            ?? throw Platform.Web.DomainException.NotFound("document_file_missing", "The document's file is no longer stored.");
        http.Response.Headers.CacheControl = "private, no-store";
        var extension = document.ContentType switch { "application/pdf" => "pdf", "image/png" => "png", _ => "jpg" };
        return TypedResults.File(stream, document.ContentType, $"{document.DocumentType}-{document.Id:N}.{extension}");
    }
}

/// <summary>
/// <c>GET /v1/compliance/summary</c> (admin, owner): for the dashboard — drivers (not left) and active vehicles that are not
/// compliant, with their reasons; verified documents that stop counting within 30 days; documents awaiting review.
/// </summary>
internal static class ComplianceSummary
{
    internal sealed record OwnerIssues(Guid Id, string Name, IReadOnlyList<string> Issues);

    internal sealed record SummaryResponse(
        DateOnly Today,
        int NonCompliantDrivers,
        int NonCompliantVehicles,
        int DocumentsExpiringWithin30Days,
        int DocumentsAwaitingReview,
        IReadOnlyList<OwnerIssues> Drivers,
        IReadOnlyList<OwnerIssues> Vehicles);

    public static void Map(RouteGroupBuilder compliance) =>
        compliance.MapGet("summary", HandleAsync).RequireAuthorization(PlatformPolicies.Operations).WithName("ComplianceSummary")
            .WithSummary("Counts of non-compliant drivers and vehicles and documents expiring within 30 days (admin, owner)");

    private static async Task<Ok<SummaryResponse>> HandleAsync(FleetDbContext db, ComplianceReader compliance, CancellationToken cancellationToken)
    {
        var today = compliance.Today;
        var drivers = await db.Drivers.AsNoTracking().Where(d => d.Status != DriverStatuses.Left).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        var vehicles = await db.Vehicles.AsNoTracking().Where(v => v.Active).Select(v => new { v.Id, v.Registration }).ToListAsync(cancellationToken);
        var driverResults = await compliance.EvaluateAsync(OwnerTypes.Driver, drivers.Select(d => d.Id).ToList(), cancellationToken);
        var vehicleResults = await compliance.EvaluateAsync(OwnerTypes.Vehicle, vehicles.Select(v => v.Id).ToList(), cancellationToken);
        var horizon = today.AddDays(30);
        var expiring = await db.Documents.CountAsync(d => d.Status == DocumentStatus.Verified && d.EffectiveExpiresOn >= today && d.EffectiveExpiresOn <= horizon, cancellationToken);
        var pending = await db.Documents.CountAsync(d => d.Status == DocumentStatus.Pending, cancellationToken);
        var badDrivers = drivers.Where(d => !driverResults[d.Id].Compliant).Select(d => new OwnerIssues(d.Id, d.Name, driverResults[d.Id].Issues)).ToList();
        var badVehicles = vehicles.Where(v => !vehicleResults[v.Id].Compliant).Select(v => new OwnerIssues(v.Id, v.Registration, vehicleResults[v.Id].Issues)).ToList();
        return TypedResults.Ok(new SummaryResponse(today, badDrivers.Count, badVehicles.Count, expiring, pending, badDrivers, badVehicles));
    }
}

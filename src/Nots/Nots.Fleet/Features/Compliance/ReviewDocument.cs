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
using Nots.Fleet.Notifications;
using Platform.Identity;
using Platform.Messaging;
using Platform.Notifications;

namespace Nots.Fleet.Features.Compliance;

/// <summary>Why a document is not accepted; the driver is told.</summary>
/// <param name="Reason">E.g. <c>The scan is unreadable</c>.</param>
public sealed record RejectDocumentRequest([Required, StringLength(500, MinimumLength = 3)] string? Reason);

/// <summary>
/// <c>POST /v1/compliance/{id}/verify</c> and <c>/reject</c> (admin, owner). Verifying supersedes the owner's other
/// verified documents of that type (the newest check wins). Both raise <c>ComplianceDocumentReviewed</c>; a rejection
/// e-mails the driver(s) the reason. The document's version guards against two admins reviewing at once (409).
/// </summary>
internal static class ReviewDocument
{
    public static void Map(RouteGroupBuilder compliance)
    {
        compliance.MapPost("{id:guid}/verify", VerifyAsync).RequireAuthorization(PlatformPolicies.Operations).WithName("VerifyComplianceDocument")
            .WithSummary("Verify a pending document (admin, owner)");
        compliance.MapPost("{id:guid}/reject", RejectAsync).RequireAuthorization(PlatformPolicies.Operations).WithName("RejectComplianceDocument")
            .WithSummary("Reject a document with a reason (admin, owner)");
    }

    internal static async Task<Ok<DocumentResponse>> VerifyAsync(Guid id, HttpContext http, FleetDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == id, cancellationToken) ?? throw FleetErrors.DocumentNotFound(id);
        var now = time.GetUtcNow();
        var today = FleetClock.Today(time);
        var actor = OnboardDriver.FleetCallerId(http);
        var from = document.Verify(actor, now, today);
        var older = await db.Documents
            .Where(d => d.OwnerId == document.OwnerId && d.DocumentType == document.DocumentType && d.Status == DocumentStatus.Verified && d.Id != document.Id)
            .ToListAsync(cancellationToken);
        foreach (var old in older)
        {
            old.Supersede(document.Id);
        }

        db.AddIntegrationEvent(new ComplianceDocumentReviewedIntegrationEvent(document.Id, document.OwnerType, document.OwnerId, document.DocumentType,
            from.ToString(), document.Status.ToString(), null, older.Select(o => o.Id).ToList(), actor, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(Views.ToResponse(document, today));
    }

    internal static async Task<Ok<DocumentResponse>> RejectAsync(
        Guid id, RejectDocumentRequest request, HttpContext http, FleetDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == id, cancellationToken) ?? throw FleetErrors.DocumentNotFound(id);
        var now = time.GetUtcNow();
        var actor = OnboardDriver.FleetCallerId(http);
        var reason = request.Reason!.Trim();
        var from = document.Reject(actor, reason, now);
        db.AddIntegrationEvent(new ComplianceDocumentReviewedIntegrationEvent(document.Id, document.OwnerType, document.OwnerId, document.DocumentType,
            from.ToString(), document.Status.ToString(), reason, [], actor, now));
        var owner = await OwnerLabels.DescribeAsync(db, document.OwnerType, document.OwnerId, cancellationToken);
        foreach (var driver in owner.Drivers)
        {
            db.RequestEmail(FleetTemplates.Rejected, driver.Email,
                new { driver.FirstName, Document = DocumentTypes.Label(document.DocumentType), Owner = owner.Label == "you" ? "yourself" : owner.Label, Reason = reason },
                "compliance-" + document.Id.ToString("N"));
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(Views.ToResponse(document, FleetClock.Today(time)));
    }
}

/// <summary>How a document's owner is named in messages, and which drivers hear about it.</summary>
internal static class OwnerLabels
{
    /// <param name="Label">How drivers read it: <c>you</c> or <c>vehicle HF71 ABC</c>.</param>
    /// <param name="AdminLabel">How admins read it: <c>driver Dan Driver</c> or <c>vehicle HF71 ABC</c>.</param>
    /// <param name="Drivers">The driver, or the vehicle's drivers (not those who left).</param>
    internal sealed record Owner(string Label, string AdminLabel, IReadOnlyList<Driver> Drivers);

    public static async Task<Owner> DescribeAsync(FleetDbContext db, string ownerType, Guid ownerId, CancellationToken cancellationToken)
    {
        if (ownerType == OwnerTypes.Driver)
        {
            var driver = await db.Drivers.AsNoTracking().FirstOrDefaultAsync(d => d.Id == ownerId, cancellationToken);
            return driver is null
                ? new Owner("an unknown driver", "an unknown driver", [])
                : new Owner("you", "driver " + driver.Name, driver.Status == DriverStatuses.Left ? [] : [driver]);
        }

        var vehicle = await db.Vehicles.AsNoTracking().FirstOrDefaultAsync(v => v.Id == ownerId, cancellationToken);
        var drivers = await db.Drivers.AsNoTracking()
            .Where(d => d.Status != DriverStatuses.Left && db.VehicleDrivers.Any(a => a.VehicleId == ownerId && a.DriverId == d.Id))
            .ToListAsync(cancellationToken);
        var label = vehicle is null ? "an unknown vehicle" : $"vehicle {vehicle.Registration}";
        return new Owner(label, label, drivers);
    }
}

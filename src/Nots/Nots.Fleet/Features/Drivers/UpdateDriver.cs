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
using Platform.Identity;
using Platform.Messaging;

namespace Nots.Fleet.Features.Drivers;

/// <summary>Fields to change; absent ones stay. The e-mail address is the sign-in and is not changed here.</summary>
/// <param name="Name">Full name.</param>
/// <param name="Phone">E.164 or UK number.</param>
/// <param name="LicenceNumber">DVLA licence number.</param>
/// <param name="BadgeNumber">Council badge number.</param>
/// <param name="StartDate">First working day.</param>
/// <param name="Status"><c>active</c>, <c>suspended</c> or <c>left</c> (final).</param>
/// <param name="Version">When given, the change applies only to this version (else 409 <c>stale_version</c>).</param>
public sealed record UpdateDriverRequest(
    [StringLength(200)] string? Name = null,
    [StringLength(30)] string? Phone = null,
    [StringLength(30)] string? LicenceNumber = null,
    [StringLength(30)] string? BadgeNumber = null,
    DateOnly? StartDate = null,
    [StringLength(20)] string? Status = null,
    int? Version = null);

/// <summary>
/// <c>PATCH /v1/drivers/{id}</c> (admin, owner): details and status. Suspending or leaving takes the driver off duty.
/// Each kind of change raises its audit event (details, status, duty) in the same commit.
/// </summary>
internal static class UpdateDriver
{
    public static void Map(RouteGroupBuilder drivers) =>
        drivers.MapPatch("{id:guid}", HandleAsync).RequireAuthorization(PlatformPolicies.Operations).WithName("UpdateDriver")
            .WithSummary("Change a driver's details or status (admin, owner)");

    private static async Task<Results<Ok<DriverResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        UpdateDriverRequest request,
        HttpContext http,
        FleetDbContext db,
        ComplianceReader compliance,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var input = DriverInput.Normalise(request.Name, null, request.Phone, request.LicenceNumber, request.BadgeNumber, required: false, errors);
        var status = request.Status?.Trim().ToLowerInvariant();
        if (status is not null && !Driver.IsValidStatus(status))
        {
            errors["status"] = ["status must be active, suspended or left."];
        }

        if (request is { Name: null, Phone: null, LicenceNumber: null, BadgeNumber: null, StartDate: null, Status: null })
        {
            errors[""] = ["Nothing to change."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var driver = await db.Drivers.FirstOrDefaultAsync(d => d.Id == id, cancellationToken) ?? throw FleetErrors.DriverNotFound(id);
        if (request.Version is { } version && version != driver.Version)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "stale_version", "The driver was changed since you read it.", $"Current version is {driver.Version}.");
        }

        await DriverInput.CheckUniqueAsync(db, driver.Id, null, input.LicenceNumber, input.BadgeNumber, cancellationToken);
        var now = time.GetUtcNow();
        var actor = OnboardDriver.FleetCallerId(http);
        var changes = new ChangeSet();
        var before = (driver.Name, driver.Phone, driver.LicenceNumber, driver.BadgeNumber, driver.StartDate);
        if (input.Name is not null || input.Phone is not null || input.LicenceNumber is not null || input.BadgeNumber is not null || request.StartDate is not null)
        {
            driver.ChangeDetails(input.Name, input.Phone, input.LicenceNumber, input.BadgeNumber, request.StartDate, now);
            changes.Track("name", before.Name, driver.Name);
            changes.Track("phone", before.Phone, driver.Phone);
            changes.Track("licenceNumber", before.LicenceNumber, driver.LicenceNumber);
            changes.Track("badgeNumber", before.BadgeNumber, driver.BadgeNumber);
            changes.Track("startDate", before.StartDate, driver.StartDate);
        }

        if (!changes.IsEmpty)
        {
            db.AddIntegrationEvent(new DriverDetailsChangedIntegrationEvent(driver.Id, changes.Fields, changes.BeforeJson, changes.AfterJson, actor, now));
        }

        if (status is not null)
        {
            var fromStatus = driver.Status;
            var wasOnDuty = driver.OnDuty;
            if (driver.ChangeStatus(status, now))
            {
                db.AddIntegrationEvent(new DriverStatusChangedIntegrationEvent(driver.Id, fromStatus, driver.Status, actor, now));
                if (wasOnDuty && !driver.OnDuty)
                {
                    db.AddIntegrationEvent(new DriverDutyChangedIntegrationEvent(driver.Id, false, actor, now));
                }
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            throw FleetErrors.Taken("driver_taken", "driver was given this licence or badge number at the same time");
        }

        return TypedResults.Ok(await DriverViews.ToResponseAsync(db, compliance, driver, cancellationToken));
    }
}

/// <summary><c>POST /v1/drivers/{id}/invitation</c> (admin, owner): a fresh set-password link, e.g. after the first expired.</summary>
internal static class ResendInvitation
{
    public static void Map(RouteGroupBuilder drivers) =>
        drivers.MapPost("{id:guid}/invitation", HandleAsync).RequireAuthorization(PlatformPolicies.Operations).WithName("ResendDriverInvitation")
            .WithSummary("E-mail the driver a new set-password link (admin, owner)");

    private static async Task<Accepted> HandleAsync(
        Guid id,
        HttpContext http,
        FleetDbContext db,
        IAccounts accounts,
        FleetOptions options,
        CancellationToken cancellationToken)
    {
        var driver = await db.Drivers.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken) ?? throw FleetErrors.DriverNotFound(id);
        if (driver.Status == DriverStatuses.Left)
        {
            throw Platform.Web.DomainException.Conflict("driver_has_left", "The driver has left.");
        }

        var token = await accounts.CreatePasswordResetTokenAsync(driver.UserId, cancellationToken);
        Invitation.Request(db, driver, token, Links.BaseUrl(options, http.Request), options);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}

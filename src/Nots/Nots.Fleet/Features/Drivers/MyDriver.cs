using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nots.Contracts.Fleet;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Platform.Identity;
using Platform.Messaging;
using Platform.Web;

namespace Nots.Fleet.Features.Drivers;

/// <summary>The driver's own duty switch.</summary>
/// <param name="OnDuty">True to take work, false to stop.</param>
public sealed record SetDutyRequest([Required] bool? OnDuty);

/// <summary><c>GET /v1/drivers/me</c> and <c>PATCH /v1/drivers/me {"onDuty"}</c> (role driver).</summary>
internal static class MyDriver
{
    public static void Map(RouteGroupBuilder drivers)
    {
        drivers.MapGet("me", GetAsync).RequireAuthorization(PlatformPolicies.Role(FleetCaller.DriverRole)).WithName("GetMyDriver")
            .WithSummary("The signed-in driver's record, compliance and vehicles");
        drivers.MapPatch("me", SetDutyAsync).RequireAuthorization(PlatformPolicies.Role(FleetCaller.DriverRole)).WithName("SetMyDuty")
            .WithSummary("Go on or off duty (driver)");
    }

    private static async Task<Ok<DriverResponse>> GetAsync(
        HttpContext http, IAuthorizationService authorization, FleetDbContext db, ComplianceReader compliance, CancellationToken cancellationToken)
    {
        var caller = await FleetCaller.FromAsync(http, authorization);
        var driver = await caller.OwnDriverAsync(db, cancellationToken) ?? throw NoRecord();
        return TypedResults.Ok(await DriverViews.ToResponseAsync(db, compliance, driver, cancellationToken));
    }

    private static async Task<Ok<DriverResponse>> SetDutyAsync(
        SetDutyRequest request,
        HttpContext http,
        IAuthorizationService authorization,
        FleetDbContext db,
        ComplianceReader compliance,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = await FleetCaller.FromAsync(http, authorization);
        return TypedResults.Ok(await ApplyDutyAsync(caller, request.OnDuty!.Value, db, compliance, time, cancellationToken));
    }

    /// <summary>On or off duty: the API's switch and the driver app's.</summary>
    internal static async Task<DriverResponse> ApplyDutyAsync(FleetCaller caller, bool onDuty, FleetDbContext db, ComplianceReader compliance, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var driver = await caller.OwnDriverAsync(db, cancellationToken) ?? throw NoRecord();
        var now = time.GetUtcNow();
        if (driver.SetDuty(onDuty, now))
        {
            db.AddIntegrationEvent(new DriverDutyChangedIntegrationEvent(driver.Id, driver.OnDuty, caller.UserId, now));
            await db.SaveChangesAsync(cancellationToken);
        }

        return await DriverViews.ToResponseAsync(db, compliance, driver, cancellationToken);
    }

    internal static DomainException NoRecord() =>
        DomainException.NotFound("driver_not_found", "This account has no driver record; ask the office to onboard you.");
}

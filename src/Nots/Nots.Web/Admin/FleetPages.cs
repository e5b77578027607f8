using Microsoft.AspNetCore.Mvc;
using Nots.Fleet.Features.Desk;
using Platform.Web;

namespace Nots.Web.Admin;

/// <summary><c>/admin/fleet</c> (staff): drivers and vehicles with today's compliance and its reasons.</summary>
internal static class FleetPages
{
    public static void Map(RouteGroupBuilder staff) => staff.MapGet("fleet", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext http, AdminContext admin, IFleetDesk fleet) =>
        Pages.Render<FleetView>(new FleetListModel(await admin.FrameAsync(http), await fleet.ListDriversAsync(http.RequestAborted),
            await fleet.ListVehiclesAsync(http.RequestAborted)));
}

/// <summary>
/// <c>/admin/compliance</c> (admin, owner): documents awaiting review, each with a preview of its file (the fleet API's
/// <c>/v1/compliance/{id}/file</c>, which the staff cookie opens) and verify / reject-with-reason forms running the fleet
/// module's review handlers.
/// </summary>
internal static class CompliancePages
{
    public static void Map(RouteGroupBuilder operations)
    {
        operations.MapGet("compliance", ShowAsync);
        operations.MapPost("compliance/{id:guid}/verify", VerifyAsync);
        operations.MapPost("compliance/{id:guid}/reject", RejectAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, AdminContext admin, IFleetDesk fleet) =>
        Pages.Render<ComplianceView>(new ComplianceModel(await admin.FrameAsync(http), await fleet.ListAwaitingReviewAsync(http.RequestAborted), null, null));

    private static async Task<IResult> VerifyAsync(Guid id, [FromForm] string? confirm, HttpContext http, IFleetDesk fleet)
    {
        var document = await fleet.FindDocumentAsync(id, http.RequestAborted);
        try
        {
            await fleet.VerifyAsync(id, http);
            return AdminContext.Back(http, "/admin/compliance", true, $"Verified: {document?.DocumentLabel} of {document?.Owner}.");
        }
        catch (DomainException exception)
        {
            return AdminContext.Back(http, "/admin/compliance", false, "Not verified: " + exception.Message);
        }
    }

    private static async Task<IResult> RejectAsync(Guid id, [FromForm] string? reason, HttpContext http, AdminContext admin, IFleetDesk fleet)
    {
        var document = await fleet.FindDocumentAsync(id, http.RequestAborted);
        try
        {
            await fleet.RejectAsync(id, reason, http);
            return AdminContext.Back(http, "/admin/compliance", true, $"Rejected: {document?.DocumentLabel} of {document?.Owner}. The driver is e-mailed the reason.");
        }
        catch (DomainException exception) when (exception.Code == "validation_failed")
        {
            return Pages.Render<ComplianceView>(
                new ComplianceModel(await admin.FrameAsync(http), await fleet.ListAwaitingReviewAsync(http.RequestAborted), id, exception.Message),
                StatusCodes.Status422UnprocessableEntity);
        }
        catch (DomainException exception)
        {
            return AdminContext.Back(http, "/admin/compliance", false, "Not rejected: " + exception.Message);
        }
    }
}

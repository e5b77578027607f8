using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Allocation;
using Platform.Identity;

namespace Nots.Dispatch.Features.ActOnJob;

/// <summary>
/// <c>PATCH /v1/dispatch/{jobId}</c>: a driver works their job (<c>accept</c>, <c>reject</c>, <c>en-route</c>,
/// <c>arrived</c>, <c>on-board</c>, <c>complete</c>, <c>no-show</c>); staff may also <c>unassign</c>. With
/// <c>expectedStatus</c> (the status the driver saw when tapping), a tap whose action has already happened is a 200 no-op
/// instead of a 409, so an app may resend a tap safely.
/// </summary>
public sealed record ActOnJobRequest(
    [Required, RegularExpression("^(accept|reject|en-route|arrived|on-board|complete|no-show|unassign)$", ErrorMessage = "action is accept, reject, en-route, arrived, on-board, complete, no-show or unassign.")] string? Action,
    [StringLength(300)] string? Reason = null,
    [RegularExpression("^(Offered|Assigned|EnRoute|Arrived|OnBoard)$", ErrorMessage = "expectedStatus is Offered, Assigned, EnRoute, Arrived or OnBoard.")] string? ExpectedStatus = null);

internal static class ActOnJob
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPatch("{jobId:guid}", HandleAsync)
            .RequireAuthorization(PlatformPolicies.Authenticated)
            .WithName("ActOnJob")
            .WithSummary("Move a job along the driver flow (drivers: own jobs only; staff: any, plus unassign).");

    private static async Task<Ok<JobView>> HandleAsync(
        Guid jobId,
        ActOnJobRequest request,
        HttpContext http,
        IAuthorizationService authorization,
        [FromServices] IFleetDirectory fleet,
        JobActions actions,
        CancellationToken cancellationToken)
    {
        var actor = await Callers.FromAsync(http, authorization, fleet, cancellationToken);
        var job = request.ExpectedStatus is { } expected && actor.DriverId is not null
            ? (await actions.TapAsync(jobId, request.Action!, expected, actor, cancellationToken)).Job
            : await actions.ActAsync(jobId, request.Action!, request.Reason, actor, cancellationToken);
        return TypedResults.Ok(JobView.From(job));
    }
}

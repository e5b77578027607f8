using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Dispatch;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Allocation;
using Nots.Dispatch.Data;
using Nots.Dispatch.Features.ListJobs;
using Platform.Web;

namespace Nots.Dispatch.Features.DriverApp;

/// <summary>What became of a driver's tap on a status button.</summary>
public enum DriverTapOutcome
{
    /// <summary>The job moved on.</summary>
    Done,

    /// <summary>The tap's action had already happened (the tap was sent twice or replayed from the offline queue): nothing changed.</summary>
    AlreadyDone,

    /// <summary>The job is no longer this driver's (the offer ended, a dispatcher took it back, or it never was theirs).</summary>
    Gone,

    /// <summary>A rule refused it (offer expired, waiting time not over, out of order); <see cref="DriverTapResult.Message"/> says why.</summary>
    Refused,
}

/// <summary>A tap's outcome with the job as it stands now (null when <see cref="DriverTapOutcome.Gone"/>).</summary>
public sealed record DriverTapResult(DriverTapOutcome Outcome, JobView? Job, string? Message);

/// <summary>
/// Dispatch's surface for the host's driver app (<c>/driver</c>): the same queries and job actions as
/// <c>GET /v1/dispatch/jobs</c>, <c>GET /v1/dispatch/jobs/{id}</c>, <c>PATCH /v1/dispatch/{id}</c> (with
/// <c>expectedStatus</c>) and <c>POST /v1/dispatch/positions</c>, for the signed-in driver only.
/// </summary>
public interface IDriverJobs
{
    /// <summary>The signed-in driver's offers and jobs from today (UK) on; null when the caller is not a driver in the fleet.</summary>
    Task<DriverJobsResponse?> ListMineAsync(HttpContext http);

    /// <summary>One of the signed-in driver's jobs, or null (someone else's jobs are as missing ones).</summary>
    Task<JobView?> FindMineAsync(Guid jobId, HttpContext http);

    /// <summary>
    /// A status tap (<c>accept</c>, <c>reject</c>, <c>en-route</c>, <c>arrived</c>, <c>on-board</c>, <c>complete</c>,
    /// <c>no-show</c>) made while the job showed <paramref name="expectedStatus"/>. A tap whose action already happened
    /// is <see cref="DriverTapOutcome.AlreadyDone"/>, never an error.
    /// </summary>
    Task<DriverTapResult> TapAsync(Guid jobId, string action, string expectedStatus, HttpContext http);

    /// <summary>Stores the signed-in driver's position; false when the values are out of range or the caller is not a driver.</summary>
    Task<bool> PostPositionAsync(double lat, double lng, double? accuracy, HttpContext http);
}

/// <summary>The driver's job flow as buttons.</summary>
public static class DriverFlow
{
    /// <summary>The actions a driver may take on a job in <paramref name="status"/>, in the order of the job flow.</summary>
    public static IReadOnlyList<string> NextActions(string status) => status switch
    {
        JobStatuses.Offered => ["accept", "reject"],
        JobStatuses.Assigned => ["en-route"],
        JobStatuses.EnRoute => ["arrived"],
        JobStatuses.Arrived => ["on-board", "no-show"],
        JobStatuses.OnBoard => ["complete"],
        _ => [],
    };

    /// <summary>Whether the driver is working the job now (their position is worth posting).</summary>
    public static bool IsUnderway(string status) => status is JobStatuses.Assigned or JobStatuses.EnRoute or JobStatuses.Arrived or JobStatuses.OnBoard;
}

internal sealed class DriverJobs(IAuthorizationService authorization, IFleetDirectory fleet, DispatchDbContext db, JobActions actions, TimeProvider time) : IDriverJobs
{
    public async Task<DriverJobsResponse?> ListMineAsync(HttpContext http)
    {
        var actor = await Callers.FromAsync(http, authorization, fleet, http.RequestAborted);
        return actor.DriverId is { } driverId ? await ListJobs.ListJobs.MineAsync(db, driverId, time.GetUtcNow(), http.RequestAborted) : null;
    }

    public async Task<JobView?> FindMineAsync(Guid jobId, HttpContext http)
    {
        var actor = await Callers.FromAsync(http, authorization, fleet, http.RequestAborted);
        if (actor.DriverId is not { } driverId)
        {
            return null;
        }

        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.DriverId == driverId, http.RequestAborted);
        return job is null ? null : JobView.From(job);
    }

    public async Task<DriverTapResult> TapAsync(Guid jobId, string action, string expectedStatus, HttpContext http)
    {
        var actor = await Callers.FromAsync(http, authorization, fleet, http.RequestAborted);
        if (actor.DriverId is null || action == "unassign" || !JobActions.Actions.Contains(action))
        {
            return new DriverTapResult(DriverTapOutcome.Gone, null, "This job is not yours.");
        }

        try
        {
            var (job, replayed) = await actions.TapAsync(jobId, action, expectedStatus, actor, http.RequestAborted);
            if (job.DriverId != actor.DriverId)
            {
                // Rejecting frees the job: it leaves the driver's list.
                return new DriverTapResult(DriverTapOutcome.Done, null, null);
            }

            return new DriverTapResult(replayed ? DriverTapOutcome.AlreadyDone : DriverTapOutcome.Done, JobView.From(job), null);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            // Includes a replayed reject: the job was freed by the first one.
            return new DriverTapResult(DriverTapOutcome.Gone, null, "This job is no longer yours.");
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            var now = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.DriverId == actor.DriverId, http.RequestAborted);
            return new DriverTapResult(now is null ? DriverTapOutcome.Gone : DriverTapOutcome.Refused, now is null ? null : JobView.From(now), ex.Message);
        }
    }

    public async Task<bool> PostPositionAsync(double lat, double lng, double? accuracy, HttpContext http)
    {
        if (lat is < -90 or > 90 || lng is < -180 or > 180 || accuracy is < 0 or > 100000 || double.IsNaN(lat) || double.IsNaN(lng))
        {
            return false;
        }

        var actor = await Callers.FromAsync(http, authorization, fleet, http.RequestAborted);
        if (actor.DriverId is not { } driverId)
        {
            return false;
        }

        await PostPosition.PostPosition.SaveAsync(db, driverId, lat, lng, accuracy, time.GetUtcNow(), http.RequestAborted);
        return true;
    }
}

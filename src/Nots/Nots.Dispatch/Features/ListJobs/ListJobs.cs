using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Dispatch;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Data;
using Nots.Dispatch.Domain;
using Platform.Identity;

namespace Nots.Dispatch.Features.ListJobs;

/// <summary>A driver's jobs: today's (UK day) and upcoming, offered or assigned to them, by pickup time.</summary>
public sealed record DriverJobsResponse(Guid DriverId, IReadOnlyList<JobView> Items);

internal static class ListJobs
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("jobs", ListAsync)
            .RequireAuthorization(PlatformPolicies.Role("driver"))
            .WithName("ListMyJobs")
            .WithSummary("The calling driver's jobs today and upcoming.");
        group.MapGet("bookings/{reference}", ByBookingAsync)
            .RequireAuthorization(PlatformPolicies.Staff)
            .WithName("GetJobByBooking")
            .WithSummary("The job of a booking (staff).");
        group.MapGet("jobs/{jobId:guid}", GetAsync)
            .RequireAuthorization(PlatformPolicies.Authenticated)
            .WithName("GetJob")
            .WithSummary("One job (drivers: their own only).");
    }

    private static async Task<Ok<DriverJobsResponse>> ListAsync(
        HttpContext http, [FromServices] IFleetDirectory fleet, DispatchDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var driver = await Callers.DriverAsync(http, fleet, cancellationToken);
        return TypedResults.Ok(await MineAsync(db, driver.Id, time.GetUtcNow(), cancellationToken));
    }

    /// <summary>The driver's jobs from the start of today (UK) on, by pickup: the API's list and the driver app's.</summary>
    internal static async Task<DriverJobsResponse> MineAsync(DispatchDbContext db, Guid driverId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var local = TimeZoneInfo.ConvertTime(now, London);
        var startOfDay = new DateTimeOffset(local.Date, London.GetUtcOffset(local.Date)).ToUniversalTime();
        var jobs = await db.Jobs.AsNoTracking()
            .Where(j => j.DriverId == driverId && j.PickupAt >= startOfDay && j.Status != JobStatuses.Cancelled)
            .OrderBy(j => j.PickupAt).Take(200).ToListAsync(cancellationToken);
        return new DriverJobsResponse(driverId, jobs.Select(JobView.From).ToList());
    }

    private static async Task<Ok<JobView>> ByBookingAsync(string reference, DispatchDbContext db, CancellationToken cancellationToken)
    {
        var normalised = reference.Trim().ToUpperInvariant();
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.BookingReference == normalised, cancellationToken)
            ?? throw DispatchErrors.JobNotFound("booking " + normalised);
        return TypedResults.Ok(JobView.From(job));
    }

    private static async Task<Ok<JobView>> GetAsync(
        Guid jobId, HttpContext http, IAuthorizationService authorization, [FromServices] IFleetDirectory fleet, DispatchDbContext db, CancellationToken cancellationToken)
    {
        var actor = await Callers.FromAsync(http, authorization, fleet, cancellationToken);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || (!actor.IsStaff && (actor.DriverId is null || job.DriverId != actor.DriverId)))
        {
            throw DispatchErrors.JobNotFound(jobId.ToString());
        }

        return TypedResults.Ok(JobView.From(job));
    }
}

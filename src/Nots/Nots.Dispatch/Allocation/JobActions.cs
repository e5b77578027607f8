using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Dispatch;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Domain;
using Platform.Messaging;
using Platform.Web;

namespace Nots.Dispatch.Allocation;

/// <summary>Who is acting on a job: a driver (only their own jobs) or staff (any job).</summary>
internal sealed record Actor(string UserId, Guid? DriverId, bool IsStaff);

/// <summary>
/// The driver's job flow (accept, reject, en route, arrived, on board, complete, no-show), staff's unassign, and the
/// expiry of unanswered offers. Each is one versioned update with its events in the same transaction.
/// </summary>
internal sealed class JobActions(JobWriter writer, IFleetDirectory fleet, DispatchOptions options)
{
    public static readonly string[] Actions = ["accept", "reject", "en-route", "arrived", "on-board", "complete", "no-show", "unassign"];

    public async Task<Job> ActAsync(Guid jobId, string action, string? reason, Actor actor, CancellationToken cancellationToken)
    {
        // The fleet is read before the transaction (it is another module's store): who is accepting, in what.
        var current = await writer.Db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (current is null || (!actor.IsStaff && (actor.DriverId is null || current.DriverId != actor.DriverId)))
        {
            throw DispatchErrors.JobNotFound(jobId.ToString());
        }

        if (action == "unassign" && !actor.IsStaff)
        {
            throw DomainException.Conflict("staff_only", "Only a dispatcher can unassign a job.");
        }

        DriverSnapshot? driver = null;
        VehicleSnapshot? vehicle = null;
        if (action == "accept" && current.DriverId is { } d && current.VehicleId is { } v)
        {
            driver = await fleet.FindDriverAsync(d, cancellationToken);
            vehicle = await fleet.FindVehicleAsync(v, cancellationToken);
            if (driver is null || vehicle is null)
            {
                throw DispatchErrors.Ineligible("driver_not_active", "The driver or vehicle on this offer no longer exists.");
            }

            if (!driver.Compliant || driver.Status != DriverStatuses.Active || !vehicle.Compliant || !vehicle.Active)
            {
                Eligibility.Check(current, driver, vehicle, writer.Now, TimeSpan.Zero);
            }
        }

        var position = current.DriverId is { } driverId ? await writer.PositionAsync(driverId, cancellationToken) : null;
        return await writer.InTransactionAsync(async ct =>
        {
            var job = await writer.Db.Jobs.FirstAsync(j => j.Id == jobId, ct);
            if (job.Version != current.Version)
            {
                throw DispatchErrors.Changed();
            }

            var now = writer.Now;
            var onJob = job.DriverId ?? Guid.Empty;
            string? detail = null;
            switch (action)
            {
                case "accept":
                    job.Accept(onJob, now);
                    await ResolveAsync(job.Id, AllocationStatuses.Active, now, ct);
                    writer.Db.AddIntegrationEvent(new OfferResolvedIntegrationEvent(job.Id, job.BookingId, onJob, OfferOutcomes.Accepted, job.OfferedAt ?? now, now));
                    writer.Db.AddIntegrationEvent(Allocator.Assigned(job, driver!, vehicle!));
                    break;
                case "reject":
                    var offeredAt = job.OfferedAt ?? now;
                    job.EndOffer(onJob, "reject", now);
                    await ResolveAsync(job.Id, AllocationStatuses.Rejected, now, ct);
                    writer.Db.AddIntegrationEvent(new OfferResolvedIntegrationEvent(job.Id, job.BookingId, onJob, OfferOutcomes.Rejected, offeredAt, now));
                    break;
                case "en-route":
                    job.StartEnRoute(now);
                    break;
                case "arrived":
                    job.Arrive(now);
                    break;
                case "on-board":
                    job.Board(now);
                    break;
                case "complete":
                    job.Complete(now);
                    await ResolveAsync(job.Id, AllocationStatuses.Ended, now, ct);
                    break;
                case "no-show":
                    detail = job.MarkNoShow(job.FreeWaiting(options.FreeWaiting, options.AirportFreeWaiting), position?.Lat, position?.Lng, now);
                    await ResolveAsync(job.Id, AllocationStatuses.Ended, now, ct);
                    break;
                case "unassign":
                    var wasOffered = job.Status == JobStatuses.Offered;
                    var previousOfferAt = job.OfferedAt ?? now;
                    detail = reason ?? "Released by a dispatcher";
                    job.Release(detail, now);
                    await ResolveAsync(job.Id, AllocationStatuses.Released, now, ct);
                    if (wasOffered)
                    {
                        writer.Db.AddIntegrationEvent(new OfferResolvedIntegrationEvent(job.Id, job.BookingId, onJob, OfferOutcomes.Rejected, previousOfferAt, now));
                    }

                    break;
                default:
                    throw new DomainException("unknown_action", $"Unknown action '{action}'. Use one of: {string.Join(", ", Actions)}.");
            }

            writer.StatusChanged(job, position?.Lat, position?.Lng, detail);
            await writer.StampAsync(job, ct);
            return job;
        }, cancellationToken);
    }

    /// <summary>
    /// A driver's tap made while the job was <paramref name="expectedStatus"/>: when the job has moved on and the tap's
    /// action has already happened (the same tap sent twice, or queued offline and replayed), nothing is done and the job
    /// is returned as it is (<c>Replayed</c>); otherwise the action runs as <see cref="ActAsync"/>.
    /// </summary>
    public async Task<(Job Job, bool Replayed)> TapAsync(Guid jobId, string action, string expectedStatus, Actor actor, CancellationToken cancellationToken)
    {
        var current = await writer.Db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (current is not null && actor.DriverId is { } driverId && current.Status != expectedStatus && current.HasReached(action, driverId))
        {
            return (current, true);
        }

        try
        {
            return (await ActAsync(jobId, action, null, actor, cancellationToken), false);
        }
        catch (DomainException ex) when (ex.Code is "job_changed" or "invalid_transition" && actor.DriverId is { } racing)
        {
            // The same tap from another request won the race: what it did is what this one asked for.
            writer.Db.ChangeTracker.Clear();
            var now = await writer.Db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (now is not null && now.HasReached(action, racing))
            {
                return (now, true);
            }

            throw;
        }
    }

    /// <summary>
    /// Claims one expired offer (conditional on the version read, so one node wins) and frees the job; an auto job then
    /// waits for the worker's next offer.
    /// </summary>
    public async Task<bool> ExpireAsync(Guid jobId, CancellationToken cancellationToken)
    {
        try
        {
            return await writer.InTransactionAsync(async ct =>
            {
                var job = await writer.Db.Jobs.FirstAsync(j => j.Id == jobId, ct);
                var now = writer.Now;
                if (job.Status != JobStatuses.Offered || job.OfferExpiresAt is not { } expires || expires > now || job.DriverId is not { } driver)
                {
                    return false;
                }

                var offeredAt = job.OfferedAt ?? expires;
                job.EndOffer(driver, "expire", now);
                await ResolveAsync(job.Id, AllocationStatuses.Expired, now, ct);
                writer.Db.AddIntegrationEvent(new OfferResolvedIntegrationEvent(job.Id, job.BookingId, driver, OfferOutcomes.Expired, offeredAt, now));
                writer.StatusChanged(job, detail: "Offer expired");
                await writer.StampAsync(job, ct);
                return true;
            }, cancellationToken);
        }
        catch (DomainException ex) when (ex.Code == "job_changed")
        {
            return false;
        }
    }

    private async Task ResolveAsync(Guid jobId, string status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var live = await writer.Db.Allocations
            .Where(a => a.JobId == jobId && (a.Status == AllocationStatuses.Offered || a.Status == AllocationStatuses.Active))
            .ToListAsync(cancellationToken);
        foreach (var allocation in live)
        {
            if (status == AllocationStatuses.Active)
            {
                allocation.Resolve(AllocationStatuses.Active, now);
            }
            else
            {
                allocation.Resolve(status, now);
            }
        }
    }
}

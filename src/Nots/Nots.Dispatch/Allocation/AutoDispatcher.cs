using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Dispatch;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Domain;
using Platform.Web;

namespace Nots.Dispatch.Allocation;

/// <summary>
/// Auto-dispatch: offers a job to the best eligible driver, one at a time. Best = nearest last-known position to the
/// pickup (great-circle) when both are known; otherwise the fair queue, longest idle first (idle since the driver's
/// last offer or finished job). Drivers who already had this job offered are skipped. After
/// <see cref="DispatchOptions.MaxOfferAttempts"/> offers, or with nobody eligible, the job is Escalated to a dispatcher.
/// </summary>
internal sealed class AutoDispatcher(JobWriter writer, Allocator allocator, IFleetDirectory fleet, DispatchOptions options)
{
    /// <summary>Makes the next offer for an auto job that is waiting; returns the job's status afterwards.</summary>
    public async Task<string> OfferNextAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await writer.Db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken)
            ?? throw DispatchErrors.JobNotFound(jobId.ToString());
        if (!job.Auto || job.Status != JobStatuses.Unassigned)
        {
            return job.Status;
        }

        if (job.OfferAttempts >= options.MaxOfferAttempts)
        {
            return await EscalateAsync(job, $"No driver accepted after {job.OfferAttempts} offers.", cancellationToken);
        }

        foreach (var (driver, vehicle) in await CandidatesAsync(job, cancellationToken))
        {
            try
            {
                var offered = await writer.InTransactionAsync(async ct =>
                {
                    await writer.LockAsync("driver", driver.Id, ct);
                    await writer.LockAsync("vehicle", vehicle.Id, ct);
                    var fresh = await writer.Db.Jobs.FirstAsync(j => j.Id == jobId, ct);
                    if (!fresh.Auto || fresh.Status != JobStatuses.Unassigned || fresh.Version != job.Version)
                    {
                        // Someone else (another node, a dispatcher) moved it on.
                        return fresh.Status;
                    }

                    await allocator.AllocateLockedAsync(fresh, driver, vehicle, DispatchModes.Auto, null, ct);
                    return fresh.Status;
                }, cancellationToken);
                return offered;
            }
            catch (DomainException ex) when (ex.Code != "job_changed")
            {
                // This candidate stopped being eligible since the ranking (or overlaps): try the next.
            }
        }

        return await EscalateAsync(job, "No eligible driver is available.", cancellationToken);
    }

    /// <summary>
    /// Inside the caller's transaction (the consumer that creates the job): offers the job to the best candidate, so
    /// the first offer commits with the job itself. When that candidate turns out not to fit, the job stays Unassigned
    /// and the worker carries on with the next ones.
    /// </summary>
    public async Task<bool> OfferBestLockedAsync(Job job, CancellationToken cancellationToken)
    {
        var candidates = await CandidatesAsync(job, cancellationToken);
        if (candidates.Count == 0)
        {
            return false;
        }

        var (driver, vehicle) = candidates[0];
        await writer.LockAsync("driver", driver.Id, cancellationToken);
        await writer.LockAsync("vehicle", vehicle.Id, cancellationToken);
        try
        {
            await allocator.AllocateLockedAsync(job, driver, vehicle, DispatchModes.Auto, null, cancellationToken);
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    private async Task<string> EscalateAsync(Job job, string reason, CancellationToken cancellationToken) =>
        await writer.InTransactionAsync(async ct =>
        {
            var fresh = await writer.Db.Jobs.FirstAsync(j => j.Id == job.Id, ct);
            if (fresh.Version != job.Version || fresh.Status != JobStatuses.Unassigned)
            {
                return fresh.Status;
            }

            fresh.Escalate(reason, writer.Now);
            writer.StatusChanged(fresh, detail: reason);
            await writer.StampAsync(fresh, ct);
            return fresh.Status;
        }, cancellationToken);

    private async Task<List<(DriverSnapshot Driver, VehicleSnapshot Vehicle)>> CandidatesAsync(Job job, CancellationToken cancellationToken)
    {
        var now = writer.Now;
        var drivers = await fleet.ListDispatchableDriversAsync(cancellationToken);
        var ids = drivers.Select(d => d.Id).ToList();
        var tried = await writer.Db.Allocations.AsNoTracking().Where(a => a.JobId == job.Id).Select(a => a.DriverId).ToListAsync(cancellationToken);
        var since = now.AddDays(-2);
        var positions = await writer.Db.Positions.AsNoTracking().Where(p => ids.Contains(p.DriverId)).ToListAsync(cancellationToken);
        var offers = await writer.Db.Allocations.AsNoTracking().Where(a => ids.Contains(a.DriverId) && a.OfferedAt > since)
            .Select(a => new { a.DriverId, a.OfferedAt }).ToListAsync(cancellationToken);
        var finished = await writer.Db.Jobs.AsNoTracking().Where(j => j.DriverId != null && ids.Contains(j.DriverId.Value) && j.UpdatedAt > since
                && (j.Status == JobStatuses.Completed || j.Status == JobStatuses.NoShow))
            .Select(j => new { DriverId = j.DriverId!.Value, j.UpdatedAt }).ToListAsync(cancellationToken);
        var busy = await writer.Db.Jobs.AsNoTracking()
            .Where(j => j.Id != job.Id && j.DriverId != null && ids.Contains(j.DriverId.Value) && Job.Holding.Contains(j.Status)
                && j.PickupAt < job.EndsAt + options.Buffer && j.EndsAt > job.PickupAt - options.Buffer)
            .Select(j => j.DriverId!.Value).ToListAsync(cancellationToken);

        var ranked = new List<(DriverSnapshot Driver, VehicleSnapshot Vehicle, double? Miles, DateTimeOffset IdleSince)>();
        foreach (var driver in drivers.Where(d => !tried.Contains(d.Id) && !busy.Contains(d.Id)))
        {
            VehicleSnapshot? chosen = null;
            foreach (var vehicleId in driver.VehicleIds)
            {
                var vehicle = await fleet.FindVehicleAsync(vehicleId, cancellationToken);
                if (vehicle is null)
                {
                    continue;
                }

                try
                {
                    Eligibility.Check(job, driver, vehicle, now, options.OnDutyWindow);
                    chosen = vehicle;
                    break;
                }
                catch (DomainException)
                {
                    // Not this vehicle.
                }
            }

            if (chosen is null)
            {
                continue;
            }

            var position = positions.FirstOrDefault(p => p.DriverId == driver.Id && now - p.At <= options.PositionMaxAge);
            double? miles = position is not null && job.PickupLat is { } lat && job.PickupLng is { } lng
                ? GreatCircle.Miles(position.Lat, position.Lng, lat, lng)
                : null;
            var idle = offers.Where(o => o.DriverId == driver.Id).Select(o => o.OfferedAt)
                .Concat(finished.Where(f => f.DriverId == driver.Id).Select(f => f.UpdatedAt))
                .DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            ranked.Add((driver, chosen, miles, idle));
        }

        return ranked
            .OrderBy(r => r.Miles is null ? 1 : 0)
            .ThenBy(r => r.Miles ?? 0)
            .ThenBy(r => r.IdleSince)
            .ThenBy(r => r.Driver.Id)
            .Select(r => (r.Driver, r.Vehicle))
            .ToList();
    }
}

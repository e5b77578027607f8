using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Dispatch;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Domain;
using Platform.Messaging;
using Platform.Web;

namespace Nots.Dispatch.Allocation;

/// <summary>
/// Offers or assigns a job to a driver and vehicle once every eligibility rule holds. The static rules (status,
/// compliance, class, capacity, duty) are checked against the fleet directory; the overlap rule is checked inside the
/// transaction after the driver's and vehicle's lock rows are held, and the job update is conditional on its version.
/// </summary>
internal sealed class Allocator(JobWriter writer, IFleetDirectory fleet, DispatchOptions options)
{
    public async Task<Job> AllocateAsync(Guid jobId, Guid driverId, Guid vehicleId, string mode, string? dispatcher, CancellationToken cancellationToken)
    {
        var driver = await fleet.FindDriverAsync(driverId, cancellationToken)
            ?? throw DomainException.NotFound("driver_not_found", $"There is no driver {driverId}.");
        var vehicle = await fleet.FindVehicleAsync(vehicleId, cancellationToken)
            ?? throw DomainException.NotFound("vehicle_not_found", $"There is no vehicle {vehicleId}.");
        return await writer.InTransactionAsync(async ct =>
        {
            await writer.LockAsync("driver", driverId, ct);
            await writer.LockAsync("vehicle", vehicleId, ct);
            var job = await writer.Db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId, ct) ?? throw DispatchErrors.JobNotFound(jobId.ToString());
            await AllocateLockedAsync(job, driver, vehicle, mode, dispatcher, ct);
            return job;
        }, cancellationToken);
    }

    /// <summary>The part that runs with the locks held (also used by auto-dispatch, candidate by candidate).</summary>
    public async Task AllocateLockedAsync(Job job, DriverSnapshot driver, VehicleSnapshot vehicle, string mode, string? dispatcher, CancellationToken cancellationToken)
    {
        var now = writer.Now;
        if (!job.IsAssignable)
        {
            throw DispatchErrors.NotAssignable(job.Status);
        }

        Eligibility.Check(job, driver, vehicle, now, options.OnDutyWindow);
        await writer.CheckNoOverlapAsync(job, driver.Id, vehicle.Id, options.Buffer, cancellationToken);
        if (mode == DispatchModes.Assign)
        {
            job.Assign(driver.Id, vehicle.Id, dispatcher, now);
            writer.Db.Allocations.Add(JobAllocation.For(job, offered: false, now));
            writer.Db.AddIntegrationEvent(Assigned(job, driver, vehicle));
        }
        else
        {
            job.Offer(driver.Id, vehicle.Id, mode, dispatcher, now, now + options.OfferTimeoutFor(job.PickupAt, now));
            writer.Db.Allocations.Add(JobAllocation.For(job, offered: true, now));
        }

        writer.StatusChanged(job);
        await writer.StampAsync(job, cancellationToken);
    }

    public static DriverAssignedIntegrationEvent Assigned(Job job, DriverSnapshot driver, VehicleSnapshot vehicle) => new(
        job.Id,
        job.BookingId,
        job.BookingReference,
        driver.Id,
        driver.FirstName,
        driver.Name,
        driver.BadgeNumber,
        driver.BadgePhotoUrl,
        vehicle.Id,
        vehicle.Registration,
        vehicle.Make,
        vehicle.Model,
        vehicle.Colour,
        vehicle.PlateNumber,
        job.DispatcherUserId,
        job.AssignedAt ?? job.UpdatedAt,
        job.Mode ?? DispatchModes.Assign);
}

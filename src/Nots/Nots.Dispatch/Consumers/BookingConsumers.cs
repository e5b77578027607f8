using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Bookings;
using Nots.Contracts.Dispatch;
using Nots.Dispatch.Allocation;
using Nots.Dispatch.Domain;
using Platform.Messaging;

namespace Nots.Dispatch.Consumers;

/// <summary>
/// A confirmed booking becomes a dispatch job (once: the job is unique per booking). With auto-dispatch on, the first
/// offer is made in the same transaction.
/// </summary>
internal sealed class CreateJobOnTransferBooked(JobWriter writer, AutoDispatcher auto, DispatchOptions options) : IIntegrationEventHandler<TransferBookedIntegrationEvent>
{
    public async Task HandleAsync(TransferBookedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var e = integrationEvent;
        if (await writer.Db.Jobs.AnyAsync(j => j.BookingId == e.BookingId, cancellationToken))
        {
            return;
        }

        var job = Job.Create(
            e.BookingId, e.Reference, e.VehicleClass,
            new JobTerms(e.PickupAt, e.PickupName, e.DropoffName, e.Passengers, e.Suitcases, e.DurationMinutes, e.DistanceMiles,
                e.PickupLat, e.PickupLng, e.DropoffLat, e.DropoffLng, e.LeadPassengerName, e.MeetAndGreet, e.FlightNumber),
            options.AutoDispatch, e.ConfirmedAt, writer.Now, options.DefaultDurationMinutes);
        writer.Db.Jobs.Add(job);
        // No status event for the new job itself (nothing changed for other modules); the live board still sees it.
        await writer.StampAsync(job, cancellationToken);
        if (job.Auto)
        {
            // The first offer commits with the job; anything more (no fit, rejects, timeouts) is the worker's.
            await auto.OfferBestLockedAsync(job, cancellationToken);
        }

        await writer.Db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>A cancelled booking's job is cancelled and its driver released.</summary>
internal sealed class CancelJobOnBookingCancelled(JobWriter writer) : IIntegrationEventHandler<BookingCancelledIntegrationEvent>
{
    public async Task HandleAsync(BookingCancelledIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var job = await writer.Db.Jobs.FirstOrDefaultAsync(j => j.BookingId == integrationEvent.BookingId, cancellationToken);
        if (job is null || job.Status is JobStatuses.Cancelled or JobStatuses.Completed or JobStatuses.NoShow)
        {
            return;
        }

        var driver = job.DriverId;
        job.Cancel(writer.Now);
        var live = await writer.Db.Allocations
            .Where(a => a.JobId == job.Id && (a.Status == AllocationStatuses.Offered || a.Status == AllocationStatuses.Active))
            .ToListAsync(cancellationToken);
        live.ForEach(a => a.Resolve(AllocationStatuses.Released, writer.Now));
        writer.Db.AddIntegrationEvent(new JobStatusChangedIntegrationEvent(
            job.Id, job.BookingId, job.BookingReference, job.Status, job.UpdatedAt, null, null, driver, "Booking cancelled"));
        await writer.StampAsync(job, cancellationToken);
        await writer.Db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// An amended booking updates its job. A driver who no longer fits (the new time overlaps another job, or the party
/// outgrew the vehicle) is released and the board shows the job as unassigned again.
/// </summary>
internal sealed class AmendJobOnBookingAmended(JobWriter writer, Nots.Contracts.Fleet.IFleetDirectory fleet, DispatchOptions options)
    : IIntegrationEventHandler<BookingAmendedIntegrationEvent>
{
    public async Task HandleAsync(BookingAmendedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var e = integrationEvent;
        var job = await writer.Db.Jobs.FirstOrDefaultAsync(j => j.BookingId == e.BookingId, cancellationToken);
        if (job is null)
        {
            // Not confirmed yet as far as dispatch knows: a later event would carry the new terms; retry until then.
            throw new InvalidOperationException($"No dispatch job for booking {e.Reference} yet.");
        }

        if (job.UpdatedAt > e.AmendedAt && job.PickupAt == e.PickupAt && job.Passengers == e.Passengers)
        {
            return;
        }

        job.Amend(
            new JobTerms(e.PickupAt, e.PickupName, e.DropoffName, e.Passengers, e.Suitcases, e.DurationMinutes, e.DistanceMiles,
                e.PickupLat, e.PickupLng, e.DropoffLat, e.DropoffLng, e.LeadPassengerName, e.MeetAndGreet, e.FlightNumber),
            writer.Now, options.DefaultDurationMinutes);
        string? release = null;
        if (job.Status is JobStatuses.Offered or JobStatuses.Assigned && job.DriverId is { } driverId && job.VehicleId is { } vehicleId)
        {
            await writer.LockAsync("driver", driverId, cancellationToken);
            await writer.LockAsync("vehicle", vehicleId, cancellationToken);
            var vehicle = await fleet.FindVehicleAsync(vehicleId, cancellationToken);
            if (vehicle is null || vehicle.Seats < job.Passengers || vehicle.Suitcases < job.Suitcases)
            {
                release = "The amended party no longer fits the vehicle";
            }
            else
            {
                try
                {
                    await writer.CheckNoOverlapAsync(job, driverId, vehicleId, options.Buffer, cancellationToken);
                }
                catch (Platform.Web.DomainException ex)
                {
                    release = "The amended time overlaps another job: " + ex.Message;
                }
            }
        }

        if (release is not null)
        {
            job.Release(release, writer.Now);
            var live = await writer.Db.Allocations
                .Where(a => a.JobId == job.Id && (a.Status == AllocationStatuses.Offered || a.Status == AllocationStatuses.Active))
                .ToListAsync(cancellationToken);
            live.ForEach(a => a.Resolve(AllocationStatuses.Released, writer.Now));
            writer.StatusChanged(job, detail: release);
        }

        await writer.StampAsync(job, cancellationToken);
        await writer.Db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// A booking's personal data was erased (a GDPR request or the end of retention): the job's copy of the passenger's
/// name and flight goes too. Erasure is refused while a journey is still to run, so the job is finished by now.
/// </summary>
internal sealed class ErasePassengerOnBookingPersonalDataErased(JobWriter writer) : IIntegrationEventHandler<BookingPersonalDataErasedIntegrationEvent>
{
    public async Task HandleAsync(BookingPersonalDataErasedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var job = await writer.Db.Jobs.FirstOrDefaultAsync(j => j.BookingId == integrationEvent.BookingId, cancellationToken);
        if (job is not null && job.ErasePassenger(writer.Now))
        {
            await writer.Db.SaveChangesAsync(cancellationToken);
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Dispatch;
using Nots.Contracts.Fleet;
using Nots.Reporting.Data;
using Platform.Messaging;

namespace Nots.Reporting.Projection;

/// <summary>Every resolved offer, for the acceptance rate and the time to accept.</summary>
internal sealed class OnOfferResolved(ReportingDbContext db) : IIntegrationEventHandler<OfferResolvedIntegrationEvent>
{
    public async Task HandleAsync(OfferResolvedIntegrationEvent e, MessageContext context, CancellationToken cancellationToken)
    {
        db.Offers.Add(new OfferFact
        {
            Id = context.MessageId,
            JobId = e.JobId,
            DriverId = e.DriverId,
            Outcome = e.Outcome,
            OfferedAt = e.OfferedAt,
            ResolvedAt = e.ResolvedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Duty changes as they come; on-duty periods are read from their order, so a late delivery needs no repair.</summary>
internal sealed class OnDutyChanged(ReportingDbContext db) : IIntegrationEventHandler<DriverDutyChangedIntegrationEvent>
{
    public async Task HandleAsync(DriverDutyChangedIntegrationEvent e, MessageContext context, CancellationToken cancellationToken)
    {
        db.DutyChanges.Add(new DutyChange { Id = context.MessageId, DriverId = e.DriverId, OnDuty = e.OnDuty, At = e.OccurredAt });
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>A job's time on the road: set off (en route) to completed, no-show or cancelled after setting off.</summary>
internal sealed class OnJobTimed(ReportingDbContext db) : IIntegrationEventHandler<JobStatusChangedIntegrationEvent>
{
    public async Task HandleAsync(JobStatusChangedIntegrationEvent e, MessageContext context, CancellationToken cancellationToken)
    {
        var starts = e.Status == JobStatuses.EnRoute;
        var ends = e.Status is JobStatuses.Completed or JobStatuses.NoShow or JobStatuses.Cancelled;
        if (!starts && !ends)
        {
            return;
        }

        var job = await db.JobTimes.SingleOrDefaultAsync(j => j.JobId == e.JobId, cancellationToken);
        if (job is null)
        {
            if (!starts && e.Status == JobStatuses.Cancelled)
            {
                return; // Cancelled before anyone set off: no time on the road.
            }

            job = new JobTime { JobId = e.JobId };
            db.JobTimes.Add(job); // A racing first insert fails on the key and the message is retried as an update.
        }

        if (starts && (job.StartedAt is null || e.At > job.StartedAt))
        {
            // A job given to another driver after setting off starts again with the new driver.
            job.StartedAt = e.At;
            job.DriverId = e.DriverId ?? job.DriverId;
        }

        if (ends && (job.EndedAt is null || e.At < job.EndedAt))
        {
            job.EndedAt = e.At;
            job.DriverId ??= e.DriverId;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>A driver's name for the utilisation table, from onboarding.</summary>
internal sealed class OnDriverOnboarded(ReportingDbContext db) : IIntegrationEventHandler<DriverOnboardedIntegrationEvent>
{
    public Task HandleAsync(DriverOnboardedIntegrationEvent e, MessageContext context, CancellationToken cancellationToken) =>
        DriverNames.SetAsync(db, e.DriverId, e.Name, cancellationToken);
}

/// <summary>A driver's name as dispatch last reported it (also covers drivers onboarded before this projection existed).</summary>
internal sealed class OnDriverAssignedName(ReportingDbContext db) : IIntegrationEventHandler<DriverAssignedIntegrationEvent>
{
    public Task HandleAsync(DriverAssignedIntegrationEvent e, MessageContext context, CancellationToken cancellationToken) =>
        DriverNames.SetAsync(db, e.DriverId, e.DriverName, cancellationToken);
}

internal static class DriverNames
{
    public static async Task SetAsync(ReportingDbContext db, Guid driverId, string name, CancellationToken cancellationToken)
    {
        var driver = await db.Drivers.SingleOrDefaultAsync(d => d.DriverId == driverId, cancellationToken);
        if (driver is null)
        {
            db.Drivers.Add(new DriverName { DriverId = driverId, Name = name });
        }
        else
        {
            driver.Name = name;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

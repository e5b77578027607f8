using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Dispatch;
using Nots.Reporting.Data;
using Platform.Messaging;

namespace Nots.Reporting.Projection;

/// <summary>The allocation joins the statutory record: driver, badge, vehicle, plate, when, and who allocated it.</summary>
internal sealed class OnDriverAssigned(ReportingDbContext db, TimeProvider time) : IIntegrationEventHandler<DriverAssignedIntegrationEvent>
{
    public async Task HandleAsync(DriverAssignedIntegrationEvent e, MessageContext context, CancellationToken cancellationToken)
    {
        // Assignment follows confirmation; if this overtook it, throwing retries it after the confirmation lands.
        var fact = await db.Bookings.SingleOrDefaultAsync(f => f.BookingId == e.BookingId, cancellationToken)
            ?? throw new InvalidOperationException($"Booking {e.BookingReference} is not in the reports yet; the assignment is retried.");
        if (fact.AllocatedAt >= e.AssignedAt)
        {
            return; // An older allocation delivered late: the latest one is the record.
        }

        fact.DriverName = e.DriverName;
        fact.BadgeNumber = e.BadgeNumber;
        fact.VehicleRegistration = e.Registration;
        fact.PlateNumber = e.PlateNumber;
        fact.AllocatedAt = e.AssignedAt;
        fact.Dispatcher = e.DispatcherUserId ?? "auto-dispatch";
        fact.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>A job's end (completed or no-show) is the booking's outcome in the reports.</summary>
internal sealed class OnJobStatusChanged(ReportingDbContext db, TimeProvider time) : IIntegrationEventHandler<JobStatusChangedIntegrationEvent>
{
    public async Task HandleAsync(JobStatusChangedIntegrationEvent e, MessageContext context, CancellationToken cancellationToken)
    {
        var outcome = e.Status switch
        {
            JobStatuses.Completed => FactStatus.Completed,
            JobStatuses.NoShow => FactStatus.NoShow,
            _ => null,
        };
        if (outcome is null)
        {
            return;
        }

        var fact = await db.Bookings.SingleOrDefaultAsync(f => f.BookingId == e.BookingId, cancellationToken)
            ?? throw new InvalidOperationException($"Booking {e.BookingReference} is not in the reports yet; the job's end is retried.");
        if (fact.Status != FactStatus.Cancelled)
        {
            fact.Status = outcome;
            fact.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

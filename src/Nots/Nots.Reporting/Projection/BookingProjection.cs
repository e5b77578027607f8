using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Bookings;
using Nots.Reporting.Data;
using Platform.Messaging;

namespace Nots.Reporting.Projection;

/// <summary>A confirmed booking enters the reports.</summary>
internal sealed class OnTransferBooked(ReportingDbContext db, TimeProvider time) : IIntegrationEventHandler<TransferBookedIntegrationEvent>
{
    public async Task HandleAsync(TransferBookedIntegrationEvent e, MessageContext context, CancellationToken cancellationToken)
    {
        // The inbox makes a redelivery a no-op; the lookup also keeps a cancellation that overtook this event.
        var fact = await db.Bookings.SingleOrDefaultAsync(f => f.BookingId == e.BookingId, cancellationToken);
        if (fact is null)
        {
            fact = new BookingFact { BookingId = e.BookingId, Status = FactStatus.Confirmed };
            db.Bookings.Add(fact);
        }

        fact.Reference = e.Reference;
        fact.Channel = e.Channel;
        fact.VehicleClass = e.VehicleClass;
        if (fact.PersonalDataErasedAt is null)
        {
            // After an erasure overtook this event, the hirer and flight stay as the erasure left them.
            fact.FlightNumber = e.FlightNumber;
            fact.HirerName = e.LeadPassengerName;
        }

        fact.Currency = e.Currency;
        fact.ConfirmedAt = e.ConfirmedAt;
        if (fact.ChangedAt is null)
        {
            // Unless an amendment overtook this event, the journey and price are as confirmed.
            fact.PickupAt = e.PickupAt;
            fact.PickupName = e.PickupName;
            fact.DropoffName = e.DropoffName;
            fact.Passengers = e.Passengers;
            fact.TotalPence = e.TotalPence;
        }

        fact.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>An amended journey or price replaces the booking's figures.</summary>
internal sealed class OnBookingAmended(ReportingDbContext db, TimeProvider time) : IIntegrationEventHandler<BookingAmendedIntegrationEvent>
{
    public async Task HandleAsync(BookingAmendedIntegrationEvent e, MessageContext context, CancellationToken cancellationToken)
    {
        var fact = await db.Bookings.SingleOrDefaultAsync(f => f.BookingId == e.BookingId, cancellationToken);
        if (fact is null)
        {
            // Overtook the confirmation: keep the amendment; the confirmation fills in the rest and keeps these.
            fact = new BookingFact { BookingId = e.BookingId, Reference = e.Reference, Status = FactStatus.Confirmed };
            db.Bookings.Add(fact);
        }

        if (fact.ChangedAt >= e.AmendedAt)
        {
            return; // An older amendment delivered late.
        }

        fact.PickupAt = e.PickupAt;
        fact.PickupName = e.PickupName;
        fact.DropoffName = e.DropoffName;
        fact.Passengers = e.Passengers;
        fact.TotalPence = e.TotalPence;
        fact.ChangedAt = e.AmendedAt;
        fact.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>A cancellation keeps only the fee as revenue.</summary>
internal sealed class OnBookingCancelled(ReportingDbContext db, TimeProvider time) : IIntegrationEventHandler<BookingCancelledIntegrationEvent>
{
    public async Task HandleAsync(BookingCancelledIntegrationEvent e, MessageContext context, CancellationToken cancellationToken)
    {
        var fact = await db.Bookings.SingleOrDefaultAsync(f => f.BookingId == e.BookingId, cancellationToken);
        if (fact is null)
        {
            if (e.PreviousStatus is "PendingPayment" or "PaymentFailed")
            {
                return; // Never confirmed, so never in the reports.
            }

            // Overtook the confirmation: record the cancellation; the confirmation fills in the rest.
            fact = new BookingFact { BookingId = e.BookingId, Reference = e.Reference };
            db.Bookings.Add(fact);
        }

        fact.Status = FactStatus.Cancelled;
        fact.CancelledAt = e.CancelledAt;
        fact.CancellationFeePence = e.CancellationFeePence;
        fact.RefundPence = e.RefundPence;
        fact.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}

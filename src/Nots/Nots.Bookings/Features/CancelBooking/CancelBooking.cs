using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Bookings.Notifications;
using Nots.Bookings.Payments;
using Nots.Contracts.Bookings;
using Platform.Messaging;

namespace Nots.Bookings.Features.CancelBooking;

public sealed record RefundResponse(Guid Id, int AmountPence, string Status);

public sealed record CancelBookingResponse(string Reference, string Status, int CancellationFeePence, int RefundPence, IReadOnlyList<RefundResponse> Refunds);

/// <summary>
/// <c>DELETE /v1/bookings/{reference}</c>: cancel with the fee the notice earns; the rest goes back through the
/// payment provider. The status change, refund records, event and message commit together under the booking's
/// version, so two cancellations at once refund once (the other gets 409).
/// </summary>
internal static class CancelBooking
{
    public static void Map(RouteGroupBuilder bookings) =>
        bookings.MapDelete("{reference}", HandleAsync).AllowAnonymous().WithName("CancelBooking")
            .WithSummary("Cancel a booking: fee by notice given, the rest refunded (owner, staff, or ?token=)");

    internal static async Task<Ok<CancelBookingResponse>> HandleAsync(
        string reference,
        string? token,
        HttpContext http,
        IAuthorizationService authorization,
        BookingsDbContext db,
        BookingsOptions options,
        RefundProcessor refunds,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = await Caller.FromAsync(http, authorization);
        var (booking, outcome, planned) = await Conflicts.RetryAsync(db, async () =>
        {
            var booking = await BookingAccess.LoadAsync(db, reference, caller, token, withHistory: false, cancellationToken);
            var payments = await db.Payments.Where(p => p.BookingId == booking.Id).ToListAsync(cancellationToken);
            var now = time.GetUtcNow();
            var outcome = booking.Cancel(options.Cancellation, caller.IsStaff ? caller.Who : null, now);
            var planned = Refund.Plan(booking, payments, outcome.RefundPence, "Cancellation refund", now);
            db.Refunds.AddRange(planned);
            db.AddIntegrationEvent(new BookingCancelledIntegrationEvent(
                booking.Id, booking.Reference, outcome.PreviousStatus.ToString(), outcome.FeePence, outcome.RefundPence, now,
                caller.IsStaff ? caller.Sub : null));
            BookingMessages.Cancelled(db, booking, options, now);
            await db.SaveChangesAsync(cancellationToken);
            return (booking, outcome, planned);
        });

        // After the commit: the provider call never runs inside a booking transaction. Failures stay pending and
        // are retried by the worker with the same idempotency key.
        await refunds.ProcessAsync(planned.Select(r => r.Id), cancellationToken);
        var ids = planned.Select(r => r.Id).ToList();
        var states = await db.Refunds.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CancelBookingResponse(
            booking.Reference,
            BookingStatus.Cancelled.ToString(),
            outcome.FeePence,
            outcome.RefundPence,
            states.Select(r => new RefundResponse(r.Id, r.AmountPence, r.Status.ToString())).ToList()));
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Bookings.Features.CancelBooking;
using Nots.Bookings.Notifications;
using Nots.Bookings.Payments;
using Platform.Identity;
using Platform.Web;

namespace Nots.Bookings.Features.RefundBooking;

/// <summary>A goodwill or correcting refund given by the office.</summary>
/// <param name="AmountPence">What to give back, at most what was paid and not yet refunded.</param>
/// <param name="Reason">Why (kept in the booking's history).</param>
public sealed record RefundBookingRequest([Required, Range(1, 10_000_000)] int? AmountPence, [Required, StringLength(300, MinimumLength = 3)] string? Reason);

/// <summary>What was refunded and how each part stands with the provider.</summary>
public sealed record RefundBookingResponse(string Reference, int AmountPence, int RefundedPence, IReadOnlyList<RefundResponse> Refunds);

/// <summary>
/// <c>POST /v1/bookings/{reference}/refunds</c> (staff): returns part or all of what was paid, without changing the
/// booking's status. Recorded like a cancellation refund: the refund rows, the booking's refunded total and the customer's
/// refund e-mail commit under the booking's version (two refunds at once cannot give back more than was paid), then go to
/// the provider after commit.
/// </summary>
internal static class RefundBooking
{
    public static void Map(RouteGroupBuilder bookings) =>
        bookings.MapPost("{reference}/refunds", HandleAsync).RequireAuthorization(PlatformPolicies.Staff).WithName("RefundBooking")
            .WithSummary("Refund part or all of what was paid for a booking (staff)");

    internal static async Task<Ok<RefundBookingResponse>> HandleAsync(
        string reference,
        RefundBookingRequest request,
        HttpContext http,
        IAuthorizationService authorization,
        BookingsDbContext db,
        BookingsOptions options,
        RefundProcessor refunds,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = await Caller.FromAsync(http, authorization);
        if (!caller.IsStaff)
        {
            throw BookingErrors.NotFound(reference);
        }

        var amount = request.AmountPence ?? 0;
        var reason = request.Reason?.Trim() ?? "";
        if (amount <= 0)
        {
            throw new DomainException("invalid_refund_amount", "Enter an amount of at least 1p to refund.");
        }

        if (reason.Length < 3)
        {
            throw new DomainException("refund_reason_required", "Say why the money is refunded (at least 3 characters).");
        }

        var (booking, planned) = await Conflicts.RetryAsync(db, async () =>
        {
            var booking = await BookingAccess.LoadAsync(db, reference, caller, null, withHistory: false, cancellationToken);
            var payments = await db.Payments.Where(p => p.BookingId == booking.Id).ToListAsync(cancellationToken);
            var now = time.GetUtcNow();
            var planned = Refund.Plan(booking, payments, amount, $"Refund by {caller.Who}: {reason}", now);
            db.Refunds.AddRange(planned);
            BookingMessages.Refunded(db, booking, amount, options, now);
            await db.SaveChangesAsync(cancellationToken);
            return (booking, planned);
        });

        await refunds.ProcessAsync(planned.Select(r => r.Id), cancellationToken);
        var ids = planned.Select(r => r.Id).ToList();
        var states = await db.Refunds.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new RefundBookingResponse(
            booking.Reference, amount, booking.RefundedPence, states.Select(r => new RefundResponse(r.Id, r.AmountPence, r.Status.ToString())).ToList()));
    }
}

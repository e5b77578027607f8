using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Bookings.Features.StartPayment;

namespace Nots.Bookings.Features.GetPayment;

/// <summary><c>GET /v1/payments/{id}</c>: one payment, for whoever may see its booking.</summary>
internal static class GetPayment
{
    public static void Map(RouteGroupBuilder payments) =>
        payments.MapGet("{id:guid}", HandleAsync).AllowAnonymous().WithName("GetPayment")
            .WithSummary("A payment and its status (owner, staff, or ?token= of its booking)");

    private static async Task<Ok<PaymentResponse>> HandleAsync(
        Guid id,
        string? token,
        HttpContext http,
        IAuthorizationService authorization,
        BookingsDbContext db,
        CancellationToken cancellationToken)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw BookingErrors.PaymentNotFound();
        var booking = await db.Bookings.AsNoTracking().FirstAsync(b => b.Id == payment.BookingId, cancellationToken);
        var caller = await Caller.FromAsync(http, authorization);
        if (!await BookingAccess.MaySeeAsync(db, booking, caller, token, cancellationToken))
        {
            throw BookingErrors.PaymentNotFound();
        }

        return TypedResults.Ok(PaymentResponse.From(payment));
    }
}

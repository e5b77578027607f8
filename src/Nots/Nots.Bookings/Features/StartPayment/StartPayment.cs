using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Bookings.Payments;

namespace Nots.Bookings.Features.StartPayment;

/// <summary><c>POST /v1/payments</c>: pay what a booking still owes.</summary>
/// <param name="BookingReference">The booking, e.g. <c>NT-7K3F9Q</c>.</param>
/// <param name="Token">The manage token, for guests (or pass <c>?token=</c>).</param>
public sealed record StartPaymentRequest([Required, MaxLength(16)] string? BookingReference, [MaxLength(100)] string? Token);

public sealed record PaymentResponse(Guid Id, string Status, string? CheckoutUrl, string BookingReference, string Purpose, int AmountPence, string Currency, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt)
{
    internal static PaymentResponse From(Payment p) =>
        new(p.Id, p.Status.ToString(), p.CheckoutUrl, p.BookingReference, p.Purpose, p.AmountPence, p.Currency, p.CreatedAt, p.PaidAt);
}

internal static class StartPayment
{
    public static void Map(RouteGroupBuilder payments) =>
        payments.MapPost("", HandleAsync).AllowAnonymous().WithName("StartPayment")
            .WithSummary("Start a hosted checkout for what the booking still owes (owner, staff, or manage token)");

    private static async Task<Created<PaymentResponse>> HandleAsync(
        StartPaymentRequest request,
        string? token,
        HttpContext http,
        IAuthorizationService authorization,
        BookingsDbContext db,
        CheckoutStarter checkout,
        CancellationToken cancellationToken)
    {
        var caller = await Caller.FromAsync(http, authorization);
        var booking = await BookingAccess.LoadAsync(db, request.BookingReference!, caller, request.Token ?? token, withHistory: false, cancellationToken);
        var payment = await checkout.StartAsync(booking, http.Request, cancellationToken);
        return TypedResults.Created($"/v1/payments/{payment.Id}", PaymentResponse.From(payment));
    }
}

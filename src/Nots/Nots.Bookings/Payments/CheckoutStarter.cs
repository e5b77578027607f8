using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Bookings.Features;
using Platform.Payments;

namespace Nots.Bookings.Payments;

/// <summary>Where the hosted checkout sends the customer back to: absolute URLs (the provider redirects there).</summary>
internal sealed record CheckoutReturn(string SuccessUrl, string CancelUrl);

/// <summary>Starts (or reuses) a hosted checkout for what a booking still owes.</summary>
internal sealed class CheckoutStarter(BookingsDbContext db, IPaymentProvider provider, BookingsOptions options, TimeProvider time)
{
    // A session about to expire is not handed out again: the customer needs time to pay.
    private static readonly TimeSpan MinimumTimeLeft = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Starts a checkout for the balance. The customer comes back to <paramref name="returnTo"/> (the website's pages)
    /// or, by default, to the booking in the API.
    /// </summary>
    public async Task<Payment> StartAsync(Booking booking, HttpRequest? request, CancellationToken cancellationToken, CheckoutReturn? returnTo = null)
    {
        if (booking.Status is not (BookingStatus.PendingPayment or BookingStatus.PaymentFailed or BookingStatus.Confirmed))
        {
            throw BookingErrors.NotPayable(booking.Status);
        }

        var due = booking.BalanceDuePence;
        if (due <= 0)
        {
            throw BookingErrors.NothingToPay();
        }

        var now = time.GetUtcNow();
        var reusable = await db.Payments
            .Where(p => p.BookingId == booking.Id && (p.Status == PaymentStatus.Pending || p.Status == PaymentStatus.Failed)
                && p.AmountPence == due && p.SessionId != null)
            .ToListAsync(cancellationToken);
        if (reusable.FirstOrDefault(p => p.ExpiresAt > now + MinimumTimeLeft) is { } open)
        {
            return open;
        }

        var purpose = booking.Status == BookingStatus.Confirmed ? PaymentPurpose.Amendment : PaymentPurpose.Booking;
        var payment = Payment.Start(booking, due, purpose, provider.Name, now);
        db.Payments.Add(payment);
        await db.SaveChangesAsync(cancellationToken);

        var baseUrl = BookingAccess.BaseUrl(options, request);
        var description = purpose == PaymentPurpose.Booking
            ? $"Transfer {booking.Reference}: {booking.PickupName} to {booking.DropoffName}, {BookingViews.LocalTime(booking.PickupAt)[..16].Replace('T', ' ')}"
            : $"Balance for amended transfer {booking.Reference}";
        var session = await provider.CreateCheckoutSessionAsync(
            new CheckoutSessionRequest(
                booking.Reference,
                due,
                booking.Currency.ToLowerInvariant(),
                description.Length > 450 ? description[..450] : description,
                returnTo?.SuccessUrl ?? $"{baseUrl}/v1/bookings/{booking.Reference}?paid=1",
                returnTo?.CancelUrl ?? $"{baseUrl}/v1/bookings/{booking.Reference}")
            {
                CustomerEmail = booking.PassengerEmail,
                IdempotencyKey = "nots-payment-" + payment.Id.ToString("N"),
                Metadata = new Dictionary<string, string>
                {
                    ["payment_id"] = payment.Id.ToString(),
                    ["booking_reference"] = booking.Reference,
                },
            },
            cancellationToken);
        var url = session.Url ?? "";
        if (url.StartsWith('/'))
        {
            url = baseUrl + url;
        }

        payment.AttachSession(session.Id, url, session.ExpiresAt);
        await db.SaveChangesAsync(cancellationToken);
        return payment;
    }
}

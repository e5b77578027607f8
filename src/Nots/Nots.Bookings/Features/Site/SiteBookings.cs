using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Bookings.Features.AmendBooking;
using Nots.Bookings.Features.BookTransfer;
using Nots.Bookings.Features.CancelBooking;
using Nots.Bookings.Features.ListBookings;
using Nots.Bookings.Payments;
using Nots.Contracts.Pricing;
using Platform.Persistence;
using Platform.Web;

namespace Nots.Bookings.Features.Site;

/// <summary>A command's result for a form: the value, or the field errors the API would answer 400 with.</summary>
/// <typeparam name="T">The API's response.</typeparam>
/// <param name="Value">The response when the command ran.</param>
/// <param name="Errors">Field errors (keys as in the API, e.g. <c>passenger.email</c>) when it did not.</param>
public sealed record SiteOutcome<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors)
    where T : class
{
    /// <summary>True when the command ran.</summary>
    public bool Succeeded => Value is not null;
}

/// <summary>A booking as its manage page shows it, with what the customer may still do and what cancelling costs now.</summary>
public sealed record SiteBooking(
    BookingResponse Booking,
    bool CanAmend,
    DateTimeOffset AmendableUntil,
    bool CanCancel,
    bool CanPay,
    int CancellationFeePercent,
    int CancellationFeePence,
    int CancellationRefundPence);

/// <summary>
/// The bookings module's surface for the host's server-rendered customer website. Every command runs the same handler
/// as the matching endpoint (<c>POST/PATCH/DELETE /v1/bookings</c>, the receipt) or the same checkout starter as
/// <c>POST /v1/payments</c>, with the same access rule (signed-in owner, staff, or the manage token) and the same
/// <see cref="DomainException"/> codes. A booking the caller may not see is null, as the API's 404.
/// </summary>
public interface ISiteBookings
{
    /// <summary><c>POST /v1/bookings</c>: the created booking with its manage token, or field errors.</summary>
    Task<SiteOutcome<BookingResponse>> BookAsync(BookTransferRequest request, HttpContext http);

    /// <summary>
    /// <c>GET /v1/bookings</c> as a customer sees it: the signed-in account's own bookings (also for staff), in pickup
    /// order, a page at a time. Signed out: an empty page. A cursor this site did not give out is a
    /// <see cref="DomainException"/> <c>invalid_cursor</c>.
    /// </summary>
    Task<BookingPage> ListMineAsync(string? cursor, int limit, HttpContext http);

    /// <summary><c>GET /v1/bookings/{reference}</c> plus what may be done with it now.</summary>
    Task<SiteBooking?> FindAsync(string reference, string? token, HttpContext http);

    /// <summary><c>POST /v1/payments</c>: the hosted checkout URL for the balance; the provider returns to the given absolute URLs.</summary>
    Task<string> StartPaymentAsync(string reference, string? token, string successUrl, string cancelUrl, HttpContext http);

    /// <summary><c>PATCH /v1/bookings/{reference}</c>; a balance checkout returns to the given absolute URLs.</summary>
    Task<SiteOutcome<AmendBookingResponse>> AmendAsync(string reference, string? token, AmendBookingRequest request, string successUrl, string cancelUrl, HttpContext http);

    /// <summary><c>DELETE /v1/bookings/{reference}</c>.</summary>
    Task<CancelBookingResponse> CancelAsync(string reference, string? token, HttpContext http);

    /// <summary><c>GET /v1/bookings/{reference}/receipt</c>: the PDF, or null.</summary>
    Task<byte[]?> ReceiptAsync(string reference, string? token, HttpContext http);
}

internal sealed class SiteBookings(
    IAuthorizationService authorization,
    IQuotes quotes,
    BookingsDbContext db,
    GroupCommit<BookingsDbContext> writer,
    BookingsOptions options,
    CheckoutStarter checkout,
    RefundProcessor refunds,
    TimeProvider time) : ISiteBookings
{
    public async Task<SiteOutcome<BookingResponse>> BookAsync(BookTransferRequest request, HttpContext http)
    {
        var result = await BookTransfer.BookTransfer.HandleAsync(request, http, authorization, quotes, db, writer, options, time, http.RequestAborted);
        return result.Result switch
        {
            Created<BookingResponse> created => new(created.Value, Empty),
            ValidationProblem problem => new(null, problem.ProblemDetails.Errors.AsReadOnly()),
            _ => throw new InvalidOperationException("BookTransfer answered with an unexpected result."),
        };
    }

    public async Task<BookingPage> ListMineAsync(string? cursor, int limit, HttpContext http)
    {
        var caller = await Caller.FromAsync(http, authorization);
        if (caller.Sub is null)
        {
            return new BookingPage([], null);
        }

        (DateTimeOffset, string)? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = ListBookings.ListBookings.DecodeCursor(cursor)
                ?? throw new DomainException("invalid_cursor", "The cursor is not one this site gave out.");
        }

        return await ListBookings.ListBookings.QueryAsync(
            db, caller.Sub, null, null, null, after, Math.Clamp(limit, 1, ListBookings.ListBookings.MaxLimit), http.RequestAborted);
    }

    public async Task<SiteBooking?> FindAsync(string reference, string? token, HttpContext http)
    {
        var caller = await Caller.FromAsync(http, authorization);
        Booking booking;
        try
        {
            booking = await BookingAccess.LoadAsync(db, reference, caller, token, withHistory: true, http.RequestAborted);
        }
        catch (DomainException exception) when (exception.Kind == DomainErrorKind.NotFound)
        {
            return null;
        }

        // Read-only: later commands in this request load the booking afresh instead of reusing this instance.
        db.ChangeTracker.Clear();
        var now = time.GetUtcNow();
        var preview = booking.PreviewCancellation(options.Cancellation, now);
        return new SiteBooking(
            BookingViews.ToResponse(booking),
            booking.CanAmend(now, options.AmendCutoff),
            booking.PickupAt - options.AmendCutoff,
            booking.IsCancellable,
            booking.Status is BookingStatus.PendingPayment or BookingStatus.PaymentFailed or BookingStatus.Confirmed && booking.BalanceDuePence > 0,
            options.Cancellation.PercentFor(booking.PickupAt - now),
            preview.FeePence,
            preview.RefundPence);
    }

    public async Task<string> StartPaymentAsync(string reference, string? token, string successUrl, string cancelUrl, HttpContext http)
    {
        var caller = await Caller.FromAsync(http, authorization);
        var booking = await BookingAccess.LoadAsync(db, reference, caller, token, withHistory: false, http.RequestAborted);
        var payment = await checkout.StartAsync(booking, http.Request, http.RequestAborted, new CheckoutReturn(successUrl, cancelUrl));
        return payment.CheckoutUrl ?? throw new InvalidOperationException($"Payment {payment.Id} has no checkout page.");
    }

    public async Task<SiteOutcome<AmendBookingResponse>> AmendAsync(string reference, string? token, AmendBookingRequest request, string successUrl, string cancelUrl, HttpContext http)
    {
        Results<Ok<AmendBookingResponse>, ValidationProblem> result;
        try
        {
            result = await AmendBooking.AmendBooking.AmendAsync(
                reference, token, request, http, authorization, quotes, db, options, checkout, refunds, time, new CheckoutReturn(successUrl, cancelUrl), http.RequestAborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A form carries the version it showed: someone (a payment, the office) changed the booking since.
            db.ChangeTracker.Clear();
            throw DomainException.Conflict("stale_version", "The booking changed while you were editing it. Check the details below and try again.");
        }

        return result.Result switch
        {
            Ok<AmendBookingResponse> ok => new(ok.Value, Empty),
            ValidationProblem problem => new(null, problem.ProblemDetails.Errors.AsReadOnly()),
            _ => throw new InvalidOperationException("AmendBooking answered with an unexpected result."),
        };
    }

    public async Task<CancelBookingResponse> CancelAsync(string reference, string? token, HttpContext http) =>
        (await CancelBooking.CancelBooking.HandleAsync(reference, token, http, authorization, db, options, refunds, time, http.RequestAborted)).Value!;

    public async Task<byte[]?> ReceiptAsync(string reference, string? token, HttpContext http)
    {
        try
        {
            var file = await DownloadReceipt.DownloadReceipt.HandleAsync(reference, token, http, authorization, db, time, http.RequestAborted);
            return file.FileContents.ToArray();
        }
        catch (DomainException exception) when (exception.Kind == DomainErrorKind.NotFound)
        {
            return null;
        }
    }

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();
}

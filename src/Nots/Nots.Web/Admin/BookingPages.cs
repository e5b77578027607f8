using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nots.Bookings.Features;
using Nots.Bookings.Features.BookTransfer;
using Nots.Bookings.Features.Site;
using Nots.Bookings.Features.Staff;
using Nots.Dispatch.Features.Desk;
using Nots.Pricing.Features.Site;
using Nots.Web.Site;
using Platform.Web;

namespace Nots.Web.Admin;

/// <summary>
/// Bookings for the office: search, the booking with its whole history (status changes, payments, refunds, messages),
/// cancel (the fee is shown before confirming), refund, take a card payment, and phone bookings (quote → book; the
/// bookings module records staff bookings as <c>channel=phone</c> with who took them; payment is by card, through the
/// same checkout page, now or from the link in the confirmation). Amending uses the customer's manage page, which lets
/// staff in. Every command is the bookings module's own handler (<see cref="ISiteBookings"/>, <see cref="IStaffBookings"/>).
/// </summary>
internal static class BookingPages
{
    public static void Map(RouteGroupBuilder staff)
    {
        staff.MapGet("bookings", ListAsync);
        staff.MapGet("bookings/new", NewForm);
        staff.MapPost("bookings/new", QuoteAsync);
        staff.MapGet("bookings/new/{quoteId:guid}", OptionsAsync);
        staff.MapPost("bookings/new/{quoteId:guid}", BookAsync);
        staff.MapGet("bookings/{reference}", ShowAsync);
        staff.MapPost("bookings/{reference}/cancel", CancelAsync);
        staff.MapPost("bookings/{reference}/refund", RefundAsync);
        staff.MapPost("bookings/{reference}/payment", PayAsync);
    }

    private static async Task<IResult> ListAsync(string? q, string? status, string? day, string? cursor, HttpContext http, AdminContext admin, IStaffBookings bookings)
    {
        DateOnly? date = DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        var text = q is { Length: > 100 } ? q[..100] : q;
        var page = await bookings.SearchAsync(new StaffBookingSearch(text, status, date, cursor), http.RequestAborted);
        return Pages.Render<BookingListView>(new BookingListModel(await admin.FrameAsync(http), text, status, date is null ? null : day, page));
    }

    private static async Task<IResult> ShowAsync(string reference, HttpContext http, AdminContext admin, IStaffBookings bookings, IDispatchDesk dispatch) =>
        await RenderAsync(reference, http, admin, bookings, dispatch, null, null, null);

    private static async Task<IResult> RenderAsync(string reference, HttpContext http, AdminContext admin, IStaffBookings bookings, IDispatchDesk dispatch,
        string? refundError, string? amount, string? reason)
    {
        var booking = await bookings.FindAsync(reference, http);
        if (booking is null)
        {
            return Pages.Render<AdminMessageView>(new AdminMessageModel(await admin.FrameAsync(http), "Booking not found", $"There is no booking {reference}."),
                StatusCodes.Status404NotFound);
        }

        var job = await dispatch.FindByBookingAsync(booking.View.Booking.Reference, http.RequestAborted);
        var summary = job is null ? null : new JobSummary(job.Id, job.Status, booking.View.Booking.Dispatch.DriverName, job.Mode);
        return Pages.Render<BookingView>(new BookingDetailModel(await admin.FrameAsync(http), booking, summary, refundError, amount, reason),
            refundError is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> CancelAsync(string reference, [FromForm] string? confirm, HttpContext http, ISiteBookings bookings)
    {
        var path = "/admin/bookings/" + Uri.EscapeDataString(reference);
        if (confirm != "yes")
        {
            return AdminContext.Back(http, path, false, "Tick the box to confirm the cancellation.");
        }

        try
        {
            var result = await bookings.CancelAsync(reference, null, http);
            return AdminContext.Back(http, path, true,
                $"Booking {result.Reference} is cancelled. Fee kept {Format.Money(result.CancellationFeePence)}, refund {Format.Money(result.RefundPence)}.");
        }
        catch (DomainException exception)
        {
            return AdminContext.Back(http, path, false, "The booking was not cancelled: " + exception.Message);
        }
    }

    private static async Task<IResult> RefundAsync(string reference, [FromForm] string? amount, [FromForm] string? reason, HttpContext http, AdminContext admin,
        IStaffBookings bookings, IDispatchDesk dispatch)
    {
        if (!TryPence(amount, out var pence))
        {
            return await RenderAsync(reference, http, admin, bookings, dispatch, "Enter the amount to refund in pounds, like 12.50.", amount, reason);
        }

        try
        {
            var result = await bookings.RefundAsync(reference, pence, reason, http);
            return AdminContext.Back(http, "/admin/bookings/" + Uri.EscapeDataString(result.Reference), true,
                $"Refunded {Format.Money(result.AmountPence)} ({string.Join(", ", result.Refunds.Select(r => r.Status))}).");
        }
        catch (DomainException exception) when (exception.Kind != DomainErrorKind.NotFound)
        {
            return await RenderAsync(reference, http, admin, bookings, dispatch, exception.Message, amount, reason);
        }
    }

    private static async Task<IResult> PayAsync(string reference, [FromForm] string? go, HttpContext http, ISiteBookings bookings)
    {
        var back = $"{SiteContext.BaseUrl(http)}/admin/bookings/{Uri.EscapeDataString(reference)}";
        try
        {
            return Pages.SeeOther(await bookings.StartPaymentAsync(reference, null, back, back, http));
        }
        catch (DomainException exception)
        {
            return AdminContext.Back(http, "/admin/bookings/" + Uri.EscapeDataString(reference), false, "The payment page could not be opened: " + exception.Message);
        }
    }

    // ---- Phone booking: quote, then book ----

    private static async Task<IResult> NewForm(HttpContext http, AdminContext admin, TimeProvider time)
    {
        var values = new Dictionary<string, string> { ["date"] = Format.Today(time), ["passengers"] = "1", ["suitcases"] = "1" };
        return Pages.Render<PhoneBookingView>(new PhoneBookingModel(await admin.FrameAsync(http), values, NoErrors, null, null));
    }

    private static async Task<IResult> QuoteAsync([FromForm] QuoteForm form, HttpContext http, AdminContext admin, ISiteQuotes quotes)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? problem = null;
        if (form.ToRequest(quotes, errors) is { } request)
        {
            try
            {
                var quote = await quotes.QuoteAsync(request, http.RequestAborted);
                return Pages.SeeOther($"/admin/bookings/new/{quote.Id}");
            }
            catch (DomainException exception)
            {
                var (field, message) = QuoteForm.FieldOf(exception);
                if (field is null)
                {
                    problem = message;
                }
                else
                {
                    errors[field] = message;
                }
            }
        }

        var values = new Dictionary<string, string?>
        {
            ["pickup"] = form.Pickup, ["dropoff"] = form.Dropoff, ["date"] = form.Date, ["time"] = form.Time, ["passengers"] = form.Passengers,
            ["suitcases"] = form.Suitcases, ["flightNumber"] = form.FlightNumber,
        }.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!.Trim());
        return Pages.Render<PhoneBookingView>(new PhoneBookingModel(await admin.FrameAsync(http), values, errors, problem, null), StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> OptionsAsync(Guid quoteId, HttpContext http, AdminContext admin, ISiteQuotes quotes)
    {
        var quote = await quotes.FindAsync(quoteId, http.RequestAborted);
        if (quote is null || quote.Expired)
        {
            return AdminContext.Back(http, "/admin/bookings/new", false, "Those prices have expired: quote again.");
        }

        var values = new Dictionary<string, string>();
        if (quote.FlightNumber is { } flight)
        {
            values["flightNumber"] = flight;
        }

        return Pages.Render<PhoneBookingView>(new PhoneBookingModel(await admin.FrameAsync(http), values, NoErrors, null, quote));
    }

    private static async Task<IResult> BookAsync(Guid quoteId, [FromForm] BookingForm form, HttpContext http, AdminContext admin, ISiteQuotes quotes, ISiteBookings bookings)
    {
        var quote = await quotes.FindAsync(quoteId, http.RequestAborted);
        if (quote is null || quote.Expired)
        {
            return AdminContext.Back(http, "/admin/bookings/new", false, "Those prices have expired: quote again.");
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? problem = null;
        if (!quote.Options.Any(o => o.Available && string.Equals(o.VehicleClass, form.Vehicle, StringComparison.OrdinalIgnoreCase)))
        {
            errors["vehicle"] = "Choose one of the available vehicles.";
        }
        else
        {
            try
            {
                var outcome = await bookings.BookAsync(
                    new BookTransferRequest(quoteId, form.Vehicle, new PassengerRequest(Trim(form.Name, 200), Trim(form.Email, 254), Trim(form.Phone, 30)),
                        Trim(form.Notes, 1000), Trim(form.FlightNumber, 12)),
                    http);
                if (outcome.Value is { } booked)
                {
                    return AdminContext.Back(http, "/admin/bookings/" + booked.Reference, true,
                        $"Booked {booked.Reference} for {Format.Money(booked.TotalPence)}. It is confirmed (and sent to dispatch) once paid: take the card now or ask the customer to pay from the confirmation link.");
                }

                foreach (var (key, messages) in outcome.Errors)
                {
                    errors[key.Replace("passenger.", "", StringComparison.Ordinal)] = messages.FirstOrDefault() ?? "Check this field.";
                }
            }
            catch (DomainException exception)
            {
                problem = exception.Message;
            }
        }

        var values = new Dictionary<string, string?>
        {
            ["vehicle"] = form.Vehicle, ["name"] = form.Name, ["email"] = form.Email, ["phone"] = form.Phone, ["notes"] = form.Notes, ["flightNumber"] = form.FlightNumber,
        }.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!.Trim());
        return Pages.Render<PhoneBookingView>(new PhoneBookingModel(await admin.FrameAsync(http), values, errors, problem, quote), StatusCodes.Status422UnprocessableEntity);
    }

    private static string? Trim(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var t && t.Length > max ? t[..max] : value.Trim();

    internal static bool TryPence(string? pounds, out int pence)
    {
        pence = 0;
        var text = pounds?.Trim().TrimStart('£');
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > 100_000
            || decimal.Round(value, 2) != value)
        {
            return false;
        }

        pence = (int)(value * 100);
        return true;
    }

    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();
}

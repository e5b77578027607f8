using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nots.Bookings.Features.AmendBooking;
using Nots.Bookings.Features.Site;
using Platform.Web;

namespace Nots.Web.Site;

/// <summary>
/// After booking: the confirmation (with the manage link as a QR code), and managing a booking by its link
/// (<c>/manage/{reference}?token=</c>, the token the bookings module issues for guest access): view, pay what is owed,
/// amend, cancel after seeing the fee, download the receipt. Anyone without a valid token sees the same "not found".
/// </summary>
internal static class ManagePages
{
    public static void MapManagePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/bookings/{reference}/confirmation", ConfirmationAsync);
        app.MapGet("/bookings/{reference}/return", ReturnFromPayment);
        app.MapGet("/manage", FindBooking);
        app.MapGet("/manage/{reference}", ManageAsync);
        app.MapPost("/manage/{reference}/pay", PayAsync);
        app.MapPost("/manage/{reference}/amend", AmendAsync);
        app.MapGet("/manage/{reference}/cancel", CancelFormAsync);
        app.MapPost("/manage/{reference}/cancel", CancelAsync);
        app.MapGet("/manage/{reference}/receipt", ReceiptAsync);
    }

    private static async Task<IResult> ConfirmationAsync(string reference, HttpContext http, SiteContext site, ISiteBookings bookings)
    {
        var token = SiteContext.RememberedToken(http, reference);
        var booking = token is null ? null : await bookings.FindAsync(reference, token, http);
        if (booking is null)
        {
            return NotFound(http, site);
        }

        var managePath = SiteContext.ManagePath(booking.Booking.Reference, (token ?? ""));
        var manageUrl = SiteContext.BaseUrl(http) + managePath;
        return Pages.Render<ConfirmationPage>(new ConfirmationModel(site.Chrome(http, withForm: false), booking, managePath, QrCode.Svg(manageUrl)));
    }

    private static IResult ReturnFromPayment(string reference, HttpContext http)
    {
        if (SiteContext.RememberedToken(http, reference) is not { } token)
        {
            return Pages.SeeOther("/manage");
        }

        SiteContext.SetFlash(http, new Flash(false, "The payment was not completed. Your booking is held; you can pay below."));
        return Pages.SeeOther(SiteContext.ManagePath(reference.Trim().ToUpperInvariant(), token));
    }

    private static HtmlPage<MessagePage> FindBooking(HttpContext http, SiteContext site) =>
        Pages.Render<MessagePage>(new MessageModel(site.Chrome(http, withForm: false), "Manage a booking",
            "Open the link in your confirmation e-mail or text message, or scan the QR code from your confirmation page. The link holds your booking reference and a private key, so keep it to yourself.",
            "Book a new transfer", "/"));

    private static async Task<IResult> ManageAsync(string reference, string? token, HttpContext http, SiteContext site, ISiteBookings bookings)
    {
        var booking = await bookings.FindAsync(reference, token, http);
        return booking is null
            ? NotFound(http, site)
            : Pages.Render<ManagePage>(new ManageModel(site.Chrome(http), booking, (token ?? ""), FormOf(booking), new Dictionary<string, string>(), null));
    }

    private static async Task<IResult> PayAsync(string reference, [FromForm] string? token, HttpContext http, SiteContext site, ISiteBookings bookings)
    {
        var booking = await bookings.FindAsync(reference, token, http);
        return booking is null ? NotFound(http, site) : await QuotePages.PayAsync(http, bookings, booking.Booking.Reference, (token ?? ""));
    }

    private static async Task<IResult> AmendAsync(string reference, [FromForm] AmendForm form, HttpContext http, SiteContext site, ISiteBookings bookings)
    {
        var booking = await bookings.FindAsync(reference, form.Token, http);
        if (booking is null)
        {
            return NotFound(http, site);
        }

        var token = form.Token ?? "";
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? problem = null;
        var request = ToRequest(booking, form, errors);
        if (request is not null)
        {
            var baseUrl = SiteContext.BaseUrl(http);
            try
            {
                var outcome = await bookings.AmendAsync(booking.Booking.Reference, token, request,
                    $"{baseUrl}/bookings/{booking.Booking.Reference}/confirmation", $"{baseUrl}/bookings/{booking.Booking.Reference}/return", http);
                if (outcome.Value is { } amended)
                {
                    if (amended.Payment?.CheckoutUrl is { } checkout)
                    {
                        SiteContext.RememberBooking(http, booking.Booking.Reference, token);
                        return Pages.SeeOther(checkout);
                    }

                    var change = amended.PriceChangePence switch
                    {
                        < 0 when amended.RefundPence > 0 => $" The price went down by {Format.Money(-amended.PriceChangePence)}; {Format.Money(amended.RefundPence)} is on its way back to your card.",
                        < 0 => $" The price went down by {Format.Money(-amended.PriceChangePence)}.",
                        > 0 => $" The price went up by {Format.Money(amended.PriceChangePence)}.",
                        _ => "",
                    };
                    SiteContext.SetFlash(http, new Flash(true, "Your booking was updated." + change));
                    return Pages.SeeOther(SiteContext.ManagePath(booking.Booking.Reference, token));
                }

                foreach (var (key, messages) in outcome.Errors)
                {
                    var message = messages.FirstOrDefault() ?? "Check this field.";
                    if (key.Length == 0)
                    {
                        problem = message;
                    }
                    else
                    {
                        errors[key] = message;
                    }
                }
            }
            catch (DomainException exception)
            {
                var (field, message) = QuoteForm.FieldOf(exception);
                if (field is "date" or "passengers" or "suitcases" or "flightNumber")
                {
                    errors[field] = message;
                }
                else
                {
                    problem = message;
                }
            }
        }

        // Re-read: a failed attempt changes nothing, but the page shows the booking as it is now.
        var current = await bookings.FindAsync(booking.Booking.Reference, token, http) ?? booking;
        return Pages.Render<ManagePage>(new ManageModel(site.Chrome(http), current, token, form, errors, problem), StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> CancelFormAsync(string reference, string? token, HttpContext http, SiteContext site, ISiteBookings bookings)
    {
        var booking = await bookings.FindAsync(reference, token, http);
        if (booking is null)
        {
            return NotFound(http, site);
        }

        if (!booking.CanCancel)
        {
            SiteContext.SetFlash(http, new Flash(false, $"This booking can no longer be cancelled online ({Format.Status(booking.Booking.Status).ToLowerInvariant()})."));
            return Pages.SeeOther(SiteContext.ManagePath(booking.Booking.Reference, (token ?? "")));
        }

        return Pages.Render<CancelPage>(new CancelModel(site.Chrome(http), booking, (token ?? "")));
    }

    private static async Task<IResult> CancelAsync(string reference, [FromForm] string? token, HttpContext http, SiteContext site, ISiteBookings bookings)
    {
        var booking = await bookings.FindAsync(reference, token, http);
        if (booking is null)
        {
            return NotFound(http, site);
        }

        try
        {
            var cancelled = await bookings.CancelAsync(booking.Booking.Reference, token, http);
            var text = $"Booking {cancelled.Reference} is cancelled."
                + (cancelled.CancellationFeePence > 0 ? $" Cancellation fee {Format.Money(cancelled.CancellationFeePence)}." : "")
                + (cancelled.RefundPence > 0 ? $" {Format.Money(cancelled.RefundPence)} is on its way back to your card." : "");
            SiteContext.SetFlash(http, new Flash(true, text));
        }
        catch (DomainException exception)
        {
            SiteContext.SetFlash(http, new Flash(false, exception.Message));
        }

        return Pages.SeeOther(SiteContext.ManagePath(booking.Booking.Reference, (token ?? "")));
    }

    private static async Task<IResult> ReceiptAsync(string reference, string? token, HttpContext http, SiteContext site, ISiteBookings bookings)
    {
        var pdf = await bookings.ReceiptAsync(reference, token, http);
        if (pdf is null)
        {
            return NotFound(http, site);
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(pdf, "application/pdf", $"receipt-{reference.Trim().ToUpperInvariant()}.pdf");
    }

    private static AmendForm FormOf(SiteBooking booking)
    {
        var (date, time) = Format.LocalParts(booking.Booking.PickupAt);
        return new AmendForm
        {
            Date = date,
            Time = time,
            Passengers = booking.Booking.Passengers.ToString(CultureInfo.InvariantCulture),
            Notes = booking.Booking.Notes,
            FlightNumber = booking.Booking.FlightNumber,
        };
    }

    /// <summary>Only what differs from the booking goes to the module (an unchanged form is "nothing to change").</summary>
    private static AmendBookingRequest? ToRequest(SiteBooking booking, AmendForm form, Dictionary<string, string> errors)
    {
        var current = FormOf(booking);
        string? pickupAt = null;
        if (form.Date != current.Date || form.Time != current.Time)
        {
            var okDate = DateOnly.TryParseExact(form.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
            var okTime = TimeOnly.TryParseExact(form.Time?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock);
            if (!okDate)
            {
                errors["date"] = "Enter the date of the pickup.";
            }

            if (!okTime)
            {
                errors["time"] = "Enter the time of the pickup, like 09:30.";
            }

            pickupAt = okDate && okTime ? $"{day:yyyy-MM-dd}T{clock:HH\\:mm}" : null;
        }

        int? Number(string? value, string? was, string field, int min, int max, string what)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim() == was)
            {
                return null;
            }

            if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            errors[field] = $"Enter {min}–{max} {what}.";
            return null;
        }

        var passengers = Number(form.Passengers, current.Passengers, "passengers", 1, 16, "passengers");
        var suitcases = Number(form.Suitcases, null, "suitcases", 0, 20, "suitcases");
        var hand = Number(form.HandLuggage, null, "handLuggage", 0, 20, "pieces of hand luggage");
        var notes = (form.Notes ?? "").Trim();
        var notesChanged = notes != (current.Notes ?? "") && notes.Length > 0;
        var flight = (form.FlightNumber ?? "").Trim();
        var flightChanged = flight.Length > 0 && !string.Equals(flight, current.FlightNumber, StringComparison.OrdinalIgnoreCase);
        if (notes.Length > 1000)
        {
            errors["notes"] = "Use at most 1000 characters.";
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new AmendBookingRequest(
            pickupAt, null, null, passengers, suitcases, hand, null, null, null, null, null,
            notesChanged ? notes : null, flightChanged ? flight : null, booking.Booking.Version);
    }

    private static HtmlPage<MessagePage> NotFound(HttpContext http, SiteContext site) =>
        Pages.Render<MessagePage>(new MessageModel(site.Chrome(http, withForm: false), "Booking not found",
            "We could not find that booking. Use the full link from your confirmation e-mail; it holds your booking reference and a private key.",
            "Get a quote", "/"), StatusCodes.Status404NotFound);
}

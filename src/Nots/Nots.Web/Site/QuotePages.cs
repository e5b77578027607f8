using Microsoft.AspNetCore.Mvc;
using Nots.Bookings.Features;
using Nots.Bookings.Features.BookTransfer;
using Nots.Bookings.Features.Site;
using Nots.Pricing.Features;
using Nots.Pricing.Features.Site;
using Platform.Web;

namespace Nots.Web.Site;

/// <summary>
/// Home (the quote form), the quote with every vehicle class, and the booking form that leads to the payment page.
/// Forms post with an antiforgery token and answer with 303 See Other; bad input re-renders the form with a 422.
/// Quotes and bookings go through the pricing and bookings modules' own handlers (<see cref="ISiteQuotes"/>,
/// <see cref="ISiteBookings"/>).
/// </summary>
internal static class QuotePages
{
    public static void MapQuotePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Home);
        app.MapPost("/quote", QuoteAsync);
        app.MapGet("/quote/{id:guid}", ShowQuoteAsync);
        app.MapGet("/quote/{id:guid}/book", BookFormAsync);
        app.MapPost("/quote/{id:guid}/book", BookAsync);
    }

    private static HtmlPage<HomePage> Home(HttpContext http, SiteContext site, ISiteQuotes quotes, TimeProvider time) =>
        Pages.Render<HomePage>(new HomeModel(site.Chrome(http), QuoteForm.Default, quotes.Places, new Dictionary<string, string>(), null, Format.Today(time)));

    private static async Task<IResult> QuoteAsync([FromForm] QuoteForm form, HttpContext http, SiteContext site, ISiteQuotes quotes, TimeProvider time)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? problem = null;
        var request = form.ToRequest(quotes, errors);
        if (request is not null)
        {
            try
            {
                var quote = await quotes.QuoteAsync(request, http.RequestAborted);
                return Pages.SeeOther($"/quote/{quote.Id}");
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

        return Pages.Render<HomePage>(
            new HomeModel(site.Chrome(http), form, quotes.Places, errors, problem, Format.Today(time)), StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> ShowQuoteAsync(Guid id, HttpContext http, SiteContext site, ISiteQuotes quotes)
    {
        var quote = await quotes.FindAsync(id, http.RequestAborted);
        return quote is null
            ? QuoteNotFound(http, site)
            : Pages.Render<QuotePage>(new QuoteModel(site.Chrome(http, withForm: false), quote));
    }

    private static async Task<IResult> BookFormAsync(Guid id, string? vehicle, HttpContext http, SiteContext site, ISiteQuotes quotes)
    {
        var quote = await quotes.FindAsync(id, http.RequestAborted);
        if (quote is null)
        {
            return QuoteNotFound(http, site);
        }

        if (Bookable(quote, vehicle) is not { } option)
        {
            return Pages.SeeOther($"/quote/{id}");
        }

        var form = new BookingForm { Vehicle = option.VehicleClass, FlightNumber = quote.FlightNumber };
        return Pages.Render<BookPage>(new BookModel(site.Chrome(http), quote, option, form, new Dictionary<string, string>(), null));
    }

    private static async Task<IResult> BookAsync(Guid id, [FromForm] BookingForm form, HttpContext http, SiteContext site, ISiteQuotes quotes, ISiteBookings bookings)
    {
        var quote = await quotes.FindAsync(id, http.RequestAborted);
        if (quote is null)
        {
            return QuoteNotFound(http, site);
        }

        if (Bookable(quote, form.Vehicle) is not { } option)
        {
            SiteContext.SetFlash(http, new Flash(false, quote.Expired ? "Those prices have expired: please ask for new ones." : "Choose one of the available vehicles."));
            return Pages.SeeOther(quote.Expired ? "/" : $"/quote/{id}");
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? problem = null;
        if (form.Name is { Length: > 200 })
        {
            errors["name"] = "Use at most 200 characters.";
            return Pages.Render<BookPage>(new BookModel(site.Chrome(http), quote, option, form, errors, problem), StatusCodes.Status422UnprocessableEntity);
        }

        try
        {
            var outcome = await bookings.BookAsync(
                new BookTransferRequest(id, option.VehicleClass, new PassengerRequest(form.Name, form.Email, form.Phone), Trimmed(form.Notes, 1000), Trimmed(form.FlightNumber, 12)),
                http);
            if (outcome.Value is { } booked)
            {
                return await PayAsync(http, bookings, booked.Reference, booked.ManageToken!);
            }

            foreach (var (key, messages) in outcome.Errors)
            {
                errors[key.Replace("passenger.", "", StringComparison.Ordinal)] = messages.FirstOrDefault() ?? "Check this field.";
            }
        }
        catch (DomainException exception)
        {
            problem = exception.Code == "quote_expired" ? "Those prices have expired (a quote holds for 15 minutes). Please ask for new prices." : exception.Message;
        }

        return Pages.Render<BookPage>(new BookModel(site.Chrome(http), quote, option, form, errors, problem), StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>
    /// Opens the payment page for what the booking owes. The payment provider sends the customer back to
    /// /bookings/{reference}/…, where the booking cookie supplies the manage token (never put in the provider's URLs).
    /// </summary>
    internal static async Task<IResult> PayAsync(HttpContext http, ISiteBookings bookings, string reference, string token)
    {
        SiteContext.RememberBooking(http, reference, token);
        var baseUrl = SiteContext.BaseUrl(http);
        try
        {
            var checkout = await bookings.StartPaymentAsync(reference, token, $"{baseUrl}/bookings/{reference}/confirmation", $"{baseUrl}/bookings/{reference}/return", http);
            return Pages.SeeOther(checkout);
        }
        catch (DomainException exception)
        {
            SiteContext.SetFlash(http, new Flash(false, "We could not open the payment page: " + exception.Message));
            return Pages.SeeOther(SiteContext.ManagePath(reference, token));
        }
    }

    private static QuoteOptionResponse? Bookable(QuoteResponse quote, string? vehicle) =>
        quote.Expired ? null : quote.Options.FirstOrDefault(o => o.Available && string.Equals(o.VehicleClass, vehicle, StringComparison.OrdinalIgnoreCase));

    private static string? Trimmed(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var t && t.Length > max ? t[..max] : value.Trim();

    private static HtmlPage<MessagePage> QuoteNotFound(HttpContext http, SiteContext site) =>
        Pages.Render<MessagePage>(
            new MessageModel(site.Chrome(http, withForm: false), "Quote not found", "We could not find those prices. Quotes are kept for a short time only.", "Get new prices", "/"),
            StatusCodes.Status404NotFound);
}

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Bookings.Data;
using Nots.Tests.Bookings;

namespace Nots.Tests.Web;

/// <summary>
/// The customer website over the real host (in-memory server, real modules, the test tariff): pages as HTML, forms
/// posted with their antiforgery token as a browser would, redirects followed by hand, and every outcome checked
/// through the API.
/// </summary>
public sealed partial class CustomerSiteTests(BookingsHostFixture fixture) : IClassFixture<BookingsHostFixture>
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private BookingsTestHost Host => fixture.Host;

    [Fact]
    public async Task The_home_page_is_a_labelled_quote_form_with_place_suggestions_and_a_description_for_search_engines()
    {
        var response = await Host.Client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldContain("<html lang=\"en-GB\">");
        html.ShouldMatch("<title>[^<]*transfers[^<]*</title>");
        html.ShouldContain("<meta name=\"description\"");
        html.ShouldContain("<a class=\"skip-link\" href=\"#main\">");
        foreach (var field in new[] { "pickup", "dropoff", "date", "time", "passengers", "suitcases", "handLuggage", "childSeats", "boosterSeats", "meetAndGreet", "returnDate", "returnTime", "flightNumber" })
        {
            html.ShouldContain($"<label for=\"{field}\"", customMessage: field);
            html.ShouldContain($"id=\"{field}\"", customMessage: field);
        }

        html.ShouldContain("<datalist id=\"places\">");
        html.ShouldContain("<option value=\"London Heathrow Airport\">");
        html.ShouldContain("name=\"__RequestVerificationToken\"");
    }

    [Fact]
    public async Task A_guest_quotes_books_pays_on_the_sandbox_page_sees_the_confirmation_and_cancels_from_the_manage_link()
    {
        // Quote: a place picked from the list by name, a postcode with the street typed before it.
        var quoted = await PostFormAsync("/", "/quote", Journey("London Heathrow Airport", "1 Quay Road, Poole BH15 1AA"));
        quoted.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await quoted.Content.ReadAsStringAsync());
        var quotePath = quoted.Headers.Location!.OriginalString;
        quotePath.ShouldMatch("^/quote/[0-9a-f-]{36}$");

        var quotePage = await Host.Client.GetStringAsync(quotePath);
        quotePage.ShouldContain("London Heathrow Airport");
        OptionPrice(quotePage, "saloon").ShouldBe("£100.00");
        OptionPrice(quotePage, "estate").ShouldBe("£120.00");
        WebUtility.HtmlDecode(quotePage).ShouldContain("Heathrow ↔ Poole (test)");

        // Book the saloon: the site answers with the payment provider's page.
        var booked = await PostFormAsync($"{quotePath}/book?vehicle=saloon", $"{quotePath}/book", new()
        {
            ["vehicle"] = "saloon",
            ["name"] = "Ann Hirer",
            ["email"] = "ann.site@example.com",
            ["phone"] = "07700 900123",
            ["notes"] = "Two large cases",
            ["flightNumber"] = "BA123",
        });
        booked.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await booked.Content.ReadAsStringAsync());
        var checkout = booked.Headers.Location!.ToString();
        checkout.ShouldContain("/sandbox/checkout/");

        var paid = await Host.PayOnSandboxAsync(checkout, "4242 4242 4242 4242");
        paid.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var confirmationPath = new Uri(paid.Headers.Location!.ToString()).PathAndQuery;
        confirmationPath.ShouldMatch("^/bookings/NT-[A-Z0-9]+/confirmation$");

        var confirmation = await Host.Client.GetStringAsync(confirmationPath);
        var reference = Regex.Match(confirmation, "data-testid=\"reference\">([^<]+)<").Groups[1].Value;
        reference.ShouldStartWith("NT-");
        confirmation.ShouldContain("<svg");
        var managePath = WebUtility.HtmlDecode(Regex.Match(confirmation, "href=\"(/manage/[^\"]+)\" data-testid=\"manage-link\"").Groups[1].Value);
        var token = Uri.UnescapeDataString(managePath.Split("token=")[1]);

        // The booking really exists, as typed, and the webhook confirms it.
        var booking = await Host.WaitForAsync(new Booked(reference, token, default), b => b.GetProperty("status").GetString() == "Confirmed", "Confirmed");
        booking.GetProperty("vehicleClass").GetString().ShouldBe("saloon");
        booking.GetProperty("totalPence").GetInt32().ShouldBe(TestQuotes.SaloonPence);
        booking.GetProperty("passenger").GetProperty("email").GetString().ShouldBe("ann.site@example.com");
        booking.GetProperty("flightNumber").GetString().ShouldBe("BA123");
        booking.GetProperty("dropoffName").GetString()!.ShouldContain("BH15 1AA");

        var manage = await Host.Client.GetStringAsync(managePath);
        manage.ShouldContain("data-status=\"Confirmed\"");
        manage.ShouldContain("Download receipt");

        // Cancelling three days ahead is free: the page says so before the customer confirms.
        var cancelForm = await Host.Client.GetStringAsync($"/manage/{reference}/cancel?token={Uri.EscapeDataString(token)}");
        Regex.Match(cancelForm, "data-testid=\"fee\">([^<]+)<").Groups[1].Value.ShouldBe("&#xA3;0.00");
        Regex.Match(cancelForm, "data-testid=\"refund\">([^<]+)<").Groups[1].Value.ShouldBe("&#xA3;100.00");
        var cancelled = await PostFormAsync($"/manage/{reference}/cancel?token={Uri.EscapeDataString(token)}", $"/manage/{reference}/cancel", new() { ["token"] = token });
        cancelled.StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var after = await Host.GetBookingAsync(new Booked(reference, token, default));
        after.GetProperty("status").GetString().ShouldBe("Cancelled");
        after.GetProperty("cancellationFeePence").GetInt32().ShouldBe(0);
        var page = await Host.Client.GetStringAsync(cancelled.Headers.Location!.OriginalString);
        page.ShouldContain($"Booking {reference} is cancelled.");
        page.ShouldContain("data-status=\"Cancelled\"");
    }

    [Fact]
    public async Task A_party_too_big_for_a_saloon_sees_the_saloon_unavailable_with_the_reason_and_can_book_a_larger_class()
    {
        var form = Journey("LHR", "BH15 1AA");
        form["passengers"] = "5";
        var quoted = await PostFormAsync("/", "/quote", form);
        var quotePage = await Host.Client.GetStringAsync(quoted.Headers.Location!.OriginalString);

        var saloon = OptionBlock(quotePage, "saloon");
        saloon.ShouldContain("Not available");
        saloon.ShouldContain("5");
        saloon.ShouldNotContain("data-testid=\"choose-saloon\"");
        OptionBlock(quotePage, "mpv6").ShouldContain("data-testid=\"choose-mpv6\"");
    }

    [Fact]
    public async Task Bad_quote_input_re_renders_the_form_with_messages_and_keeps_what_was_typed()
    {
        var empty = await PostFormAsync("/", "/quote", new() { ["pickup"] = "", ["dropoff"] = "", ["date"] = "", ["time"] = "", ["passengers"] = "lots" });
        var html = await empty.Content.ReadAsStringAsync();
        empty.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        html.ShouldContain("id=\"error-summary\"");
        html.ShouldContain("id=\"pickup-error\"");
        html.ShouldContain("id=\"dropoff-error\"");
        html.ShouldContain("id=\"date-error\"");
        html.ShouldContain("id=\"passengers-error\"");
        html.ShouldContain("value=\"lots\"");

        // The pricing module's own rules come back beside the field they concern.
        var past = Journey("LHR", "BH15 1AA");
        past["date"] = "2020-01-01";
        var inPast = await PostFormAsync("/", "/quote", past);
        inPast.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await inPast.Content.ReadAsStringAsync()).ShouldContain("id=\"date-error\"");

        var nowhere = Journey("LHR", "Atlantis Undersea Terminal");
        var unknown = await PostFormAsync("/", "/quote", nowhere);
        unknown.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("id=\"dropoff-error\"");

        // A post without the antiforgery token is refused, not a server error.
        using var forged = new FormUrlEncodedContent(Journey("LHR", "BH15 1AA"));
        var refused = await Host.Client.PostAsync("/quote", forged);
        ((int)refused.StatusCode).ShouldBe(400);
    }

    [Fact]
    public async Task Bad_passenger_details_re_render_the_booking_form_and_book_nothing()
    {
        var quoted = await PostFormAsync("/", "/quote", Journey("LHR", "BH15 1AA"));
        var quotePath = quoted.Headers.Location!.OriginalString;
        var email = $"not-an-email-{Guid.NewGuid():N}";
        var response = await PostFormAsync($"{quotePath}/book?vehicle=saloon", $"{quotePath}/book", new()
        {
            ["vehicle"] = "saloon", ["name"] = "Bob", ["email"] = email, ["phone"] = "12",
        });
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        html.ShouldContain("id=\"email-error\"");
        html.ShouldContain("id=\"phone-error\"");
        html.ShouldContain($"value=\"{email}\"");
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BookingsDbContext>();
        (await db.Bookings.CountAsync(b => b.PassengerName == "Bob")).ShouldBe(0);
    }

    [Fact]
    public async Task The_manage_link_amends_the_booking_through_the_bookings_module_and_an_unchanged_form_says_so()
    {
        var booked = await Host.ConfirmedBookingAsync();
        var managePath = $"/manage/{booked.Reference}?token={Uri.EscapeDataString(booked.Token)}";
        var before = await Host.GetBookingAsync(booked);
        var local = TimeZoneInfo.ConvertTime(before.GetProperty("pickupAt").GetDateTimeOffset(), London);
        var form = new Dictionary<string, string>
        {
            ["token"] = booked.Token,
            ["date"] = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = local.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["passengers"] = "2",
            ["suitcases"] = "",
            ["handLuggage"] = "",
            ["flightNumber"] = "BA123",
            ["notes"] = "Meet at arrivals",
        };

        var unchanged = await PostFormAsync(managePath, $"/manage/{booked.Reference}/amend", form);
        unchanged.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await unchanged.Content.ReadAsStringAsync()).ShouldContain("Nothing to change");

        form["passengers"] = "3";
        // An hour later may be the next day (a booking made after 23:00 UK time for the same time of day).
        form["date"] = local.AddHours(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        form["time"] = local.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture);
        var amended = await PostFormAsync(managePath, $"/manage/{booked.Reference}/amend", form);
        amended.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await amended.Content.ReadAsStringAsync());

        var after = await Host.GetBookingAsync(booked);
        after.GetProperty("passengers").GetInt32().ShouldBe(3);
        // The form works in whole minutes of UK time.
        TimeZoneInfo.ConvertTime(after.GetProperty("pickupAt").GetDateTimeOffset(), London).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            .ShouldBe(local.AddHours(1).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        (await Host.Client.GetStringAsync(amended.Headers.Location!.OriginalString)).ShouldContain("Your booking was updated.");
    }

    [Fact]
    public async Task The_receipt_is_a_pdf_for_the_holder_of_the_link_and_not_found_for_anyone_else()
    {
        var booked = await Host.ConfirmedBookingAsync();

        var site = await Host.Client.GetAsync($"/manage/{booked.Reference}/receipt?token={Uri.EscapeDataString(booked.Token)}");
        site.StatusCode.ShouldBe(HttpStatusCode.OK);
        site.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await site.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.Latin1.GetString(bytes, 0, 5).ShouldBe("%PDF-");
        System.Text.Encoding.Latin1.GetString(bytes).ShouldContain($"Receipt for booking {booked.Reference}");

        var api = await Host.Client.GetAsync($"/v1/bookings/{booked.Reference}/receipt?token={Uri.EscapeDataString(booked.Token)}");
        api.StatusCode.ShouldBe(HttpStatusCode.OK);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");

        (await Host.Client.GetAsync($"/manage/{booked.Reference}/receipt?token=wrong")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Host.Client.GetAsync($"/manage/{booked.Reference}?token=wrong")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await BookingsTestHost.ProblemAsync(await Host.Client.GetAsync($"/v1/bookings/{booked.Reference}/receipt"), HttpStatusCode.NotFound, "booking_not_found");
    }

    // ---- helpers ----

    private static Dictionary<string, string> Journey(string pickup, string dropoff)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(3), London);
        return new()
        {
            ["pickup"] = pickup,
            ["dropoff"] = dropoff,
            ["date"] = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = "10:30",
            ["passengers"] = "2",
            ["suitcases"] = "2",
            ["handLuggage"] = "1",
            ["childSeats"] = "0",
            ["boosterSeats"] = "0",
            ["flightNumber"] = "BA123",
        };
    }

    /// <summary>GETs the page that holds the form (for its antiforgery token and cookie), then posts the form.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(string pagePath, string action, Dictionary<string, string> fields)
    {
        var page = await Host.Client.GetStringAsync(pagePath);
        var token = FormToken().Match(page);
        token.Success.ShouldBeTrue(page);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        using var content = new FormUrlEncodedContent(fields);
        return await Host.Client.PostAsync(action, content);
    }

    private static string OptionBlock(string html, string vehicleClass)
    {
        var match = Regex.Match(html, $"<li class=\"option[^\"]*\" data-testid=\"option\" data-class=\"{vehicleClass}\">(.*?)</li>", RegexOptions.Singleline);
        match.Success.ShouldBeTrue($"no {vehicleClass} option");
        return match.Groups[1].Value;
    }

    private static string OptionPrice(string html, string vehicleClass) =>
        WebUtility.HtmlDecode(Regex.Match(OptionBlock(html, vehicleClass), "data-testid=\"price\">([^<]+)<").Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}

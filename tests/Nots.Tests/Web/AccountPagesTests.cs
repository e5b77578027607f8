using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Bookings.Data;
using Nots.Tests.Bookings;

namespace Nots.Tests.Web;

/// <summary>
/// The customer account pages over the real host, each test with its own browsers (cookie jars): register, book while
/// signed in and find the booking in the history, sign out and in again, download the data, erasure refused while a
/// journey is still to run, and nobody else seeing the booking.
/// </summary>
public sealed partial class AccountPagesTests(BookingsHostFixture fixture) : IClassFixture<BookingsHostFixture>
{
    private const string Password = "correct horse battery staple";
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private BookingsTestHost Host => fixture.Host;

    [Fact]
    public async Task A_customer_registers_books_while_signed_in_and_finds_the_booking_in_the_history_after_signing_out_and_in()
    {
        var browser = new SiteBrowser(Host);
        var home = await browser.PageAsync("/");
        home.ShouldContain("href=\"/account/sign-in\"");

        var email = $"reg-{Guid.NewGuid():N}@example.com";
        var account = await browser.RegisterAsync(email, "Rita Register");
        account.ShouldContain("Rita Register");
        account.ShouldContain("You have not booked a transfer with this account yet.");

        var reference = await browser.BookAsync("Rita Register", email);

        var overview = await browser.PageAsync("/account");
        overview.ShouldContain($"data-reference=\"{reference}\"");
        overview.ShouldContain($"href=\"/manage/{reference}\"");
        var history = await browser.PageAsync("/account/bookings");
        history.ShouldContain($"data-reference=\"{reference}\"");

        // The owner opens the manage page from the history without the link's token.
        var manage = await browser.PageAsync($"/manage/{reference}");
        manage.ShouldContain("data-testid=\"booking-status\"");

        // Signed out: the account pages send the browser to sign in; signing in brings the history back.
        await browser.PostAndFollowAsync("/account/sign-out", "/account", "/");
        var (status, _, location) = await browser.GetAsync("/account/bookings");
        status.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldNotBeNull().ShouldContain("/account/sign-in");
        (await browser.GetAsync($"/manage/{reference}")).Status.ShouldBe(HttpStatusCode.NotFound);

        var wrong = await browser.PostAsync("/account/sign-in", "/account/sign-in", ("email", email), ("password", "not the password at all"));
        wrong.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        wrong.Html.ShouldContain("id=\"error-summary\"");
        wrong.Html.ShouldContain($"value=\"{email}\"");

        await browser.PostAndFollowAsync("/account/sign-in", "/account/sign-in", "/account", ("email", email), ("password", Password));
        (await browser.PageAsync("/account/bookings")).ShouldContain($"data-reference=\"{reference}\"");
    }

    [Fact]
    public async Task Another_account_does_not_see_the_booking()
    {
        var owner = new SiteBrowser(Host);
        var ownerEmail = $"own-{Guid.NewGuid():N}@example.com";
        await owner.RegisterAsync(ownerEmail, "Olive Owner");
        var reference = await owner.BookAsync("Olive Owner", ownerEmail);

        var other = new SiteBrowser(Host);
        await other.RegisterAsync($"other-{Guid.NewGuid():N}@example.com", "Oscar Other");
        (await other.PageAsync("/account")).ShouldNotContain(reference);
        (await other.PageAsync("/account/bookings")).ShouldNotContain(reference);
        (await other.GetAsync($"/manage/{reference}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/manage/{reference}/receipt")).Status.ShouldBe(HttpStatusCode.NotFound);
        var export = await other.Client.GetAsync("/account/data");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await export.Content.ReadAsStringAsync()).ShouldNotContain(reference);
    }

    [Fact]
    public async Task The_export_holds_the_booking_and_erasure_is_refused_with_the_reason_while_a_journey_is_to_run()
    {
        var browser = new SiteBrowser(Host);
        var email = $"gdpr-{Guid.NewGuid():N}@example.com";
        await browser.RegisterAsync(email, "Gina Data");
        var reference = await browser.BookAsync("Gina Data", email, pay: true);

        var overview = await browser.PageAsync("/account");
        overview.ShouldContain("data-testid=\"export-data\"");
        var export = await browser.Client.GetAsync("/account/data");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        export.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var json = await export.Content.ReadAsStringAsync();
        json.ShouldContain(reference);
        json.ShouldContain(email);

        // Without the tick box: a message, nothing happens.
        var unticked = await browser.PostAsync("/account/erasure", "/account");
        unticked.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        unticked.Html.ShouldContain("Tick the box");

        // A confirmed journey still to run blocks erasure; the page says why and the account stays.
        var refused = await browser.PostAsync("/account/erasure", "/account", ("confirm", "yes"));
        refused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var message = SiteBrowser.TestId(refused.Html, "erasure-error");
        message.ShouldStartWith("We cannot delete your account yet:");
        message.Length.ShouldBeGreaterThan("We cannot delete your account yet: ".Length);
        (await browser.PageAsync("/account")).ShouldContain(email);
    }

    [Fact]
    public async Task Bad_registration_re_renders_with_messages_and_forms_need_the_antiforgery_token()
    {
        var browser = new SiteBrowser(Host);
        var bad = await browser.PostAsync("/account/register", "/account/register", ("name", "Bo"), ("email", "not-an-address"), ("password", "short"));
        bad.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        bad.Html.ShouldContain("id=\"error-summary\"");
        bad.Html.ShouldContain("id=\"email-error\"");
        bad.Html.ShouldContain("value=\"not-an-address\"");
        bad.Html.ShouldContain("<label for=\"email\"");
        var weak = await browser.PostAsync("/account/register", "/account/register", ("email", $"weak-{Guid.NewGuid():N}@example.com"), ("password", "short"));
        weak.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        weak.Html.ShouldContain("id=\"password-error\"");

        var forged = await browser.PostRawAsync("/account/sign-in", ("email", "x@example.com"), ("password", Password));
        ((int)forged.Status).ShouldBeInRange(400, 499);

        // The code step without a pending sign-in starts again; MFA set-up for a signed-in customer shows the QR code.
        (await browser.GetAsync("/account/sign-in/code")).Location.ShouldBe("/account/sign-in");
        await browser.RegisterAsync($"mfa-{Guid.NewGuid():N}@example.com", "Mo Factor");
        var mfa = await browser.PageAsync("/account/mfa");
        mfa.ShouldContain("<svg");
        mfa.ShouldContain("data-testid=\"mfa-secret\"");
        var wrongCode = await browser.PostAsync("/account/mfa", "/account/mfa", ("code", "000000"));
        wrongCode.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        wrongCode.Html.ShouldContain("id=\"error-summary\"");
    }

    /// <summary>One visitor's browser: own cookies, forms posted with the token of the page just loaded, redirects by hand.</summary>
    private sealed partial class SiteBrowser(BookingsTestHost host)
    {
        public HttpClient Client { get; } = Html(host.NewBrowserClient());

        private static HttpClient Html(HttpClient client)
        {
            client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
            return client;
        }

        public async Task<(HttpStatusCode Status, string Html, string? Location)> GetAsync(string path)
        {
            using var response = await Client.GetAsync(path);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
        }

        public async Task<string> PageAsync(string path)
        {
            var (status, html, location) = await GetAsync(path);
            status.ShouldBe(HttpStatusCode.OK, $"{path} → {location} {html[..Math.Min(html.Length, 400)]}");
            return html;
        }

        public async Task<(HttpStatusCode Status, string Html, string? Location)> PostAsync(string action, string formPage, params (string Name, string? Value)[] fields)
        {
            var token = Token(await PageAsync(formPage));
            return await PostRawAsync(action, [("__RequestVerificationToken", token), .. fields]);
        }

        public async Task<(HttpStatusCode Status, string Html, string? Location)> PostRawAsync(string action, params (string Name, string? Value)[] fields)
        {
            using var content = new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!)));
            using var response = await Client.PostAsync(action, content);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
        }

        public async Task<string> PostAndFollowAsync(string action, string formPage, string expectedLocation, params (string Name, string? Value)[] fields)
        {
            var (status, html, location) = await PostAsync(action, formPage, fields);
            status.ShouldBe(HttpStatusCode.SeeOther, html[..Math.Min(html.Length, 2000)]);
            location.ShouldNotBeNull().ShouldStartWith(expectedLocation);
            return await PageAsync(location);
        }

        public async Task<string> RegisterAsync(string email, string name)
        {
            var html = await PostAndFollowAsync("/account/register", "/account/register", "/account", ("name", name), ("email", email), ("password", Password));
            html.ShouldContain(email);
            return html;
        }

        /// <summary>Quotes and books a saloon three days ahead on the site; with <paramref name="pay"/>, pays and waits for the confirmation.</summary>
        public async Task<string> BookAsync(string name, string email, bool pay = false)
        {
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(3), London);
            var quoted = await PostAsync("/quote", "/",
                ("pickup", "London Heathrow Airport"), ("dropoff", "1 Quay Road, Poole BH15 1AA"),
                ("date", local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("time", "10:30"), ("passengers", "2"), ("suitcases", "2"),
                ("handLuggage", "1"), ("childSeats", "0"), ("boosterSeats", "0"), ("flightNumber", "BA123"));
            quoted.Status.ShouldBe(HttpStatusCode.SeeOther, quoted.Html);
            var quotePath = quoted.Location!;
            var booked = await PostAsync($"{quotePath}/book", $"{quotePath}/book?vehicle=saloon",
                ("vehicle", "saloon"), ("name", name), ("email", email), ("phone", "07700 900123"));
            booked.Status.ShouldBe(HttpStatusCode.SeeOther, booked.Html);
            var checkout = booked.Location!;
            checkout.ShouldContain("/sandbox/checkout/");

            // The row the site wrote, found by this test's unique e-mail address: linked to the signed-in account.
            string reference;
            string? customerId;
            using (var scope = host.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BookingsDbContext>();
                var row = await db.Bookings.AsNoTracking().Where(b => b.PassengerEmail == email).Select(b => new { b.Reference, b.CustomerId }).SingleAsync();
                (reference, customerId) = (row.Reference, row.CustomerId);
            }

            customerId.ShouldNotBeNullOrEmpty();
            if (pay)
            {
                var paid = await host.PayOnSandboxAsync(checkout, "4242 4242 4242 4242");
                paid.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
                for (var i = 0; i < 300 && !(await PageAsync($"/manage/{reference}")).Contains("data-status=\"Confirmed\"", StringComparison.Ordinal); i++)
                {
                    await Task.Delay(50);
                }

                (await PageAsync($"/manage/{reference}")).ShouldContain("data-status=\"Confirmed\"");
            }

            return reference;
        }

        public static string Token(string html) =>
            AntiforgeryField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new ShouldAssertException("The page has no antiforgery field.");

        public static string TestId(string html, string testId) =>
            Regex.Match(html, $"data-testid=\"{testId}\"[^>]*>([^<]*)<") is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : throw new ShouldAssertException($"No {testId} on the page.");

        [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryField();
    }
}

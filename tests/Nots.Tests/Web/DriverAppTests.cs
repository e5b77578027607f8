using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Nots.Tests.Dispatch;
using Platform.Testing;

namespace Nots.Tests.Web;

/// <summary>
/// The driver app (<c>/driver</c>) over the real host: the sign-in gate, offers and jobs only for their driver, accepting
/// an offer and tapping through the job flow to completion, a replayed status tap that changes nothing and is no error,
/// documents (own only; upload with the fleet's checks), position posting, and setting the password from the invitation.
/// </summary>
public sealed partial class DriverAppTests(DispatchHostFixture fixture) : IClassFixture<DispatchHostFixture>
{
    private DispatchTestHost Host => fixture.Host;

    [Fact]
    public async Task Signed_out_browsers_are_sent_to_the_driver_sign_in_and_customers_are_not_let_in()
    {
        var browser = new DriverBrowser(Host);
        var (status, _, location) = await browser.GetAsync("/driver/");
        status.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldNotBeNull().ShouldStartWith("/driver/sign-in?returnUrl=");
        (await browser.GetAsync("/driver/documents")).Location.ShouldNotBeNull().ShouldStartWith("/driver/sign-in");

        var wrong = await browser.PostAsync("/driver/sign-in", "/driver/sign-in", ("email", "nobody@nots.test"), ("password", "not the password at all"));
        wrong.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        wrong.Html.ShouldContain("id=\"error-summary\"");

        // A customer account signs in but is not a driver.
        var customer = new DriverBrowser(Host);
        var email = $"cust-{Guid.NewGuid():N}@example.com";
        var registered = await customer.PostAsync("/account/register", "/account/register", ("name", "Cee Customer"), ("email", email), ("password", DispatchTestHost.Password));
        registered.Status.ShouldBe(HttpStatusCode.SeeOther);
        var denied = await customer.GetAsync("/driver/");
        denied.Location.ShouldBe("/driver/sign-in?denied=1");
        (await customer.PageAsync("/driver/sign-in?denied=1")).ShouldContain("not a driver");

        // The installable shell is public.
        using var manifest = await browser.Client.GetAsync("/driver/manifest.webmanifest");
        manifest.StatusCode.ShouldBe(HttpStatusCode.OK);
        manifest.Content.Headers.ContentType!.MediaType.ShouldBe("application/manifest+json");
        (await manifest.Content.ReadAsStringAsync()).ShouldContain("\"start_url\": \"/driver/\"");
        (await browser.Client.GetAsync("/driver/sw.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.Client.GetAsync("/driver/icons/icon-192.png")).Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await browser.Client.GetAsync("/driver/offline.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_driver_sees_only_their_own_offer_accepts_it_and_taps_through_the_job_flow_to_completion()
    {
        var dispatcher = await Host.StaffAsync();
        var dave = await Host.DriverAsync("Dave Driver");
        var other = await Host.DriverAsync("Olive Other");
        var job = await Host.ConfirmedJobAsync(dispatcher, TimeSpan.FromHours(3), phone: "07700 900456");
        (await Host.DispatchAsync(dispatcher, job.Reference, dave, "offer")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var browser = await DriverBrowser.SignedInAsync(Host, dave);
        var home = await browser.PageAsync("/driver/");
        home.ShouldContain("data-testid=\"duty-status\">on duty<");
        home.ShouldContain($"data-job=\"{job.JobId}\"");
        home.ShouldContain("data-countdown=");
        home.ShouldContain("data-live=\"/v1/dispatch/live\"");

        // The other driver sees neither the offer nor the job.
        var olive = await DriverBrowser.SignedInAsync(Host, other);
        (await olive.PageAsync("/driver/")).ShouldNotContain(job.JobId.ToString());
        (await olive.GetAsync($"/driver/jobs/{job.JobId}")).Location.ShouldBe("/driver/");
        var stolen = await olive.TapAsync(job.JobId, "accept", "Offered", $"/driver/");
        stolen.Location.ShouldBe("/driver/");
        (await Host.JobAsync(dispatcher, job.Reference)).GetProperty("status").GetString().ShouldBe("Offered");

        var accepted = await browser.TapAsync(job.JobId, "accept", "Offered", "/driver/");
        accepted.Location.ShouldBe($"/driver/jobs/{job.JobId}");
        var page = await browser.PageAsync(accepted.Location!);
        page.ShouldContain("data-status=\"Assigned\"");
        WebUtility.HtmlDecode(Regex.Match(page, "href=\"(tel:[^\"]+)\"[^>]*data-testid=\"call\"").Groups[1].Value).ShouldBe("tel:+447700900456");
        page.ShouldContain("https://www.google.com/maps/dir/?api=1&amp;destination=");
        page.ShouldContain("data-position");

        // Meet & greet: the full-screen name board.
        var board = await browser.PageAsync($"/driver/jobs/{job.JobId}/board");
        DriverBrowser.TestId(board, "name-board").ShouldBe("Ann Hirer");

        // The position while on the job goes to dispatch's store (the same code as POST /v1/dispatch/positions).
        var position = await browser.PostRawAsync("/driver/position", ("__RequestVerificationToken", DriverBrowser.Token(page)), ("lat", "50.7200"), ("lng", "-1.9800"), ("accuracy", "12"));
        position.Status.ShouldBe(HttpStatusCode.NoContent);
        var outOfRange = await browser.PostRawAsync("/driver/position", ("__RequestVerificationToken", DriverBrowser.Token(page)), ("lat", "91"), ("lng", "0"));
        outOfRange.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);

        foreach (var (action, from, to) in new[] { ("en-route", "Assigned", "EnRoute"), ("arrived", "EnRoute", "Arrived"), ("on-board", "Arrived", "OnBoard"), ("complete", "OnBoard", "Completed") })
        {
            var tapped = await browser.TapAsync(job.JobId, action, from, $"/driver/jobs/{job.JobId}");
            tapped.Status.ShouldBe(HttpStatusCode.SeeOther);
            (await browser.PageAsync(tapped.Location!)).ShouldContain($"data-status=\"{to}\"");
        }

        (await Host.WaitForBookingAsync(job, "Completed")).GetProperty("status").GetString().ShouldBe("Completed");
        (await browser.PageAsync("/driver/")).ShouldContain("data-status=\"Completed\"");
    }

    [Fact]
    public async Task A_replayed_status_tap_is_a_harmless_no_op_with_or_without_the_same_idempotency_key()
    {
        var dispatcher = await Host.StaffAsync();
        var driver = await Host.DriverAsync("Rita Replay");
        var job = await Host.ConfirmedJobAsync(dispatcher, TimeSpan.FromHours(5));
        (await Host.DispatchAsync(dispatcher, job.Reference, driver, "assign")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var browser = await DriverBrowser.SignedInAsync(Host, driver);
        var page = await browser.PageAsync($"/driver/jobs/{job.JobId}");
        var fields = new (string, string?)[] { ("__RequestVerificationToken", DriverBrowser.Token(page)), ("action", "en-route"), ("from", "Assigned") };
        var key = Guid.NewGuid().ToString();

        // The offline queue sends a tap with an Idempotency-Key; a replay of the same request gets the first answer.
        var first = await browser.PostRawAsync($"/driver/jobs/{job.JobId}/tap", key, fields);
        first.Status.ShouldBe(HttpStatusCode.SeeOther);
        var afterFirst = await Host.JobAsync(dispatcher, job.Reference);
        afterFirst.GetProperty("status").GetString().ShouldBe("EnRoute");
        var replay = await browser.PostRawAsync($"/driver/jobs/{job.JobId}/tap", key, fields);
        replay.Status.ShouldBe(HttpStatusCode.SeeOther);
        replay.Replayed.ShouldBeTrue();

        // The same tap under a new key (or from a second click, without one) finds the step already recorded.
        var again = await browser.PostRawAsync($"/driver/jobs/{job.JobId}/tap", Guid.NewGuid().ToString(), fields);
        again.Status.ShouldBe(HttpStatusCode.SeeOther);
        again.Location.ShouldBe($"/driver/jobs/{job.JobId}");
        DriverBrowser.TestId(await browser.PageAsync(again.Location!), "flash").ShouldStartWith("Already recorded");
        (await browser.PostRawAsync($"/driver/jobs/{job.JobId}/tap", fields)).Status.ShouldBe(HttpStatusCode.SeeOther);

        var afterReplays = await Host.JobAsync(dispatcher, job.Reference);
        afterReplays.GetProperty("status").GetString().ShouldBe("EnRoute");
        afterReplays.GetProperty("version").GetInt32().ShouldBe(afterFirst.GetProperty("version").GetInt32());
        afterReplays.GetProperty("enRouteAt").GetString().ShouldBe(afterFirst.GetProperty("enRouteAt").GetString());

        // An older tap replayed after later ones (accepted while offline, sent last) is a no-op too.
        (await browser.TapAsync(job.JobId, "arrived", "EnRoute", $"/driver/jobs/{job.JobId}")).Status.ShouldBe(HttpStatusCode.SeeOther);
        (await browser.PostRawAsync($"/driver/jobs/{job.JobId}/tap", fields)).Location.ShouldBe($"/driver/jobs/{job.JobId}");
        (await Host.JobAsync(dispatcher, job.Reference)).GetProperty("status").GetString().ShouldBe("Arrived");

        // The API honours the same rule with expectedStatus: 200 and nothing changed, where a bare replay is a 409.
        var before = (await Host.JobAsync(dispatcher, job.Reference)).GetProperty("version").GetInt32();
        var api = await Host.SendAsync(HttpMethod.Patch, $"/v1/dispatch/{job.JobId}", new { action = "arrived", expectedStatus = "EnRoute" }, driver.Person);
        (await DispatchTestHost.JsonAsync(api, HttpStatusCode.OK)).GetProperty("version").GetInt32().ShouldBe(before);
        await DispatchTestHost.ProblemAsync(await Host.ActAsync(driver.Person, job.JobId, "arrived"), HttpStatusCode.Conflict, "invalid_transition");

        // A step out of order is refused with a message on the job page, not an error page.
        var outOfOrder = await browser.TapAsync(job.JobId, "complete", "OnBoard", $"/driver/jobs/{job.JobId}");
        outOfOrder.Location.ShouldBe($"/driver/jobs/{job.JobId}");
        DriverBrowser.TestId(await browser.PageAsync(outOfOrder.Location!), "flash").ShouldContain("not allowed");
    }

    [Fact]
    public async Task A_driver_goes_off_and_on_duty_and_sees_and_uploads_only_their_own_documents()
    {
        var driver = await Host.DriverAsync("Della Documents", onDuty: false);
        var other = await Host.DriverAsync("Otto Other");
        var browser = await DriverBrowser.SignedInAsync(Host, driver);
        (await browser.PageAsync("/driver/")).ShouldContain("data-testid=\"duty-status\">off duty<");
        var on = await browser.PostAsync("/driver/duty", "/driver/", ("onDuty", "true"));
        on.Location.ShouldBe("/driver/");
        (await browser.PageAsync("/driver/")).ShouldContain("data-testid=\"duty-status\">on duty<");

        var documents = await browser.PageAsync("/driver/documents");
        documents.ShouldContain("data-type=\"medical\"");
        documents.ShouldContain("data-testid=\"compliance\">Your documents are in order.");

        var expires = DateTime.UtcNow.AddDays(500).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var uploaded = await browser.UploadAsync(documents, "medical", expires, FleetPdf, "medical.pdf", "application/pdf");
        uploaded.Status.ShouldBe(HttpStatusCode.SeeOther, uploaded.Html);
        var after = await browser.PageAsync(uploaded.Location!);
        after.ShouldContain("data-status=\"Pending\"");
        var shown = DateOnly.ParseExact(expires, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
        after.ShouldContain(shown);

        // The fleet's checks: a text file named .pdf is refused by its content, re-rendered with the message.
        var renamed = await browser.UploadAsync(after, "dbs", expires, "just some text"u8.ToArray(), "dbs.pdf", "application/pdf", issuedOn: DateTime.UtcNow.AddDays(-5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        renamed.Status.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        renamed.Html.ShouldContain("id=\"error-summary\"");

        var otto = await DriverBrowser.SignedInAsync(Host, other);
        (await otto.PageAsync("/driver/documents")).ShouldNotContain(shown);
    }

    [Fact]
    public async Task A_new_driver_sets_a_password_from_the_invitation_link_and_lands_signed_in()
    {
        var admin = await Host.StaffAsync("admin");
        var email = $"new.driver.{Guid.NewGuid():N}@nots.test";
        var n = Random.Shared.Next(1000, 9999);
        var created = await Host.SendAsync(HttpMethod.Post, "/v1/drivers", new
        {
            name = "Nia Newdriver",
            email,
            phone = "07700 9" + n.ToString(CultureInfo.InvariantCulture) + "1",
            licenceNumber = Fleet.FleetTestHost.LicenceNumber(n),
            badgeNumber = $"PHD-N{n}",
        }, admin);
        await DispatchTestHost.JsonAsync(created, HttpStatusCode.Created);

        var link = await InvitationLinkAsync(email);
        var uri = new Uri(link);
        uri.AbsolutePath.ShouldBe("/driver/set-password");
        var query = QueryHelpers.ParseQuery(uri.Query);
        var browser = new DriverBrowser(Host);
        var form = await browser.PageAsync(uri.PathAndQuery);
        DriverBrowser.TestId(form, "invited-email").ShouldBe(email);

        var mismatch = await browser.PostAsync("/driver/set-password", uri.PathAndQuery,
            ("email", email), ("token", query["token"].ToString()), ("password", "a good new password"), ("confirm", "another password"));
        mismatch.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);

        var set = await browser.PostAsync("/driver/set-password", uri.PathAndQuery,
            ("email", email), ("token", query["token"].ToString()), ("password", "a good new password"), ("confirm", "a good new password"));
        set.Status.ShouldBe(HttpStatusCode.SeeOther, set.Html);
        set.Location.ShouldBe("/driver/");
        (await browser.PageAsync("/driver/")).ShouldContain("Hello Nia");

        // The token works once.
        var again = new DriverBrowser(Host);
        var reused = await again.PostAsync("/driver/set-password", uri.PathAndQuery,
            ("email", email), ("token", query["token"].ToString()), ("password", "yet another password"), ("confirm", "yet another password"));
        reused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        reused.Html.ShouldContain("not valid or has expired");

        // The new password signs in on the driver sign-in page.
        var signIn = await new DriverBrowser(Host).PostAsync("/driver/sign-in", "/driver/sign-in", ("email", email), ("password", "a good new password"));
        signIn.Location.ShouldBe("/driver/");
    }

    private static readonly byte[] FleetPdf = Fleet.FleetTestHost.Pdf;

    private async Task<string> InvitationLinkAsync(string email)
    {
        for (var i = 0; i < 300; i++)
        {
            foreach (var file in Directory.Exists(Host.MailDirectory) ? Directory.GetFiles(Host.MailDirectory, "*.eml") : [])
            {
                MimePart mail;
                try
                {
                    mail = MimePart.Parse(await File.ReadAllTextAsync(file));
                }
                catch (Exception ex) when (ex is FormatException or IOException)
                {
                    continue;
                }

                if (mail.Header("To").Contains(email, StringComparison.OrdinalIgnoreCase))
                {
                    var text = mail.Leaves().First(p => p.ContentType.MediaType == "text/plain").Text;
                    return InvitationLink().Match(text).Value;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No invitation for {email}.");
    }

    [GeneratedRegex(@"https?://\S+/driver/set-password\?\S+")]
    private static partial Regex InvitationLink();

    /// <summary>One phone's browser: own cookies, forms posted with the token of the page just loaded, redirects by hand.</summary>
    private sealed partial class DriverBrowser(DispatchTestHost host)
    {
        public HttpClient Client { get; } = Html(host.NewBrowserClient());

        private static HttpClient Html(HttpClient client)
        {
            client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
            return client;
        }

        public static async Task<DriverBrowser> SignedInAsync(DispatchTestHost host, TestDriver driver)
        {
            var browser = new DriverBrowser(host);
            var signedIn = await browser.PostAsync("/driver/sign-in", "/driver/sign-in", ("email", driver.Person.Email), ("password", DispatchTestHost.Password));
            signedIn.Status.ShouldBe(HttpStatusCode.SeeOther, signedIn.Html);
            signedIn.Location.ShouldBe("/driver/");
            return browser;
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

        public async Task<Response> PostAsync(string action, string formPage, params (string Name, string? Value)[] fields)
        {
            var token = Token(await PageAsync(formPage));
            return await PostRawAsync(action, [("__RequestVerificationToken", token), .. fields]);
        }

        /// <summary>Taps a status button on the page it is shown on.</summary>
        public Task<Response> TapAsync(Guid jobId, string action, string from, string page) =>
            PostAsync($"/driver/jobs/{jobId}/tap", page, ("action", action), ("from", from));

        public Task<Response> PostRawAsync(string action, params (string Name, string? Value)[] fields) => PostRawAsync(action, null, fields);

        public async Task<Response> PostRawAsync(string action, string? idempotencyKey, params (string Name, string? Value)[] fields)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, action)
            {
                Content = new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!))),
            };
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            using var response = await Client.SendAsync(request);
            return new Response(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString,
                response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"));
        }

        public async Task<Response> UploadAsync(string page, string documentType, string expiresOn, byte[] file, string fileName, string contentType, string? issuedOn = null)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(Token(page)), "__RequestVerificationToken" },
                { new StringContent(documentType), "documentType" },
                { new StringContent(expiresOn), "expiresOn" },
            };
            if (issuedOn is not null)
            {
                form.Add(new StringContent(issuedOn), "issuedOn");
            }

            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(content, "file", fileName);
            using var response = await Client.PostAsync("/driver/documents", form);
            return new Response(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString, false);
        }

        public static string Token(string html) =>
            AntiforgeryField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new ShouldAssertException("The page has no antiforgery field.");

        public static string TestId(string html, string testId) =>
            Regex.Match(html, $"data-testid=\"{testId}\"[^>]*>([^<]*)<") is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : throw new ShouldAssertException($"No {testId} on the page.");

        [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryField();
    }

    private sealed record Response(HttpStatusCode Status, string Html, string? Location, bool Replayed);
}

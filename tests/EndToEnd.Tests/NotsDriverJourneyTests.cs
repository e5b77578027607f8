using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Identity;

namespace EndToEnd.Tests;

/// <summary>
/// A NOTS driver on a phone-sized Chromium (390×844): a customer's paid booking is offered to them by a dispatcher; the
/// driver signs in to the driver app, goes on duty, sees the offer with its countdown, accepts it and taps through the job
/// to completion; the app's manifest and service worker are registered; axe-core finds no serious or critical violation
/// on the job page. Screenshots go to <c>screenshots/nots-driver-*</c> in the test output folder.
/// </summary>
public sealed partial class NotsDriverJourneyTests : IAsyncLifetime
{
    private const string Password = "the driver's own password";
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"u8.ToArray();
    private NotsSiteHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return;
        }

        _host = await NotsSiteHost.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [ChromiumFact]
    public async Task A_driver_on_a_phone_goes_on_duty_accepts_an_offer_and_taps_through_to_completed()
    {
        var admin = await TokenAsync("admin", $"admin.{Guid.NewGuid():N}@nots.test");
        var dispatcher = await TokenAsync("dispatcher", $"dispatcher.{Guid.NewGuid():N}@nots.test");
        var driverEmail = $"driver.{Guid.NewGuid():N}@nots.test";
        var (driverId, vehicleId) = await OnboardDriverAsync(admin, driverEmail);
        var reference = await BookAndPayAsync();

        await using var context = await _browser.NewJourneyContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _host.BaseUrl,
            ViewportSize = Phone,
            IsMobile = true,
            HasTouch = true,
            BypassCSP = true,
            Geolocation = new Geolocation { Latitude = 51.4700f, Longitude = -0.4543f },
            Permissions = ["geolocation"],
        });
        var page = await context.NewPageAsync();

        // Signed out, the app sends the phone to its sign-in page.
        await page.GotoAsync("/driver/");
        await page.WaitForURLAsync("**/driver/sign-in**");
        await Screenshot(page, "nots-driver-sign-in");
        await page.GetByLabel("Email address").FillAsync(driverEmail);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/driver/");
        await Assertions.Expect(page.GetByTestId("duty-status")).ToHaveTextAsync("off duty");

        // Installable: the manifest is linked and the service worker takes control of /driver/.
        (await page.Locator("link[rel=manifest]").GetAttributeAsync("href")).ShouldBe("/driver/manifest.webmanifest");
        var scope = await page.EvaluateAsync<string>("async () => (await navigator.serviceWorker.ready).scope");
        scope.ShouldBe(_host.BaseUrl + "/driver/");

        await page.GetByTestId("duty-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("duty-status")).ToHaveTextAsync("on duty");
        await Assertions.Expect(page.GetByTestId("no-offers")).ToBeVisibleAsync();

        // The dispatcher offers the job: the open page picks it up from dispatch's live feed, without a reload by hand.
        using (var offer = await SendAsync(HttpMethod.Post, "/v1/dispatch", dispatcher, new { bookingReference = reference, driverId, vehicleId, mode = "offer" }))
        {
            offer.StatusCode.ShouldBe(HttpStatusCode.Created, await offer.Content.ReadAsStringAsync());
        }

        await Assertions.Expect(page.GetByTestId("offer")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=offer] time[data-countdown]")).ToHaveTextAsync(new Regex("^[0-9]+:[0-9]{2}$"));
        await Screenshot(page, "nots-driver-offer");
        await page.GetByTestId("tap-accept").ClickAsync();

        await page.WaitForURLAsync("**/driver/jobs/**");
        await Assertions.Expect(page.GetByTestId("job-status")).ToHaveAttributeAsync("data-status", "Assigned");
        await Assertions.Expect(page.GetByTestId("call")).ToHaveAttributeAsync("href", new Regex("^tel:\\+?[0-9]+$"));
        await Assertions.Expect(page.GetByTestId("navigate-pickup")).ToHaveAttributeAsync("href", new Regex("^https://www\\.google\\.com/maps/dir/"));
        await CheckAsync(page, "nots-driver-job");

        foreach (var (button, status) in new[] { ("en-route", "EnRoute"), ("arrived", "Arrived"), ("on-board", "OnBoard"), ("complete", "Completed") })
        {
            await page.GetByTestId("tap-" + button).ClickAsync();
            await Assertions.Expect(page.GetByTestId("job-status")).ToHaveAttributeAsync("data-status", status);
            if (status == "Arrived")
            {
                await CheckAsync(page, "nots-driver-job-arrived");
            }
        }

        await Screenshot(page, "nots-driver-completed");
        using var job = await SendAsync(HttpMethod.Get, $"/v1/dispatch/bookings/{reference}", dispatcher);
        (await job.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("Completed");
    }

    /// <summary>A customer books and pays on the website (the sandbox card): the booking dispatch will offer.</summary>
    private async Task<string> BookAndPayAsync()
    {
        await using var context = await _browser.NewJourneyContextAsync(new BrowserNewContextOptions { BaseURL = _host.BaseUrl, ViewportSize = Phone, BypassCSP = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var date = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(2), london).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByLabel("Pick-up", new() { Exact = true }).FillAsync("London Heathrow Airport");
        await page.GetByLabel("Drop-off", new() { Exact = true }).FillAsync("1 Quay Road, Poole BH15 1AA");
        await page.GetByLabel("Date", new() { Exact = true }).FillAsync(date);
        await page.GetByLabel("Pick-up time (UK)", new() { Exact = true }).FillAsync("10:30");
        await page.GetByLabel("Passengers", new() { Exact = true }).FillAsync("2");
        await page.GetByTestId("get-quote").ClickAsync();
        await page.GetByTestId("choose-saloon").ClickAsync();
        await page.WaitForURLAsync("**/book?vehicle=saloon");
        await page.GetByLabel("Full name").FillAsync("Ann Traveller");
        await page.GetByLabel("Email address").FillAsync("ann.traveller@example.com");
        await page.GetByLabel("Mobile phone").FillAsync("07700 900123");
        await page.GetByTestId("continue-to-payment").ClickAsync();
        await page.WaitForURLAsync("**/sandbox/checkout/**");
        await page.Locator("#card_number").FillAsync("4242 4242 4242 4242");
        await page.Locator("#expiry").FillAsync("12/34");
        await page.Locator("#cvc").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") }).ClickAsync();
        await page.WaitForURLAsync("**/bookings/**/confirmation");
        await Assertions.Expect(page.GetByTestId("booking-status")).ToHaveAttributeAsync("data-status", "Confirmed", new() { Timeout = 20_000 });
        return (await page.GetByTestId("reference").TextContentAsync())!.Trim();
    }

    /// <summary>The office onboards the driver with a saloon and verified documents (the driver's password is set here, not by e-mail).</summary>
    private async Task<(Guid DriverId, Guid VehicleId)> OnboardDriverAsync(string admin, string email)
    {
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, Password, "Dan Phone", "driver");
        }

        var n = Random.Shared.Next(100, 999);
        var driver = await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/drivers", admin, new
        {
            name = "Dan Phone",
            email,
            phone = "07700 900" + n.ToString(CultureInfo.InvariantCulture),
            licenceNumber = "PHONE801155DA" + (n % 10).ToString(CultureInfo.InvariantCulture) + "XY",
            badgeNumber = "PHD-E2E-" + n.ToString(CultureInfo.InvariantCulture),
        }), HttpStatusCode.Created);
        var driverId = driver.GetProperty("id").GetGuid();
        var vehicle = await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/vehicles", admin, new
        {
            registration = "EE" + (10 + (n % 80)).ToString(CultureInfo.InvariantCulture) + " DRV",
            make = "Skoda",
            model = "Superb",
            colour = "Black",
            vehicleClass = "saloon",
            seats = 4,
            suitcases = 3,
            plateNumber = "PHV-E2E-" + n.ToString(CultureInfo.InvariantCulture),
            driverIds = new[] { driverId },
        }), HttpStatusCode.Created);
        var vehicleId = vehicle.GetProperty("id").GetGuid();
        foreach (var (ownerType, ownerId, types) in new[]
        {
            ("driver", driverId, new[] { "driving-licence", "ph-badge", "dbs", "medical", "right-to-work" }),
            ("vehicle", vehicleId, new[] { "v5c", "mot", "insurance", "plate-licence" }),
        })
        {
            foreach (var type in types)
            {
                using var form = new MultipartFormDataContent
                {
                    { new StringContent(ownerType), "ownerType" },
                    { new StringContent(ownerId.ToString()), "ownerId" },
                    { new StringContent(type), "documentType" },
                    { new StringContent(DateTime.UtcNow.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "expiresOn" },
                    { new StringContent(DateTime.UtcNow.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "issuedOn" },
                };
                var file = new ByteArrayContent(Pdf);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, "file", type + ".pdf");
                using var upload = new HttpRequestMessage(HttpMethod.Post, "/v1/compliance") { Content = form };
                upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
                var document = await JsonAsync(await _host.Api.SendAsync(upload), HttpStatusCode.Created);
                await JsonAsync(await SendAsync(HttpMethod.Post, $"/v1/compliance/{document.GetProperty("id").GetGuid()}/verify", admin), HttpStatusCode.OK);
            }
        }

        return (driverId, vehicleId);
    }

    private async Task<string> TokenAsync(string role, string email)
    {
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, Password, "Sam " + role, role);
        }

        var token = await JsonAsync(await _host.Api.PostAsJsonAsync("/v1/auth/token", new { email, password = Password }), HttpStatusCode.OK);
        return token.GetProperty("accessToken").GetString()!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await _host.Api.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(expected, text);
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>axe-core at the phone size (no serious or critical violations), and a screenshot.</summary>
    private static async Task CheckAsync(IPage page, string name)
    {
        await Screenshot(page, name);
        await page.AddScriptTagAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "tools", "axe.min.js") });
        var violations = await page.EvaluateAsync<string[]>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))");
        violations.ShouldBeEmpty($"axe on {name}: {string.Join("; ", violations)}");
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nots.Fleet;
using Platform.Identity;
using Platform.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// A NOTS dispatcher, in Debian's Chromium, on a host with staff MFA on and the demo fleet: opens the dashboard, is
/// sent to the staff sign-in, sets up the authenticator and signs in with its code, sees today at a glance, opens the
/// dispatch board, watches a booking that is paid meanwhile appear without reloading (live feed), and assigns it to a
/// compliant driver from the board. The glance and board pages are checked with axe-core at phone and desktop sizes (no
/// serious or critical violations); screenshots go to <c>screenshots/nots-admin-*</c> in the test output folder.
/// </summary>
public sealed partial class NotsOperationsJourneyTests : IAsyncLifetime
{
    private const string Password = "dispatch desk password 1";
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private static readonly ViewportSize Desktop = new() { Width = 1366, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private NotsSiteHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return;
        }

        _host = await NotsSiteHost.StartAsync(new("Identity:RequireStaffMfa", "true"), new("Demo:Password", Password), new("Dispatch:BoardPollInterval", "00:00:00.100"));
        await FleetModule.SeedFleetDemoAsync(_host.Services, CancellationToken.None);
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
    public async Task A_dispatcher_signs_in_with_mfa_sees_a_paid_booking_arrive_on_the_live_board_and_assigns_it_to_a_compliant_driver()
    {
        var email = $"dispatcher.{Guid.NewGuid():N}@nots.test";
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, Password, "Dee Spatcher", "dispatcher");
        }

        // A guest books a saloon for three hours from now; it is paid later, while the board is open.
        var (reference, checkoutUrl) = await BookAsync();

        await using var context = await _browser.NewJourneyContextAsync(new BrowserNewContextOptions { BaseURL = _host.BaseUrl, ViewportSize = Desktop, BypassCSP = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        await page.WaitForURLAsync("**/admin/sign-in?returnUrl=%2Fadmin");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync("**/admin/sign-in/mfa**");
        var secret = (await page.GetByTestId("mfa-secret").TextContentAsync())!.Trim();
        await page.GetByLabel("Enter the 6-digit code the app shows").FillAsync(TotpCodes.Now(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on and sign in" }).ClickAsync();

        await page.WaitForURLAsync(GlanceUrl());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Today at a glance");
        await CheckAsync(page, "nots-admin-glance");

        await page.GetByRole(AriaRole.Link, new() { Name = "Dispatch", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/admin/dispatch");
        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("Live", new() { Timeout = 10_000 });
        var row = page.Locator($"tr[data-reference='{reference}'][data-list='waiting']");
        (await row.CountAsync()).ShouldBe(0);

        // Paid now: dispatch creates the job and the open board shows it without a reload.
        var paid = await PayAsync(checkoutUrl);
        paid.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Unassigned", new() { Timeout = 20_000 });
        await CheckAsync(page, "nots-admin-board");

        // Assign to a compliant saloon driver of the demo fleet (HN18 OLD, with an expired MOT, is not offered).
        var select = page.GetByLabel($"Driver and vehicle for {reference}").First;
        var options = await select.Locator("option").AllTextContentsAsync();
        options.ShouldNotContain(o => o.Contains("HN18 OLD", StringComparison.Ordinal));
        var choice = options.First(o => o.Contains("(saloon", StringComparison.Ordinal));
        await select.SelectOptionAsync(new SelectOptionValue { Label = choice });
        await row.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync($"{reference} assigned");
        var assigned = page.Locator($"tr#job-{reference}");
        await Assertions.Expect(assigned).ToHaveAttributeAsync("data-status", "Assigned");
        await Assertions.Expect(assigned).ToContainTextAsync(choice.Split(" — ")[0]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "nots-admin-board-assigned-desktop.png"), FullPage = true });

        // The booking's page agrees: assigned, with the driver in the statutory record.
        await page.GotoAsync($"/admin/bookings/{reference}");
        await Assertions.Expect(page.GetByTestId("booking-status")).ToHaveTextAsync("Driver assigned", new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "nots-admin-booking-desktop.png"), FullPage = true });
    }

    private async Task<(string Reference, string CheckoutUrl)> BookAsync()
    {
        var pickupAt = DateTimeOffset.UtcNow.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var quote = await JsonAsync(await _host.Api.PostAsJsonAsync("/v1/quotes", new
        {
            pickup = new { place = "LHR" },
            dropoff = new { postcode = "BH15 1AA" },
            pickupAt,
            passengers = 2,
            suitcases = 2,
            handLuggage = 1,
        }), HttpStatusCode.Created);
        var booking = await JsonAsync(await _host.Api.PostAsJsonAsync("/v1/bookings", new
        {
            quoteId = quote.GetProperty("id").GetGuid(),
            vehicleClass = "saloon",
            passenger = new { name = "Gail Guest", email = "gail.guest@example.com", phone = "07700 900321" },
        }), HttpStatusCode.Created);
        var reference = booking.GetProperty("reference").GetString()!;
        var payment = await JsonAsync(await _host.Api.PostAsJsonAsync("/v1/payments", new { bookingReference = reference, token = booking.GetProperty("manageToken").GetString() }),
            HttpStatusCode.Created);
        return (reference, payment.GetProperty("checkoutUrl").GetString()!);
    }

    private async Task<HttpResponseMessage> PayAsync(string checkoutUrl)
    {
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.BaseUrl) };
        var page = await api.GetStringAsync(checkoutUrl);
        var token = FormToken().Match(page).Groups[1].Value;
        return await api.PostAsync(new Uri(checkoutUrl).PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["form_token"] = token,
            ["card_number"] = "4242 4242 4242 4242",
            ["expiry"] = "12/" + (DateTime.UtcNow.Year % 100 + 3).ToString(CultureInfo.InvariantCulture),
            ["cvc"] = "123",
        }));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [GeneratedRegex("/admin$")]
    private static partial Regex GlanceUrl();

    [GeneratedRegex("name=\"form_token\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    /// <summary>axe-core at both sizes (no serious or critical violations), and a screenshot of each.</summary>
    private static async Task CheckAsync(IPage page, string name)
    {
        foreach (var (size, label) in new[] { (Phone, "phone"), (Desktop, "desktop") })
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}-{label}.png"), FullPage = true });
            await page.AddScriptTagAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "tools", "axe.min.js") });
            var result = await page.EvaluateAsync<JsonElement>(
                "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))");
            var violations = result.EnumerateArray().Select(v => v.GetString()).ToList();
            violations.ShouldBeEmpty($"axe on {name} ({label}): {string.Join("; ", violations)}");
        }
    }
}

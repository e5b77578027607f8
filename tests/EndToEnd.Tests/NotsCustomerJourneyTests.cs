using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EndToEnd.Tests;

/// <summary>
/// A NOTS customer, in Debian's Chromium: gets prices for Heathrow → Poole, books a saloon (a wrong e-mail is caught
/// first), pays on the sandbox payment page, sees the confirmation with the QR code of the manage link, opens the manage
/// page, sees the cancellation fee and cancels. Every page is checked with axe-core at phone and desktop sizes (no
/// serious or critical violations); screenshots go to <c>screenshots/nots-*</c> in the test output folder.
/// </summary>
public sealed partial class NotsCustomerJourneyTests : IAsyncLifetime
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
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
    public async Task A_guest_quotes_books_pays_on_the_sandbox_page_sees_the_confirmation_then_cancels_from_the_manage_page()
    {
        await using var context = await _browser.NewJourneyContextAsync(new BrowserNewContextOptions { BaseURL = _host.BaseUrl, ViewportSize = Desktop, BypassCSP = true });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await CheckAsync(page, "nots-home");
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var date = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(3), london).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByLabel("Pick-up", new() { Exact = true }).FillAsync("London Heathrow Airport");
        await page.GetByLabel("Drop-off", new() { Exact = true }).FillAsync("1 Quay Road, Poole BH15 1AA");
        await page.GetByLabel("Date", new() { Exact = true }).FillAsync(date);
        await page.GetByLabel("Pick-up time (UK)", new() { Exact = true }).FillAsync("10:30");
        await page.GetByLabel("Passengers", new() { Exact = true }).FillAsync("2");
        await page.GetByTestId("get-quote").ClickAsync();

        await page.WaitForURLAsync(QuoteUrl());
        await Assertions.Expect(page.Locator("[data-class=saloon] [data-testid=price]")).ToHaveTextAsync(new Regex("^£[0-9,]+\\.[0-9]{2}$"));
        await CheckAsync(page, "nots-quote");
        await page.GetByTestId("choose-saloon").ClickAsync();

        // The booking form: a wrong e-mail is refused beside the field, then good details go on to the payment page.
        await page.WaitForURLAsync("**/book?vehicle=saloon");
        await CheckAsync(page, "nots-book");
        await page.GetByLabel("Full name").FillAsync("Ann Traveller");
        await page.GetByLabel("Email address").FillAsync("ann.traveller@example");
        await page.GetByLabel("Mobile phone").FillAsync("07700 900123");
        await page.GetByTestId("continue-to-payment").ClickAsync();
        await Assertions.Expect(page.Locator("#email-error")).ToBeVisibleAsync();
        await CheckAsync(page, "nots-book-errors");
        await page.GetByLabel("Email address").FillAsync("ann.traveller@example.com");
        await page.GetByTestId("continue-to-payment").ClickAsync();

        await page.WaitForURLAsync("**/sandbox/checkout/**");
        await page.Locator("#card_number").FillAsync("4242 4242 4242 4242");
        await page.Locator("#expiry").FillAsync("12/34");
        await page.Locator("#cvc").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") }).ClickAsync();

        // The confirmation refreshes itself until the payment webhook has confirmed the booking.
        await page.WaitForURLAsync("**/bookings/**/confirmation");
        await Assertions.Expect(page.GetByTestId("booking-status")).ToHaveAttributeAsync("data-status", "Confirmed", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("figure.qr svg")).ToBeVisibleAsync();
        await CheckAsync(page, "nots-confirmation");
        var reference = (await page.GetByTestId("reference").TextContentAsync())!.Trim();

        await page.GetByTestId("manage-link").ClickAsync();
        await page.WaitForURLAsync("**/manage/**token=**");
        var token = Uri.UnescapeDataString(new Uri(page.Url).Query.Split("token=")[1]);
        await Assertions.Expect(page.GetByTestId("booking-status")).ToHaveAttributeAsync("data-status", "Confirmed");
        await CheckAsync(page, "nots-manage");

        await page.GetByTestId("cancel-link").ClickAsync();
        await page.WaitForURLAsync("**/cancel?token=**");
        await Assertions.Expect(page.GetByTestId("fee")).ToHaveTextAsync("£0.00");
        await CheckAsync(page, "nots-cancel");
        await page.GetByTestId("confirm-cancel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync($"Booking {reference} is cancelled.");
        await Assertions.Expect(page.GetByTestId("booking-status")).ToHaveAttributeAsync("data-status", "Cancelled");
        await CheckAsync(page, "nots-cancelled");

        // The API agrees.
        var booking = await _host.Api.GetFromJsonAsync<JsonElement>($"/v1/bookings/{reference}?token={Uri.EscapeDataString(token)}");
        booking.GetProperty("status").GetString().ShouldBe("Cancelled");
        booking.GetProperty("passenger").GetProperty("email").GetString().ShouldBe("ann.traveller@example.com");
        (await _host.Api.GetAsync($"/v1/bookings/{reference}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [GeneratedRegex("/quote/[0-9a-f-]{36}$")]
    private static partial Regex QuoteUrl();

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

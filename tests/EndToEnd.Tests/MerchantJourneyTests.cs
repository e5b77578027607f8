using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Identity;
using Platform.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// A guest buys a television with the sandbox card; a merchant, in another browser, signs in to the console with an
/// authenticator code, finds the order from the dashboard and ships it with the console's form; the shopper's order page
/// then shows the parcel. The dashboard and the console's order page are checked with axe-core (no serious or critical
/// violations) and photographed at phone and desktop sizes under <c>screenshots/</c>.
/// </summary>
public sealed class MerchantJourneyTests : IAsyncLifetime
{
    private const string MerchantEmail = "max@merchant.test";
    private const string MerchantPassword = "a long merchant password for max";
    private StorefrontHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return;
        }

        _host = await StorefrontHost.StartAsync();
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(MerchantEmail, MerchantPassword, "Max Merchant", "merchant");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
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
    public async Task A_guest_pays_for_a_tv_a_merchant_signs_in_with_a_code_and_ships_it_and_the_shopper_sees_it_shipped()
    {
        await using var shopper = await _browser.NewJourneyContextAsync(new BrowserNewContextOptions { BaseURL = _host.BaseUrl, ViewportSize = ShopperJourneyTests.Desktop, BypassCSP = true });
        var shop = await shopper.NewPageAsync();
        var number = await GuestBuysAsync(shop);

        // The merchant's first visit: the console sends them to the staff sign-in; they turn on an authenticator app.
        await using var office = await _browser.NewJourneyContextAsync(new BrowserNewContextOptions { BaseURL = _host.BaseUrl, ViewportSize = ShopperJourneyTests.Desktop, BypassCSP = true });
        var console = await office.NewPageAsync();
        await console.GotoAsync("/merchant");
        await console.WaitForURLAsync("**/merchant/sign-in**");
        await SignInAsync(console);
        await console.GotoAsync("/merchant/mfa");
        var secret = (await console.GetByTestId("mfa-secret").TextContentAsync())!.Trim();
        await console.GetByLabel("Enter the 6-digit code the app shows").FillAsync(TotpCodes.Now(secret));
        await console.GetByRole(AriaRole.Button, new() { Name = "Turn on and sign in" }).ClickAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // From now on: password, then the code from the app.
        await console.WaitForURLAsync("**/merchant/sign-in");
        await SignInAsync(console);
        await console.WaitForURLAsync("**/merchant/sign-in/code**");
        await console.GetByLabel("6-digit code from your authenticator app").FillAsync(TotpCodes.Now(secret));
        await console.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await console.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/merchant$"));
        await Assertions.Expect(console.GetByTestId("awaiting-fulfilment")).ToHaveTextAsync("1");
        await Assertions.Expect(console.GetByTestId("staff-email")).ToHaveTextAsync(MerchantEmail);
        await ShopperJourneyTests.CheckAsync(console, "merchant-dashboard");

        // The order waiting to ship, its page, and the shipment form.
        await console.GetByRole(AriaRole.Link, new() { Name = number }).First.ClickAsync();
        await console.WaitForURLAsync($"**/merchant/orders/{number}");
        await Assertions.Expect(console.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "Paid");
        await ShopperJourneyTests.CheckAsync(console, "merchant-order");
        await console.GetByLabel("Carrier").SelectOptionAsync("dpd");
        await console.GetByLabel("Tracking number").FillAsync("DPD" + number.Replace("-", "", StringComparison.Ordinal));
        await console.GetByRole(AriaRole.Button, new() { Name = "Create shipment" }).ClickAsync();
        await Assertions.Expect(console.GetByTestId("flash")).ToContainTextAsync("fully shipped");
        await Assertions.Expect(console.GetByTestId("shipments")).ToContainTextAsync("DPD");
        await ShopperJourneyTests.Capture(console, "merchant-order-shipped");

        // The shopper's order page shows the parcel on its way.
        await shop.ReloadAsync();
        await Assertions.Expect(shop.GetByTestId("parcel")).ToContainTextAsync("DPD");
        await Assertions.Expect(shop.GetByTestId("parcel")).ToContainTextAsync("Dispatched");
        await ShopperJourneyTests.Capture(shop, "shopper-order-shipped-by-merchant");
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GetByLabel("Email address").FillAsync(MerchantEmail);
        await page.GetByLabel("Password").FillAsync(MerchantPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A guest finds a TV, pays with the sandbox card and waits on the order page until it is paid; returns the order number.</summary>
    private static async Task<string> GuestBuysAsync(IPage page)
    {
        await page.GotoAsync("/search?q=orbix");
        await page.GetByRole(AriaRole.Link, new() { Name = "Orbix Lumen 50\" 4K LED TV" }).ClickAsync();
        await page.WaitForURLAsync("**/p/**");
        await page.GetByTestId("add-to-basket").ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Added to your basket");
        await page.GotoAsync("/checkout");
        await page.GetByLabel("Email address").FillAsync("guest.buyer@example.com");
        await page.GetByLabel("Full name").FillAsync("Gwen Guest");
        await page.GetByLabel("Address line 1").FillAsync("1 Parliament Square");
        await page.GetByLabel("Town or city").FillAsync("London");
        await page.GetByLabel("Postcode").FillAsync("sw1p3bd");
        await page.GetByTestId("pay").ClickAsync();
        await page.WaitForURLAsync("**/sandbox/checkout/**");
        await page.Locator("#card_number").FillAsync("4242 4242 4242 4242");
        await page.Locator("#expiry").FillAsync("12/34");
        await page.Locator("#cvc").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Pay") }).ClickAsync();
        try
        {
            await page.WaitForURLAsync("**/orders/**token=**");
        }
        catch (TimeoutException)
        {
            // Say where the shopper got stuck (it happened once under a loaded CI run and could not be reproduced).
            throw new TimeoutException($"After paying, the browser stayed on {page.Url}:\n{await page.InnerTextAsync("body")}");
        }
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "Paid", new() { Timeout = 20_000 });
        return (await page.Locator("h1").TextContentAsync())!.Replace("Order ", "", StringComparison.Ordinal).Trim();
    }
}

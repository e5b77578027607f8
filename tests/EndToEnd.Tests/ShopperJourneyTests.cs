using System.Text.Json;
using Microsoft.Playwright;

namespace EndToEnd.Tests;

/// <summary>
/// A shopper, in Debian's Chromium, finds a television by brand and price, picks a colour, checks out as a guest, pays
/// on the sandbox payment page and sees the order paid; the merchant ships it and the shopper sees it shipped. Every
/// page on the way is checked with axe-core (no serious or critical violations) and photographed at phone (390×844)
/// and desktop (1280×800) sizes under <c>screenshots/</c> in the test output folder.
/// </summary>
public sealed class ShopperJourneyTests : IAsyncLifetime
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
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
    public async Task A_guest_finds_a_tv_by_brand_and_price_buys_it_with_the_sandbox_card_and_sees_it_paid_then_shipped()
    {
        // Bypassing CSP lets the test inject axe-core; the pages themselves run under the normal policy otherwise.
        await using var context = await _browser.NewJourneyContextAsync(new BrowserNewContextOptions { BaseURL = _host.BaseUrl, ViewportSize = Desktop, BypassCSP = true });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await CheckAsync(page, "home");

        // Search with type-ahead, then filter by brand and price (the filter form submits itself on change).
        var search = page.GetByRole(AriaRole.Combobox, new() { Name = "Search products" });
        await search.FillAsync("zentra");
        await Assertions.Expect(page.Locator("#site-search-suggestions [role=option]").First).ToBeVisibleAsync();
        await search.PressAsync("Enter");
        await page.WaitForURLAsync("**/search?q=zentra");
        await page.Locator("#brand-zentra").CheckAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("brand=zentra"));
        await page.Locator("#price-50000").CheckAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("price=50000-99999"));
        await Assertions.Expect(page.Locator("#results-heading")).ToHaveTextAsync("1 product");
        await page.GetByRole(AriaRole.Link, new() { Name = "Zentra Vision 55\" 4K OLED TV" }).ClickAsync();

        // Pick the silver one: price and SKU follow the choice.
        await page.WaitForURLAsync("**/p/**");
        await Assertions.Expect(page.GetByTestId("price")).ToHaveTextAsync("£799.00");
        await page.GetByLabel("Silver").CheckAsync();
        await Assertions.Expect(page.GetByTestId("price")).ToHaveTextAsync("£849.00");
        await Assertions.Expect(page.GetByTestId("sku")).ToHaveTextAsync("ZEN55-SLV");
        await CheckAsync(page, "product");
        await page.GetByTestId("add-to-basket").ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Added to your basket");
        await Assertions.Expect(page.GetByTestId("basket-link")).ToContainTextAsync("1");

        await page.GetByTestId("basket-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("cart-line")).ToContainTextAsync("ZEN55-SLV");
        await CheckAsync(page, "cart");

        // Checkout as a guest: an empty form is refused field by field, then a UK address goes through.
        await page.GetByTestId("checkout").ClickAsync();
        await page.WaitForURLAsync("**/checkout");
        await CheckAsync(page, "checkout");
        await page.GetByTestId("pay").ClickAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Enter your email address.");
        await page.GetByLabel("Email address").FillAsync("guest.shopper@example.com");
        await page.GetByLabel("Full name").FillAsync("Gus Guest");
        await page.GetByLabel("Address line 1").FillAsync("10 Downing Street");
        await page.GetByLabel("Town or city").FillAsync("London");
        await page.GetByLabel("Postcode").FillAsync("sw1a2aa");
        await page.GetByTestId("pay").ClickAsync();

        // The sandbox payment provider's hosted page, with Stripe's test card.
        await page.WaitForURLAsync("**/sandbox/checkout/**");
        await page.Locator("#card_number").FillAsync("4242 4242 4242 4242");
        await page.Locator("#expiry").FillAsync("12/34");
        await page.Locator("#cvc").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Pay") }).ClickAsync();

        // Back on the shop: the order page updates itself once the payment webhook has arrived.
        await page.WaitForURLAsync("**/orders/**token=**");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "Paid", new() { Timeout = 20_000 });
        await Capture(page, "order-paid");
        var number = (await page.Locator("h1").TextContentAsync())!.Replace("Order ", "", StringComparison.Ordinal).Trim();

        await _host.ShipAsync(number);
        for (var attempt = 0; attempt < 100 && await page.GetByTestId("parcel").CountAsync() == 0; attempt++)
        {
            await Task.Delay(100);
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.GetByTestId("parcel")).ToContainTextAsync("DPD");
        // The parcel with its carrier and tracking timeline is what the shopper sees as "shipped". (Ordering's own status
        // follows ShipmentDispatched asynchronously; it is not asserted here.)
        await Assertions.Expect(page.GetByTestId("parcel")).ToContainTextAsync("Dispatched");
        await Capture(page, "order-shipped");

        await page.GotoAsync("/c/televisions");
        await CheckAsync(page, "category");
    }

    internal static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    internal static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>axe-core at both sizes (no serious or critical violations), and a screenshot of each.</summary>
    internal static async Task CheckAsync(IPage page, string name)
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

    internal static async Task Capture(IPage page, string name)
    {
        foreach (var (size, label) in new[] { (Phone, "phone"), (Desktop, "desktop") })
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}-{label}.png"), FullPage = true });
        }
    }
}

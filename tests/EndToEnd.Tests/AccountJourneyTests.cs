using System.Text.Json;
using Microsoft.Playwright;

namespace EndToEnd.Tests;

/// <summary>
/// A shopper, in Debian's Chromium, creates an account, signs out and in again, buys a television signed in, pays on the
/// sandbox page and finds the order in their order history. Every account page on the way is checked with axe-core (no
/// serious or critical violations) at phone and desktop sizes, with screenshots under <c>screenshots/account-*</c>.
/// </summary>
public sealed class AccountJourneyTests : IAsyncLifetime
{
    private const string Email = "journey.account@example.com";
    private const string Password = "a long account password";
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
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
    public async Task A_shopper_registers_signs_in_buys_and_sees_the_order_in_their_account()
    {
        await using var context = await _browser.NewJourneyContextAsync(new BrowserNewContextOptions { BaseURL = _host.BaseUrl, ViewportSize = Desktop, BypassCSP = true });
        var page = await context.NewPageAsync();

        // Register from the header's "Sign in" link; a bad form first, then a good one.
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in");
        await CheckAsync(page, "account-sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.WaitForURLAsync("**/account/register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("E-mail address is required.");
        await CheckAsync(page, "account-register-errors");
        await page.GetByLabel("Your name (optional)").FillAsync("Jo Journey");
        await page.GetByLabel("Email address").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync("**/account");
        await Assertions.Expect(page.GetByTestId("account-email")).ToHaveTextAsync(Email);
        await CheckAsync(page, "account-overview-new");

        // Sign out and back in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("You are signed out.");
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/account");
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("You are signed in.");

        // Buy a television signed in: checkout knows the e-mail address.
        await page.GotoAsync("/c/televisions");
        await page.GetByRole(AriaRole.Link, new() { Name = "Orbix Lumen 50\" 4K LED TV" }).ClickAsync();
        await page.WaitForURLAsync("**/p/**");
        await page.GetByTestId("add-to-basket").ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Added to your basket");
        await page.GetByTestId("basket-link").ClickAsync();
        await page.GetByTestId("checkout").ClickAsync();
        await page.WaitForURLAsync("**/checkout");
        await Assertions.Expect(page.GetByLabel("Email address")).ToHaveValueAsync(Email);
        await page.GetByLabel("Full name").FillAsync("Jo Journey");
        await page.GetByLabel("Address line 1").FillAsync("1 Canada Square");
        await page.GetByLabel("Town or city").FillAsync("London");
        await page.GetByLabel("Postcode").FillAsync("e145ab");
        await page.GetByTestId("pay").ClickAsync();
        await page.WaitForURLAsync("**/sandbox/checkout/**");
        await page.Locator("#card_number").FillAsync("4242 4242 4242 4242");
        await page.Locator("#expiry").FillAsync("12/34");
        await page.Locator("#cvc").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Pay") }).ClickAsync();
        await page.WaitForURLAsync("**/orders/**");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "Paid", new() { Timeout = 20_000 });
        var number = (await page.Locator("h1").TextContentAsync())!.Replace("Order ", "", StringComparison.Ordinal).Trim();

        // The order is in the account, and its row leads to the order page.
        await page.GotoAsync("/account");
        var row = page.GetByTestId("order-history").Locator($"tr[data-order='{number}']");
        await Assertions.Expect(row.GetByTestId("order-status")).ToContainTextAsync("Paid");
        await CheckAsync(page, "account-overview-order");
        await row.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await page.WaitForURLAsync($"**/orders/{number}");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Download invoice (PDF)" })).ToBeVisibleAsync();

        // The authenticator set-up page (QR code and key) passes axe too.
        await page.GotoAsync("/account/mfa");
        await Assertions.Expect(page.GetByTestId("mfa-secret")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z2-7]{16,}$"));
        await CheckAsync(page, "account-mfa-setup");
    }

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

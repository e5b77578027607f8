using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity;
using Platform.Testing;

namespace NovaTech.Tests.Web;

/// <summary>
/// The customer account pages over the real host, as a browser without JavaScript uses them: register and sign in with
/// the form (antiforgery), the basket following the shopper, an authenticator app with a TOTP code, order history of an
/// order placed through the checkout form, cancel, invoice PDF, saved addresses — and another account seeing none of it.
/// </summary>
public sealed partial class AccountPagesTests : IAsyncLifetime
{
    private const string Sku = "ACC-PHONE";
    private ShopHost _shop = null!;

    public async Task InitializeAsync()
    {
        _shop = await ShopHost.StartAsync();
        _shop.Catalog.Add(Sku, 29_999, 300);
        await _shop.WarehouseAsync("MAN1");
        await _shop.SetStockAsync(Sku, "MAN1", 20);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task A_guest_basket_follows_the_shopper_into_a_new_account_and_back_after_signing_in_again()
    {
        var browser = new Browser(_shop);
        (await browser.GetAsync("/account")).Location.ShouldBe("/account/sign-in");

        // Shopping as a guest first.
        await browser.PostAndFollowAsync("/cart/items", "/account/sign-in", "/cart", ("sku", Sku), ("quantity", "2"));

        // Bad input re-renders the form with messages, keeps what was typed (never the password) and creates nothing.
        var (status, html, _) = await browser.PostAsync("/account/register", "/account/register", ("name", "Ada"), ("email", "not-an-address"), ("password", "short"));
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        html.ShouldContain("E-mail address is not valid.");
        html.ShouldContain("value=\"not-an-address\"");
        html.ShouldContain("aria-invalid=\"true\"");
        html.ShouldNotContain("value=\"short\"");

        var account = await browser.RegisterAsync("ada@example.test");
        account.ShouldContain("Your account is ready", Case.Insensitive);
        Browser.TestId(account, "mfa-status").ShouldContain("off");
        (await browser.PageAsync("/cart")).ShouldContain("Nova Phone " + Sku);

        // The same address cannot register twice.
        var other = new Browser(_shop);
        var (duplicate, duplicateHtml, _) = await other.PostAsync("/account/register", "/account/register", ("email", "ada@example.test"), ("password", Passwords.Customer));
        duplicate.ShouldBe(HttpStatusCode.UnprocessableEntity);
        duplicateHtml.ShouldContain("already exists");

        // Signed out, the basket is not shown to the next person on this computer.
        await browser.SignOutAsync();
        (await browser.GetAsync("/account")).Location.ShouldBe("/account/sign-in");
        (await browser.PageAsync("/cart")).ShouldNotContain("Nova Phone " + Sku);

        // Wrong password: the form again with a message; right password: the account and the basket are back.
        var (wrong, wrongHtml, _) = await browser.PostAsync("/account/sign-in", "/account/sign-in", ("email", "ada@example.test"), ("password", "not the password at all"));
        wrong.ShouldBe(HttpStatusCode.UnprocessableEntity);
        wrongHtml.ShouldContain("The e-mail address or password is wrong.", customMessage: wrongHtml[wrongHtml.IndexOf("<main", StringComparison.Ordinal)..]);
        (await browser.SignInAsync("ada@example.test")).ShouldContain("ada@example.test");
        (await browser.PageAsync("/cart")).ShouldContain("Nova Phone " + Sku);
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_refused_and_return_addresses_stay_on_site()
    {
        var browser = new Browser(_shop);
        var (status, _, _) = await browser.PostRawAsync("/account/register", ("email", "eve@example.test"), ("password", Passwords.Customer));
        status.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.PostRawAsync("/account/sign-out", ("returnUrl", "/"))).Status.ShouldBe(HttpStatusCode.BadRequest);

        await browser.RegisterAsync("eve@example.test");
        await browser.SignOutAsync();
        var (_, _, location) = await browser.PostAsync("/account/sign-in", "/account/sign-in",
            ("email", "eve@example.test"), ("password", Passwords.Customer), ("returnUrl", "//evil.example/steal"));
        location.ShouldBe("/account");

        // A page behind sign-in sends the browser to the sign-in form and back.
        await browser.SignOutAsync();
        var (redirect, _, to) = await browser.GetAsync("/account/orders");
        redirect.ShouldBe(HttpStatusCode.Redirect);
        to.ShouldNotBeNull().ShouldContain("/account/sign-in?ReturnUrl=%2Faccount%2Forders");
        var (_, _, back) = await browser.PostAsync("/account/sign-in", "/account/sign-in?ReturnUrl=%2Faccount%2Forders",
            ("email", "eve@example.test"), ("password", Passwords.Customer), ("returnUrl", "/account/orders"));
        back.ShouldBe("/account/orders");
    }

    [Fact]
    public async Task A_customer_turns_on_an_authenticator_app_and_then_signs_in_with_a_code()
    {
        var browser = new Browser(_shop);
        await browser.RegisterAsync("mfa@example.test");
        var setup = await browser.PageAsync("/account/mfa");
        setup.ShouldContain("<svg");
        var secret = Browser.TestId(setup, "mfa-secret");
        secret.ShouldMatch("^[A-Z2-7]{16,}$");
        (await browser.PageAsync("/account/mfa")).ShouldContain(secret, customMessage: "the secret stays until the set-up completes");

        var (wrong, wrongHtml, _) = await browser.PostAsync("/account/mfa", "/account/mfa", ("code", TotpCodes.Wrong(secret)));
        wrong.ShouldBe(HttpStatusCode.UnprocessableEntity);
        wrongHtml.ShouldContain("That code is wrong");
        wrongHtml.ShouldContain(secret);
        var on = await browser.PostAndFollowAsync("/account/mfa", "/account/mfa", "/account", ("code", TotpCodes.Now(secret)));
        Browser.TestId(on, "mfa-status").ShouldContain("on");

        await browser.SignOutAsync();
        var (_, _, next) = await browser.PostAsync("/account/sign-in", "/account/sign-in", ("email", "mfa@example.test"), ("password", Passwords.Customer));
        next.ShouldBe("/account/sign-in/code");
        (await browser.GetAsync("/account")).Location.ShouldBe("/account/sign-in", "the password alone does not sign in");

        var (badCode, badHtml, _) = await browser.PostAsync("/account/sign-in/code", "/account/sign-in/code", ("code", TotpCodes.Wrong(secret)));
        badCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        badHtml.ShouldContain("That code is wrong");
        var signedIn = await browser.PostAndFollowAsync("/account/sign-in/code", "/account/sign-in/code", "/account", ("code", TotpCodes.Now(secret)));
        signedIn.ShouldContain("mfa@example.test");

        // Without a sign-in in progress there is no code step.
        var stranger = new Browser(_shop);
        (await stranger.GetAsync("/account/sign-in/code")).Location.ShouldBe("/account/sign-in");
    }

    [Fact]
    public async Task Order_history_shows_an_order_placed_through_checkout_with_its_invoice_and_cancel_and_another_account_sees_none_of_it()
    {
        var ada = new Browser(_shop);
        await ada.RegisterAsync("orders@example.test");
        await ada.PostAndFollowAsync("/cart/items", "/account/sign-in", "/cart", ("sku", Sku), ("quantity", "1"));
        var number = await CheckoutAndPayAsync(ada, "orders@example.test");

        var history = await ada.PageAsync("/account/orders");
        history.ShouldContain($"href=\"/orders/{number}\"");
        (await ada.PageAsync("/account")).ShouldContain(number);
        var order = await WaitForOrderPageAsync(ada, number, "Paid");
        order.ShouldContain("Download invoice (PDF)");
        order.ShouldContain("Cancel this order");

        using (var invoice = await ada.ApiGetAsync($"/api/v1/orders/{number}/invoice.pdf"))
        {
            invoice.StatusCode.ShouldBe(HttpStatusCode.OK);
            invoice.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
            (await invoice.Content.ReadAsByteArrayAsync())[..4].ShouldBe("%PDF"u8.ToArray());
        }

        // Another customer: not in their history, the order page and the invoice are not found, cancelling does nothing.
        var bob = new Browser(_shop);
        await bob.RegisterAsync("bob@example.test");
        (await bob.PageAsync("/account/orders")).ShouldNotContain(number);
        (await bob.GetAsync($"/orders/{number}")).Status.ShouldBe(HttpStatusCode.NotFound);
        using (var stolen = await bob.ApiGetAsync($"/api/v1/orders/{number}/invoice.pdf"))
        {
            stolen.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var (_, _, bobBack) = await bob.PostAsync($"/orders/{number}/cancel", "/account", ("token", ""));
        bobBack.ShouldBe($"/orders/{number}");
        (await WaitForOrderPageAsync(ada, number, "Paid")).ShouldContain("Cancel this order");

        // The customer cancels before anything ships.
        var cancelled = await ada.PostAndFollowAsync($"/orders/{number}/cancel", $"/orders/{number}", $"/orders/{number}", ("token", ""));
        cancelled.ShouldContain("data-status=\"Cancelled\"");
        cancelled.ShouldNotContain("Cancel this order");
        (await ada.PageAsync("/account/orders")).ShouldContain("Cancelled");
    }

    [Fact]
    public async Task A_shipped_order_shows_its_tracking_timeline_and_can_no_longer_be_cancelled()
    {
        var ada = new Browser(_shop);
        await ada.RegisterAsync("tracking@example.test");
        await ada.PostAndFollowAsync("/cart/items", "/account/sign-in", "/cart", ("sku", Sku), ("quantity", "1"));
        var number = await CheckoutAndPayAsync(ada, "tracking@example.test");
        await WaitForOrderPageAsync(ada, number, "Paid");

        var lineId = JsonDocument.Parse(await (await _shop.StaffAsync(HttpMethod.Get, $"orders/{number}")).Content.ReadAsStringAsync())
            .RootElement.GetProperty("lines")[0].GetProperty("lineId").GetGuid();
        await _shop.ShipAsync(number, "TRK0000000001", (lineId, 1));
        (await _shop.PostCarrierEventAsync("TRK0000000001", "in_transit", _shop.Clock.GetUtcNow().AddHours(2))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var shipped = await WaitForOrderPageAsync(ada, number, "Shipped", html => html.Contains("Carrier says in transit", StringComparison.Ordinal));
        shipped.ShouldContain("TRK0000000001");
        shipped.ShouldContain("class=\"timeline\"");
        shipped.ShouldNotContain("Cancel this order");
        (await ada.PageAsync("/account/orders")).ShouldContain("Shipped");
    }

    [Fact]
    public async Task Saved_addresses_are_checked_like_checkout_addresses_offered_at_checkout_and_private_to_their_owner()
    {
        var ada = new Browser(_shop);
        await ada.RegisterAsync("addresses@example.test");

        var (bad, badHtml, _) = await ada.PostAsync("/account/addresses", "/account/addresses/new",
            ("name", "Ada Lovelace"), ("line1", "12 St James's Square"), ("city", "London"), ("postcode", "12345"), ("country", "GB"));
        bad.ShouldBe(HttpStatusCode.UnprocessableEntity);
        badHtml.ShouldContain("not a valid postcode for GB");
        badHtml.ShouldContain("value=\"12 St James&#x27;s Square\"");
        (await ada.PageAsync("/account/addresses")).ShouldContain("No saved addresses yet.");

        var book = await ada.PostAndFollowAsync("/account/addresses", "/account/addresses/new", "/account/addresses",
            ("name", "Ada Lovelace"), ("line1", "12 St James's Square"), ("city", "London"), ("postcode", "sw1y4lb"), ("country", "GB"));
        book.ShouldContain("SW1Y 4LB");
        var id = AddressId().Match(book).Groups[1].Value;
        book = await ada.PostAndFollowAsync($"/account/addresses/{id}", $"/account/addresses/{id}", "/account/addresses",
            ("name", "Ada Lovelace"), ("line1", "Hauptstraße 1"), ("city", "Berlin"), ("postcode", "10115"), ("country", "DE"));
        WebUtility.HtmlDecode(book).ShouldContain("Hauptstraße 1");
        book.ShouldContain("Germany");

        // Checkout fills the form from the saved address.
        await ada.PostAndFollowAsync("/cart/items", "/account/sign-in", "/cart", ("sku", Sku), ("quantity", "1"));
        var checkout = await ada.PageAsync("/checkout");
        WebUtility.HtmlDecode(checkout).ShouldContain("value=\"Hauptstraße 1\"");
        checkout.ShouldContain("<option value=\"DE\" selected");

        // Someone else's address: not found, to read, change or delete.
        var bob = new Browser(_shop);
        await bob.RegisterAsync("bob.addresses@example.test");
        (await bob.GetAsync($"/account/addresses/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await bob.PostAsync($"/account/addresses/{id}", "/account", ("name", "Bob"), ("line1", "1 Road"), ("city", "Leeds"), ("postcode", "LS1 1AA"), ("country", "GB")))
            .Status.ShouldBe(HttpStatusCode.NotFound);
        (await bob.PostAsync($"/account/addresses/{id}/delete", "/account", ("confirm", "yes"))).Status.ShouldBe(HttpStatusCode.NotFound);
        WebUtility.HtmlDecode(await bob.PageAsync("/account/addresses")).ShouldNotContain("Hauptstraße");
        WebUtility.HtmlDecode(await ada.PageAsync("/account/addresses")).ShouldContain("Hauptstraße 1");

        await ada.PostAndFollowAsync($"/account/addresses/{id}/delete", "/account/addresses", "/account/addresses", ("confirm", "yes"));
        (await ada.PageAsync("/account/addresses")).ShouldContain("No saved addresses yet.");
    }

    [Fact]
    public async Task The_account_page_downloads_the_customers_data_and_deletes_the_account_after_confirmation()
    {
        var ada = new Browser(_shop);
        var account = await ada.RegisterAsync("data@example.test");
        account.ShouldContain("Download your data");
        account.ShouldContain("Delete my account");

        var (status, body, _) = await ada.GetAsync("/account/data");
        status.ShouldBe(HttpStatusCode.OK);
        body.ShouldContain("\"data@example.test\"");

        // Without the tick nothing happens; with it the account is closed and the browser signed out.
        (await ada.PostAsync("/account/erasure", "/account")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ada.PageAsync("/account")).ShouldContain("data@example.test", customMessage: "nothing was erased without the tick");
        var (_, _, erased) = await ada.PostAsync("/account/erasure", "/account", ("confirm", "yes"));
        erased.ShouldBe("/");
        var (_, _, signIn) = await ada.GetAsync("/account");
        signIn.ShouldBe("/account/sign-in");
        var again = await _shop.Client.PostAsJsonAsync("/api/v1/auth/token", new { email = "data@example.test", password = Passwords.Customer });
        again.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<string> CheckoutAndPayAsync(Browser browser, string email)
    {
        var checkout = await browser.PageAsync("/checkout");
        checkout.ShouldContain($"value=\"{email}\"");
        var (status, html, location) = await browser.PostAsync("/checkout", "/checkout",
            ("email", email), ("name", "Ada Lovelace"), ("line1", "12 St James's Square"), ("city", "London"), ("postcode", "SW1Y 4LB"), ("country", "GB"),
            ("shippingMethod", "standard"));
        status.ShouldBe(HttpStatusCode.SeeOther, html);
        location.ShouldNotBeNull().ShouldStartWith("/sandbox/checkout/");
        await _shop.PayAsync(JsonDocument.Parse(JsonSerializer.Serialize(new { checkoutUrl = location })).RootElement);
        var history = await browser.PageAsync("/account/orders");
        var number = OrderNumber().Match(history).Groups[1].Value;
        number.ShouldNotBeNullOrEmpty();
        return number;
    }

    /// <summary>Waits (bounded, not timed) for the payment webhook or the carrier's event to show on the order page.</summary>
    private static async Task<string> WaitForOrderPageAsync(Browser browser, string number, string status, Func<string, bool>? also = null)
    {
        var html = "";
        for (var i = 0; i < 400; i++)
        {
            html = await browser.PageAsync($"/orders/{number}");
            if (html.Contains($"data-status=\"{status}\"", StringComparison.Ordinal) && (also is null || also(html)))
            {
                return html;
            }

            await Task.Delay(25);
        }

        throw new ShouldAssertException($"Order {number} never showed {status}: {html}");
    }

    [GeneratedRegex("data-order=\"([A-Z0-9-]+)\"")]
    private static partial Regex OrderNumber();

    [GeneratedRegex("data-address=\"([0-9a-f-]{36})\"")]
    private static partial Regex AddressId();
}

/// <summary>Staff sign in to the pages only with an authenticator app, as the API requires (Identity:RequireStaffMfa).</summary>
public sealed class StaffAccountPagesTests : IAsyncLifetime
{
    private ShopHost _shop = null!;

    public async Task InitializeAsync() => _shop = await ShopHost.StartAsync(new KeyValuePair<string, string?>("Identity:RequireStaffMfa", "true"));

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task A_merchant_without_an_authenticator_is_sent_to_set_one_up_and_is_signed_in_only_after_the_first_code()
    {
        await using (var scope = _shop.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync("mo@novatech.test", Passwords.Customer, "Mo Merchant", "merchant");
        }

        var browser = new Browser(_shop);
        var (_, _, next) = await browser.PostAsync("/account/sign-in", "/account/sign-in", ("email", "mo@novatech.test"), ("password", Passwords.Customer));
        next.ShouldBe("/account/mfa");
        (await browser.GetAsync("/account")).Location.ShouldBe("/account/sign-in", "no session before MFA");
        using (var me = await browser.ApiGetAsync("/api/v1/auth/me"))
        {
            me.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var setup = await browser.PageAsync("/account/mfa");
        setup.ShouldContain("Staff accounts must use an authenticator app");
        var secret = Browser.TestId(setup, "mfa-secret");
        var account = await browser.PostAndFollowAsync("/account/mfa", "/account/mfa", "/account", ("code", TotpCodes.Now(secret)));
        account.ShouldContain("mo@novatech.test");
        account.ShouldContain("href=\"/merchant\"");

        // The cookie carries amr=mfa, so the API's staff rule accepts it.
        using (var me = await browser.ApiGetAsync("/api/v1/auth/me"))
        {
            me.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await me.Content.ReadAsStringAsync()).ShouldContain("\"mfaEnabled\":true");
        }

        // Next time: password, then code.
        await browser.SignOutAsync();
        var (_, _, codeStep) = await browser.PostAsync("/account/sign-in", "/account/sign-in", ("email", "mo@novatech.test"), ("password", Passwords.Customer));
        codeStep.ShouldBe("/account/sign-in/code");
        (await browser.PostAndFollowAsync("/account/sign-in/code", "/account/sign-in/code", "/account", ("code", TotpCodes.Now(secret)))).ShouldContain("mo@novatech.test");
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity;
using Platform.Testing;

namespace NovaTech.Tests.Web;

/// <summary>
/// The merchant console over the real host, as a browser without JavaScript uses it: the staff gate, the dashboard's
/// figures, shipping part of an order, refunding a line and adjusting stock — every change through the modules' handlers.
/// </summary>
public sealed partial class MerchantConsoleTests : IAsyncLifetime
{
    private const string Phone = "MC-PHONE";
    private const string Case = "MC-CASE";
    private const string Cable = "MC-CABLE";
    private ShopHost _shop = null!;

    public async Task InitializeAsync()
    {
        _shop = await ShopHost.StartAsync();
        _shop.Catalog.Add(Phone, 29_999, 300);
        _shop.Catalog.Add(Case, 1_999, 100, variant: "Clear");
        _shop.Catalog.Add(Cable, 999, 50, variant: "1 m");
        await _shop.WarehouseAsync("MAN1");
        await _shop.SetStockAsync(Phone, "MAN1", 20);
        await _shop.SetStockAsync(Case, "MAN1", 20);
        await _shop.SetStockAsync(Cable, "MAN1", 3);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task Only_staff_get_in_anyone_else_is_sent_to_the_staff_sign_in_and_customers_get_403()
    {
        var stranger = new Browser(_shop);
        var (status, _, location) = await stranger.GetAsync("/merchant/orders");
        status.ShouldBe(HttpStatusCode.SeeOther);
        location.ShouldBe("/merchant/sign-in?returnUrl=%2Fmerchant%2Forders");
        (await stranger.PostRawAsync("/merchant/orders/NT-1/refunds", ("reason", "x"))).Status.ShouldBeOneOf(HttpStatusCode.SeeOther, HttpStatusCode.BadRequest);

        // A customer is signed in to the shop but not let into the console, and their password does not open it either.
        var customer = new Browser(_shop);
        await customer.RegisterAsync("cora@example.test");
        var (forbidden, forbiddenHtml, _) = await customer.GetAsync("/merchant");
        forbidden.ShouldBe(HttpStatusCode.Forbidden);
        forbiddenHtml.ShouldContain("Staff only");
        var other = new Browser(_shop);
        var (refused, refusedHtml, _) = await other.PostAsync("/merchant/sign-in", "/merchant/sign-in", ("email", "cora@example.test"), ("password", Passwords.Customer));
        refused.ShouldBe(HttpStatusCode.Forbidden);
        refusedHtml.ShouldContain("This sign-in is for NovaTech staff");
        (await other.GetAsync("/account")).Location.ShouldBe("/account/sign-in", "the refused sign-in leaves no session behind");

        // Wrong password: the form again.
        await EnsureStaffAsync("mo@novatech.test", "merchant");
        var (wrong, wrongHtml, _) = await other.PostAsync("/merchant/sign-in", "/merchant/sign-in", ("email", "mo@novatech.test"), ("password", "not the password at all"));
        wrong.ShouldBe(HttpStatusCode.UnprocessableEntity);
        wrongHtml.ShouldContain("The e-mail address or password is wrong.");

        // A merchant lands on the page they asked for; users are for admins only.
        var merchant = new Browser(_shop);
        var (_, _, back) = await merchant.PostAsync("/merchant/sign-in", "/merchant/sign-in?returnUrl=%2Fmerchant%2Forders",
            ("email", "mo@novatech.test"), ("password", Passwords.Customer), ("returnUrl", "/merchant/orders"));
        back.ShouldBe("/merchant/orders");
        (await merchant.PageAsync("/merchant")).ShouldContain("Dashboard");
        (await merchant.GetAsync("/merchant/users")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await SignInAsync("ada@novatech.test", "admin");
        var users = await admin.PageAsync("/merchant/users");
        users.ShouldContain("data-email=\"mo@novatech.test\"");

        // An admin gives the customer the support role; the customer's next sign-in opens the console.
        (await admin.PostAsync("/merchant/users/roles", "/merchant/users", ("email", "nobody@example.test"), ("role", "support"))).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var granted = await admin.PostAndFollowAsync("/merchant/users/roles", "/merchant/users", "/merchant/users", ("email", "cora@example.test"), ("role", "support"));
        granted.ShouldContain("data-email=\"cora@example.test\"");
        (await new Browser(_shop).PostAsync("/merchant/sign-in", "/merchant/sign-in", ("email", "cora@example.test"), ("password", Passwords.Customer))).Location.ShouldBe("/merchant");

        // Off-site return addresses are ignored.
        var (_, _, home) = await new Browser(_shop).PostAsync("/merchant/sign-in", "/merchant/sign-in",
            ("email", "mo@novatech.test"), ("password", Passwords.Customer), ("returnUrl", "//evil.example/x"));
        home.ShouldBe("/merchant");

        await merchant.PostAndFollowAsync("/merchant/sign-out", "/merchant", "/merchant/sign-in");
        (await merchant.GetAsync("/merchant")).Status.ShouldBe(HttpStatusCode.SeeOther);
    }

    [Fact]
    public async Task The_dashboard_counts_todays_orders_revenue_orders_to_ship_failed_payments_and_low_stock()
    {
        var paid = await PaidOrderAsync((Phone, 1), (Case, 2));
        var unpaid = await _shop.CheckoutAsync(await _shop.CartAsync((Case, 1)));
        var failed = await _shop.CheckoutAsync(await _shop.CartAsync((Phone, 1)));
        await _shop.PayAsync(failed, "4000 0000 0000 0002");
        await _shop.WaitForStatusAsync(failed, "PaymentFailed");
        await _shop.SetStockAsync(Cable, "MAN1", 2, "count");

        var merchant = await SignInAsync("mo@novatech.test", "merchant");
        var html = await merchant.PageAsync("/merchant");
        Browser.TestId(html, "orders-today").ShouldBe("3");
        Browser.TestId(html, "revenue-today").ShouldBe(Money(paid.GetProperty("totalPence").GetInt64()));
        Browser.TestId(html, "awaiting-fulfilment").ShouldBe("1");
        Browser.TestId(html, "failed-payments").ShouldBe("1");
        Browser.TestId(html, "dead-letters").ShouldBe("0");
        html.ShouldContain($"data-sku=\"{Cable}\"");
        html.ShouldNotContain($"data-sku=\"{Phone}\"");
        html.ShouldContain(paid.GetProperty("orderNumber").GetString()!);

        // The order list filters by status and finds an order by number or e-mail.
        var list = await merchant.PageAsync("/merchant/orders?status=PaymentFailed");
        list.ShouldContain(failed.GetProperty("orderNumber").GetString()!);
        list.ShouldNotContain(unpaid.GetProperty("orderNumber").GetString()!);
        (await merchant.PageAsync("/merchant/orders?q=" + unpaid.GetProperty("orderNumber").GetString())).ShouldContain("data-order=\"" + unpaid.GetProperty("orderNumber").GetString());
        (await merchant.PageAsync("/merchant/orders?q=GUEST@EXAMPLE")).ShouldContain("data-order=");
        (await merchant.GetAsync("/merchant/orders?status=Lost")).Status.ShouldBe(HttpStatusCode.BadRequest);

        // The live feed sends the same low-stock table.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/merchant/live/stock");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await merchant.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var first = "";
        while (!first.Contains("data:", StringComparison.Ordinal))
        {
            first += await reader.ReadLineAsync(cancel.Token) + "\n";
        }

        first.ShouldContain("event: stock");
        first.ShouldContain($"\"sku\":\"{Cable}\"");
    }

    [Fact]
    public async Task A_merchant_ships_part_of_an_order_then_the_rest_and_cannot_ship_more_than_was_ordered()
    {
        var order = await PaidOrderAsync((Phone, 3));
        var number = order.GetProperty("orderNumber").GetString()!;
        var merchant = await SignInAsync("mo@novatech.test", "merchant");
        var page = await merchant.PageAsync($"/merchant/orders/{number}");
        page.ShouldContain("Create a shipment");
        WebUtility.HtmlDecode(page).ShouldContain("Reserved 3 × " + Phone + " in MAN1");

        // Missing tracking number: the form again with a message, nothing shipped.
        var (bad, badHtml, _) = await merchant.PostAsync($"/merchant/orders/{number}/shipments", $"/merchant/orders/{number}",
            ("ship_1", "1"), ("warehouse", "MAN1"), ("carrier", "dpd"), ("trackingNumber", ""));
        bad.ShouldBe(HttpStatusCode.UnprocessableEntity);
        badHtml.ShouldContain("Enter the carrier&#x27;s tracking number");

        var shipped = await merchant.PostAndFollowAsync($"/merchant/orders/{number}/shipments", $"/merchant/orders/{number}", $"/merchant/orders/{number}",
            ("ship_1", "1"), ("warehouse", "MAN1"), ("carrier", "dpd"), ("trackingNumber", "DPD0000000001"));
        shipped.ShouldContain("1 units shipped, the rest is still to ship");
        shipped.ShouldContain("/packing-slip.pdf");
        LineCell(shipped, 1, "shipped").ShouldBe("1");
        shipped.ShouldContain("of 2 left");

        // More than is left: the module's over-shipment rule answers.
        var (over, overHtml, _) = await merchant.PostAsync($"/merchant/orders/{number}/shipments", $"/merchant/orders/{number}",
            ("ship_1", "5"), ("warehouse", "MAN1"), ("carrier", "dpd"), ("trackingNumber", "DPD0000000002"));
        ((int)over).ShouldBeOneOf(409, 422);
        overHtml.ShouldContain("There is a problem");

        var all = await merchant.PostAndFollowAsync($"/merchant/orders/{number}/shipments", $"/merchant/orders/{number}", $"/merchant/orders/{number}",
            ("ship_1", "2"), ("warehouse", "MAN1"), ("carrier", "royal-mail"), ("trackingNumber", "RM000000003GB"));
        all.ShouldContain("the order is fully shipped");
        LineCell(all, 1, "shipped").ShouldBe("3");
        all.ShouldNotContain("Create a shipment");

        // The packing slip is a PDF for staff.
        var slip = Regex.Match(all, "/api/v1/shipments/([0-9a-f-]+)/packing-slip.pdf").Value;
        using (var pdf = await merchant.ApiGetAsync(slip))
        {
            pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await pdf.Content.ReadAsByteArrayAsync())[..4].ShouldBe("%PDF"u8.ToArray());
        }

        // Support staff can look but not ship.
        var support = await SignInAsync("sue@novatech.test", "support");
        (await support.PageAsync($"/merchant/orders/{number}")).ShouldContain("DPD0000000001");
        (await support.PostAsync($"/merchant/orders/{number}/shipments", $"/merchant/orders/{number}",
            ("ship_1", "1"), ("warehouse", "MAN1"), ("carrier", "dpd"), ("trackingNumber", "DPD0000000009"))).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_merchant_refunds_one_line_and_the_returned_units_go_back_on_hand()
    {
        var order = await PaidOrderAsync((Phone, 1), (Case, 2));
        var number = order.GetProperty("orderNumber").GetString()!;
        var caseLine = order.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("sku").GetString() == Case).GetProperty("lineNumber").GetInt32();
        var phoneLine = 3 - caseLine;
        var merchant = await SignInAsync("mo@novatech.test", "merchant");
        var onHandBefore = (await _shop.StockAsync(Case)).GetProperty("onHand").GetInt32();

        var (bad, badHtml, _) = await merchant.PostAsync($"/merchant/orders/{number}/refunds", $"/merchant/orders/{number}", ($"refund_{caseLine}", "0"));
        bad.ShouldBe(HttpStatusCode.UnprocessableEntity);
        badHtml.ShouldContain("Enter how many units of at least one line to refund.");

        var page = await merchant.PostAndFollowAsync($"/merchant/orders/{number}/refunds", $"/merchant/orders/{number}", $"/merchant/orders/{number}",
            ($"refund_{caseLine}", "1"), ($"returned_{caseLine}", "yes"), ("reason", "damaged box"));
        WebUtility.HtmlDecode(page).ShouldContain($"Refunded {Money(1_999)}", customMessage: WebUtility.HtmlDecode(page[page.IndexOf("<main", StringComparison.Ordinal)..]));
        LineCell(page, caseLine, "refunded").ShouldBe("1");
        LineCell(page, phoneLine, "refunded").ShouldBe("0");
        page.ShouldContain("Partly refunded");
        WebUtility.HtmlDecode(page).ShouldContain($"Refund of {Money(1_999)}, reason damaged box: succeeded");

        var api = JsonDocument.Parse(await (await _shop.StaffAsync(HttpMethod.Get, $"orders/{number}")).Content.ReadAsStringAsync()).RootElement;
        api.GetProperty("refundedPence").GetInt64().ShouldBe(1_999);
        (await _shop.StockAsync(Case)).GetProperty("onHand").GetInt32().ShouldBe(onHandBefore + 1);
        await _shop.WaitForEmailAsync("guest@example.test", number, "19.99");

        // More than was ordered is refused by the order's own rule.
        var (over, overHtml, _) = await merchant.PostAsync($"/merchant/orders/{number}/refunds", $"/merchant/orders/{number}", ($"refund_{caseLine}", "5"));
        ((int)over).ShouldBeOneOf(409, 422);
        overHtml.ShouldContain("There is a problem");
    }

    [Fact]
    public async Task A_merchant_adjusts_stock_with_a_reason_and_sees_it_in_the_movement_history()
    {
        var merchant = await SignInAsync("mo@novatech.test", "merchant");
        var list = await merchant.PageAsync("/merchant/inventory?q=MC-");
        list.ShouldContain($"data-sku=\"{Phone}\"");

        var page = await merchant.PostAndFollowAsync($"/merchant/inventory/{Phone}/adjust", $"/merchant/inventory/{Phone}", $"/merchant/inventory/{Phone}",
            ("warehouse", "MAN1"), ("onHand", "17"), ("reason", "damage"), ("note", "dropped pallet"));
        page.ShouldContain($"{Phone} in MAN1: 17 on hand");
        Browser.TestId(page, "stock-total").ShouldStartWith("17 on hand");
        page.ShouldContain("<td>-3</td>");
        page.ShouldContain("dropped pallet");

        // A damage cannot raise stock; an unknown reason is refused; on hand cannot fall below what is reserved.
        var (raise, raiseHtml, _) = await merchant.PostAsync($"/merchant/inventory/{Phone}/adjust", $"/merchant/inventory/{Phone}",
            ("warehouse", "MAN1"), ("onHand", "30"), ("reason", "damage"));
        raise.ShouldBe(HttpStatusCode.UnprocessableEntity);
        raiseHtml.ShouldContain("cannot raise on hand");
        (await merchant.PostAsync($"/merchant/inventory/{Phone}/adjust", $"/merchant/inventory/{Phone}",
            ("warehouse", "MAN1"), ("onHand", "5"), ("reason", "theft"))).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await _shop.CheckoutAsync(await _shop.CartAsync((Phone, 4)));
        var (below, belowHtml, _) = await merchant.PostAsync($"/merchant/inventory/{Phone}/adjust", $"/merchant/inventory/{Phone}",
            ("warehouse", "MAN1"), ("onHand", "2"), ("reason", "count"));
        below.ShouldBe(HttpStatusCode.Conflict);
        belowHtml.ShouldContain("reserved");
        (await merchant.PageAsync($"/merchant/inventory/{Phone}")).ShouldContain("data-testid=\"reservations\"");
        (await _shop.StockAsync(Phone)).GetProperty("onHand").GetInt32().ShouldBe(17);
    }

    private async Task<JsonElement> PaidOrderAsync(params (string Sku, int Quantity)[] items)
    {
        var checkout = await _shop.CheckoutAsync(await _shop.CartAsync(items));
        await _shop.PayAsync(checkout);
        await _shop.WaitForStatusAsync(checkout, "Paid");
        return await _shop.OrderAsync(checkout);
    }

    private async Task EnsureStaffAsync(string email, string role)
    {
        await using var scope = _shop.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, Passwords.Customer, "Staff " + role, role);
    }

    private async Task<Browser> SignInAsync(string email, string role)
    {
        await EnsureStaffAsync(email, role);
        var browser = new Browser(_shop);
        (await browser.PostAndFollowAsync("/merchant/sign-in", "/merchant/sign-in", "/merchant", ("email", email), ("password", Passwords.Customer)))
            .ShouldContain(email);
        return browser;
    }

    internal static string Money(long pence) => (pence / 100m).ToString("C", CultureInfo.GetCultureInfo("en-GB"));

    private static string LineCell(string html, int line, string cell) =>
        Regex.Match(html, $"data-line=\"{line}\"[\\s\\S]*?data-{cell}>([^<]*)<") is { Success: true } match ? match.Groups[1].Value.Trim()
            : throw new ShouldAssertException($"No {cell} cell for line {line}.");
}

/// <summary>Staff reach the console only with an authenticator app while Identity:RequireStaffMfa is on.</summary>
public sealed class MerchantMfaGateTests : IAsyncLifetime
{
    private ShopHost _shop = null!;

    public async Task InitializeAsync() => _shop = await ShopHost.StartAsync(new KeyValuePair<string, string?>("Identity:RequireStaffMfa", "true"));

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task A_merchant_sets_up_an_authenticator_before_the_console_opens_and_then_signs_in_with_a_code()
    {
        await using (var scope = _shop.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync("mo@novatech.test", Passwords.Customer, "Mo Merchant", "merchant");
        }

        var browser = new Browser(_shop);
        var (_, _, next) = await browser.PostAsync("/merchant/sign-in", "/merchant/sign-in", ("email", "mo@novatech.test"), ("password", Passwords.Customer));
        next.ShouldBe("/merchant/mfa");
        (await browser.GetAsync("/merchant")).Location.ShouldNotBeNull().ShouldStartWith("/merchant/sign-in", customMessage: "no session before MFA");

        var setup = await browser.PageAsync("/merchant/mfa");
        var secret = Browser.TestId(setup, "mfa-secret");
        var (wrong, _, _) = await browser.PostAsync("/merchant/mfa", "/merchant/mfa", ("code", TotpCodes.Wrong(secret)));
        wrong.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await browser.PostAndFollowAsync("/merchant/mfa", "/merchant/mfa", "/merchant", ("code", TotpCodes.Now(secret)))).ShouldContain("Dashboard");

        await browser.PostAndFollowAsync("/merchant/sign-out", "/merchant", "/merchant/sign-in");
        var (_, _, codeStep) = await browser.PostAsync("/merchant/sign-in", "/merchant/sign-in", ("email", "mo@novatech.test"), ("password", Passwords.Customer));
        codeStep.ShouldBe("/merchant/sign-in/code");
        var (badCode, _, _) = await browser.PostAsync("/merchant/sign-in/code", "/merchant/sign-in/code", ("code", TotpCodes.Wrong(secret)));
        badCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await browser.PostAndFollowAsync("/merchant/sign-in/code", "/merchant/sign-in/code", "/merchant", ("code", TotpCodes.Now(secret)))).ShouldContain("mo@novatech.test");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Inventory.Reservations;
using Platform.Notifications;
using Platform.Payments.Webhooks;

namespace NovaTech.Tests.Ordering;

/// <summary>Checkout, payment and after-sale over HTTP, with the Sandbox paying and posting signed webhooks into the host.</summary>
public sealed class CheckoutTests : IAsyncLifetime
{
    private ShopHost _shop = null!;

    public async Task InitializeAsync()
    {
        _shop = await ShopHost.StartAsync();
        _shop.Catalog.Add("NP-128-BLK", 49_999, 400);
        _shop.Catalog.Add("NP-256-SLV", 59_999, 400, variant: "Silver, 256 GB");
        _shop.Catalog.Add("CASE-1", 1_999, 100, vatBasisPoints: 2000);
        await _shop.WarehouseAsync("LON1");
        await _shop.SetStockAsync("NP-128-BLK", "LON1", 10);
        await _shop.SetStockAsync("NP-256-SLV", "LON1", 10);
        await _shop.SetStockAsync("CASE-1", "LON1", 10);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task Done_when_two_variants_guest_checkout_sandbox_card_paid_stock_reduced_one_line_refunded()
    {
        var cart = await _shop.CartAsync(("NP-128-BLK", 1), ("NP-256-SLV", 2));
        var checkout = await _shop.CheckoutAsync(cart);
        checkout.GetProperty("status").GetString().ShouldBe("PendingPayment");
        checkout.GetProperty("totalPence").GetInt64().ShouldBe(49_999 + (2 * 59_999) + 399);
        checkout.GetProperty("orderNumber").GetString()!.ShouldMatch("^NV-270504-[2-9A-HJ-KM-NP-Z]{6}$");
        checkout.GetProperty("checkoutUrl").GetString().ShouldStartWith("/sandbox/checkout/");
        (await _shop.StockAsync("NP-256-SLV")).GetProperty("reserved").GetInt32().ShouldBe(2);

        await _shop.PayAsync(checkout);
        var paid = await _shop.WaitForStatusAsync(checkout, "Paid");

        paid.GetProperty("shipments").GetArrayLength().ShouldBe(0);
        paid.GetProperty("lines").GetArrayLength().ShouldBe(2);
        var silver = await _shop.StockAsync("NP-256-SLV");
        (silver.GetProperty("onHand").GetInt32(), silver.GetProperty("reserved").GetInt32(), silver.GetProperty("available").GetInt32()).ShouldBe((8, 0, 8));
        (await _shop.StockAsync("NP-128-BLK")).GetProperty("onHand").GetInt32().ShouldBe(9);

        // The merchant refunds one of the two silver phones, which came back to the warehouse.
        var refund = await _shop.StaffAsync(HttpMethod.Post, $"orders/{checkout.GetProperty("orderNumber").GetString()}/refunds",
            new { lines = new[] { new { lineNumber = 2, quantity = 1, returned = true } }, reason = "returned" });
        refund.StatusCode.ShouldBe(HttpStatusCode.OK, await refund.Content.ReadAsStringAsync());
        var refunded = await refund.Content.ReadFromJsonAsync<JsonElement>();
        refunded.GetProperty("status").GetString().ShouldBe("PartiallyRefunded");
        refunded.GetProperty("refundedPence").GetInt64().ShouldBe(59_999);
        refunded.GetProperty("refunds")[0].GetProperty("status").GetString().ShouldBe("succeeded");
        refunded.GetProperty("lines")[1].GetProperty("refundedQuantity").GetInt32().ShouldBe(1);
        (await _shop.StockAsync("NP-256-SLV")).GetProperty("onHand").GetInt32().ShouldBe(9, "the returned phone is back on the shelf");

        // The rest, with shipping: fully refunded.
        var rest = await _shop.StaffAsync(HttpMethod.Post, $"orders/{checkout.GetProperty("orderNumber").GetString()}/refunds", new { });
        var all = await rest.Content.ReadFromJsonAsync<JsonElement>();
        all.GetProperty("status").GetString().ShouldBe("Refunded");
        all.GetProperty("refundedPence").GetInt64().ShouldBe(checkout.GetProperty("totalPence").GetInt64());
        var again = await _shop.StaffAsync(HttpMethod.Post, $"orders/{checkout.GetProperty("orderNumber").GetString()}/refunds", new { });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_paid_order_sends_a_confirmation_email_and_has_a_pdf_invoice_with_its_vat()
    {
        var checkout = await _shop.CheckoutAsync(await _shop.CartAsync(("NP-128-BLK", 1), ("CASE-1", 1)));
        var number = checkout.GetProperty("orderNumber").GetString()!;
        var token = checkout.GetProperty("orderToken").GetString()!;
        (await _shop.SendAsync(HttpMethod.Get, $"orders/{number}/invoice.pdf?token={token}")).StatusCode.ShouldBe(HttpStatusCode.Conflict, "no invoice before payment");

        await _shop.PayAsync(checkout);
        var order = await _shop.WaitForStatusAsync(checkout, "Paid");

        // VAT is contained in the VAT-inclusive prices: 49 999 → 8 333, 1 999 → 333, delivery 399 → 67.
        order.GetProperty("vatPence").GetInt64().ShouldBe(8_333 + 333 + 67);
        var vat = order.GetProperty("vat")[0];
        (vat.GetProperty("rateBasisPoints").GetInt32(), vat.GetProperty("vatPence").GetInt64(), vat.GetProperty("grossPence").GetInt64()).ShouldBe((2000, 8_733L, 52_397L));
        var pdf = await _shop.SendAsync(HttpMethod.Get, $"orders/{number}/invoice.pdf?token={token}");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
        bytes.Length.ShouldBeGreaterThan(1000);

        DeliveryView? mail = null;
        for (var i = 0; i < 200 && mail is null; i++)
        {
            await using var scope = _shop.Services.CreateAsyncScope();
            mail = (await scope.ServiceProvider.GetRequiredService<INotificationService>().ListAsync(new DeliveryQuery(Reference: number))).Items is [var first, ..] ? first : null;
            await Task.Delay(25);
        }

        mail.ShouldNotBeNull();
        mail.TemplateKey.ShouldBe("novatech.order-confirmed");
        mail.Recipient.ShouldBe("guest@example.test");
    }

    [Fact]
    public async Task A_guest_sees_the_order_only_with_its_token_and_staff_always()
    {
        var checkout = await _shop.CheckoutAsync(await _shop.CartAsync(("CASE-1", 1)));
        var number = checkout.GetProperty("orderNumber").GetString();

        (await _shop.SendAsync(HttpMethod.Get, $"orders/{number}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _shop.SendAsync(HttpMethod.Get, $"orders/{number}?token=wrong")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _shop.StaffAsync(HttpMethod.Get, $"orders/{number}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var stranger = await _shop.CustomerTokenAsync("someone@example.test");
        (await _shop.SendAsync(HttpMethod.Get, $"orders/{number}", token: stranger)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_signed_in_customer_sees_their_own_order_without_a_token()
    {
        var token = await _shop.CustomerTokenAsync("cas@example.test");
        var created = await _shop.SendAsync(HttpMethod.Post, "carts", token: token);
        var cart = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await _shop.SendAsync(HttpMethod.Post, $"carts/{cart}/items", new { sku = "CASE-1", quantity = 1 }, token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _shop.SendAsync(HttpMethod.Get, $"carts/{cart}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a customer's cart is theirs alone");

        var checkout = await _shop.CheckoutAsync(cart, token: token);

        (await _shop.SendAsync(HttpMethod.Get, $"orders/{checkout.GetProperty("orderNumber").GetString()}", token: token)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_same_Idempotency_Key_returns_the_same_order_and_reserves_once()
    {
        var cart = await _shop.CartAsync(("NP-128-BLK", 2));
        var first = await _shop.CheckoutAsync(cart, idempotencyKey: "checkout-key-1-7c9e6679-7425-40de");
        var second = await _shop.SendAsync(HttpMethod.Post, "checkout", ShopHost.Checkout(cart), idempotencyKey: "checkout-key-1-7c9e6679-7425-40de");

        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderNumber").GetString().ShouldBe(first.GetProperty("orderNumber").GetString());
        (await _shop.StockAsync("NP-128-BLK")).GetProperty("reserved").GetInt32().ShouldBe(2);
        var withoutKey = await _shop.SendAsync(HttpMethod.Post, "checkout", ShopHost.Checkout(cart));
        withoutKey.StatusCode.ShouldBe(HttpStatusCode.Conflict, "a cart is checked out once");
    }

    [Fact]
    public async Task A_changed_price_is_shown_at_checkout_not_silently_charged()
    {
        var cart = await _shop.CartAsync(("NP-128-BLK", 1));
        _shop.Catalog.ChangePrice("NP-128-BLK", 52_999);

        var view = await (await _shop.SendAsync(HttpMethod.Get, $"carts/{cart}")).Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("items")[0].GetProperty("priceChanged").GetBoolean().ShouldBeTrue();
        var refused = await _shop.SendAsync(HttpMethod.Post, "checkout", ShopHost.Checkout(cart));
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("price_changed");
        var change = problem.GetProperty("changes")[0];
        (change.GetProperty("sku").GetString(), change.GetProperty("previousUnitPricePence").GetInt64(), change.GetProperty("unitPricePence").GetInt64())
            .ShouldBe(("NP-128-BLK", 49_999L, 52_999L));
        (await _shop.StockAsync("NP-128-BLK")).GetProperty("reserved").GetInt32().ShouldBe(0, "nothing was reserved");

        var accepted = await _shop.CheckoutAsync(cart);
        accepted.GetProperty("totalPence").GetInt64().ShouldBe(52_999 + 399);
    }

    [Theory]
    [InlineData("GB", "SW1A 2AA", "standard", 201)]
    [InlineData("GB", "EC1A1BB", "next-day", 201)]
    [InlineData("GB", "12345", "standard", 422)]
    [InlineData("IE", "D02 X285", "express", 201)]
    [InlineData("DE", "10115", "standard", 201)]
    [InlineData("DE", "1011", "standard", 422)]
    [InlineData("NL", "1012 AB", "standard", 201)]
    [InlineData("FR", "75008", "next-day", 422)]
    [InlineData("US", "90210", "standard", 422)]
    public async Task Addresses_are_validated_for_the_UK_and_the_EU(string country, string postcode, string method, int expected)
    {
        var cart = await _shop.CartAsync(("CASE-1", 1));
        var address = new { name = "Ada", line1 = "1 High Street", line2 = (string?)null, city = "Town", postcode, country };

        var response = await _shop.SendAsync(HttpMethod.Post, "checkout", ShopHost.Checkout(cart, method: method, address: address));

        ((int)response.StatusCode).ShouldBe(expected, await response.Content.ReadAsStringAsync());
        if (expected == 422)
        {
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()
                .ShouldBeOneOf("invalid_address", "unsupported_destination", "shipping_method_unavailable");
        }
    }

    [Fact]
    public async Task A_forged_webhook_is_a_400_and_a_replayed_one_has_exactly_one_effect()
    {
        var checkout = await _shop.CheckoutAsync(await _shop.CartAsync(("NP-128-BLK", 1)));
        var number = checkout.GetProperty("orderNumber").GetString()!;
        await _shop.PayAsync(checkout);
        await _shop.WaitForStatusAsync(checkout, "Paid");
        var delivered = await _shop.Webhooks.WaitForAsync("checkout.session.completed", number);

        var forged = new StringContent(delivered.Payload, Encoding.UTF8, "application/json");
        forged.Headers.TryAddWithoutValidation(StripeWebhookSignature.HeaderName, StripeWebhookSignature.Sign(delivered.Payload, "whsec_not_ours", _shop.Clock.GetUtcNow()));
        var rejected = await _shop.Client.PostAsync($"{ShopHost.Api}/webhooks/stripe", forged);
        rejected.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _shop.Client.PostAsync($"{ShopHost.Api}/webhooks/stripe", new StringContent(delivered.Payload, Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        for (var i = 0; i < 3; i++)
        {
            var replay = new StringContent(delivered.Payload, Encoding.UTF8, "application/json");
            replay.Headers.TryAddWithoutValidation(StripeWebhookSignature.HeaderName, delivered.SignatureHeader);
            (await _shop.Client.PostAsync($"{ShopHost.Api}/webhooks/stripe", replay)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var stock = await _shop.StockAsync("NP-128-BLK");
        (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("reserved").GetInt32()).ShouldBe((9, 0), "one sale, however often the event arrives");
        (await _shop.OrderAsync(checkout)).GetProperty("status").GetString().ShouldBe("Paid");
    }

    [Fact]
    public async Task A_declined_card_marks_the_order_payment_failed_and_releases_the_stock()
    {
        var checkout = await _shop.CheckoutAsync(await _shop.CartAsync(("NP-128-BLK", 3)));

        await _shop.PayAsync(checkout, "4000 0000 0000 0002");
        await _shop.WaitForStatusAsync(checkout, "PaymentFailed");

        // The hold is released right after the status change commits (the webhook's second step).
        var available = 0;
        for (var i = 0; i < 200 && available != 10; i++)
        {
            available = (await _shop.StockAsync("NP-128-BLK")).GetProperty("available").GetInt32();
            await Task.Delay(25);
        }

        available.ShouldBe(10);
    }

    [Fact]
    public async Task A_payment_after_the_reservation_expired_re_reserves_when_stock_allows()
    {
        var checkout = await _shop.CheckoutAsync(await _shop.CartAsync(("NP-256-SLV", 2)));
        _shop.Clock.Advance(TimeSpan.FromMinutes(16));
        (await _shop.Services.GetRequiredService<ReservationExpiryWorker>().ReleaseExpiredAsync()).ShouldBe(1);
        (await _shop.StockAsync("NP-256-SLV")).GetProperty("reserved").GetInt32().ShouldBe(0);

        await _shop.PayAsync(checkout);
        await _shop.WaitForStatusAsync(checkout, "Paid");

        var stock = await _shop.StockAsync("NP-256-SLV");
        (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("reserved").GetInt32()).ShouldBe((8, 0));
    }

    [Fact]
    public async Task A_payment_after_the_reservation_expired_and_the_stock_sold_out_is_refunded_automatically()
    {
        await _shop.SetStockAsync("NP-256-SLV", "LON1", 2, "count");
        var late = await _shop.CheckoutAsync(await _shop.CartAsync(("NP-256-SLV", 2)));
        _shop.Clock.Advance(TimeSpan.FromMinutes(16));
        await _shop.Services.GetRequiredService<ReservationExpiryWorker>().ReleaseExpiredAsync();
        var quick = await _shop.CheckoutAsync(await _shop.CartAsync(("NP-256-SLV", 2)));
        await _shop.PayAsync(quick);
        await _shop.WaitForStatusAsync(quick, "Paid");

        await _shop.PayAsync(late);
        var refunded = await _shop.WaitForAsync(late, o => o.GetProperty("status").GetString() == "Cancelled"
            && o.GetProperty("refunds").EnumerateArray().Any(r => r.GetProperty("status").GetString() == "succeeded"), "cancelled and refunded");

        refunded.GetProperty("cancellationReason").GetString().ShouldBe("out_of_stock");
        refunded.GetProperty("refunds")[0].GetProperty("status").GetString().ShouldBe("succeeded");
        refunded.GetProperty("refundedPence").GetInt64().ShouldBe(late.GetProperty("totalPence").GetInt64());
        var stock = await _shop.StockAsync("NP-256-SLV");
        (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("reserved").GetInt32()).ShouldBe((0, 0), "exactly two were sold");
    }

    [Fact]
    public async Task A_customer_cancels_before_shipment_unpaid_releases_and_paid_refunds_and_restocks()
    {
        var unpaid = await _shop.CheckoutAsync(await _shop.CartAsync(("CASE-1", 4)));
        var cancelled = await _shop.SendAsync(HttpMethod.Post, $"orders/{unpaid.GetProperty("orderNumber").GetString()}/cancel?token={unpaid.GetProperty("orderToken").GetString()}");
        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("Cancelled");
        (await _shop.StockAsync("CASE-1")).GetProperty("available").GetInt32().ShouldBe(10);

        var paid = await _shop.CheckoutAsync(await _shop.CartAsync(("CASE-1", 2)));
        await _shop.PayAsync(paid);
        await _shop.WaitForStatusAsync(paid, "Paid");
        (await _shop.StockAsync("CASE-1")).GetProperty("onHand").GetInt32().ShouldBe(8);
        var number = paid.GetProperty("orderNumber").GetString();
        (await _shop.SendAsync(HttpMethod.Post, $"orders/{number}/cancel")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "not without the token");

        var refunded = await _shop.SendAsync(HttpMethod.Post, $"orders/{number}/cancel?token={paid.GetProperty("orderToken").GetString()}");

        var order = await refunded.Content.ReadFromJsonAsync<JsonElement>();
        order.GetProperty("status").GetString().ShouldBe("Cancelled");
        order.GetProperty("refundedPence").GetInt64().ShouldBe(paid.GetProperty("totalPence").GetInt64());
        (await _shop.StockAsync("CASE-1")).GetProperty("onHand").GetInt32().ShouldBe(10);
        (await _shop.SendAsync(HttpMethod.Post, $"orders/{number}/cancel?token={paid.GetProperty("orderToken").GetString()}"))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}

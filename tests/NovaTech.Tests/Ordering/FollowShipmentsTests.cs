using System.Net;
using System.Text.Json;

namespace NovaTech.Tests.Ordering;

/// <summary>Ordering follows fulfilment's events: Paid → Fulfilling → Shipped → Delivered, with history and one email per parcel step.</summary>
public sealed class FollowShipmentsTests : IAsyncLifetime
{
    private ShopHost _shop = null!;

    public async Task InitializeAsync()
    {
        _shop = await ShopHost.StartAsync();
        _shop.Catalog.Add("TV-55", 79_999, 18_000, variant: "55 in");
        _shop.Catalog.Add("HDMI-2", 1_499, 100, variant: "2 m");
        await _shop.WarehouseAsync("MAN1");
        await _shop.SetStockAsync("TV-55", "MAN1", 5);
        await _shop.SetStockAsync("HDMI-2", "MAN1", 20);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task An_order_shipped_in_two_parcels_moves_to_fulfilling_shipped_and_delivered_and_the_customer_gets_each_email_once()
    {
        const string email = "parcels@example.test";
        var checkout = await PaidOrderAsync(email, ("TV-55", 1), ("HDMI-2", 2));
        var number = checkout.GetProperty("orderNumber").GetString()!;
        var lines = (await _shop.OrderAsync(checkout)).GetProperty("lines");
        var tv = LineId(lines, "TV-55");
        var cable = LineId(lines, "HDMI-2");

        await _shop.ShipAsync(number, "DPD0000000001", (tv, 1));
        var fulfilling = await _shop.WaitForStatusAsync(checkout, "Fulfilling");
        fulfilling.GetProperty("fulfilmentStatus").GetString().ShouldBe("Fulfilling");
        fulfilling.GetProperty("shipments")[0].GetProperty("trackingNumber").GetString().ShouldBe("DPD0000000001");
        var cancel = await _shop.SendAsync(HttpMethod.Post, $"orders/{number}/cancel?token={checkout.GetProperty("orderToken").GetString()}");
        cancel.StatusCode.ShouldBe(HttpStatusCode.Conflict, "part of it has left the warehouse");

        await _shop.ShipAsync(number, "DPD0000000002", (cable, 2));
        var shipped = await _shop.WaitForStatusAsync(checkout, "Shipped");
        shipped.GetProperty("shipments").GetArrayLength().ShouldBe(2);

        (await _shop.PostCarrierEventAsync("DPD0000000001", "in_transit", _shop.Clock.GetUtcNow().AddHours(1))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _shop.PostCarrierEventAsync("DPD0000000001", "delivered", _shop.Clock.GetUtcNow().AddHours(5))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _shop.WaitForAsync(checkout, o => o.GetProperty("shipments").EnumerateArray().Any(s => s.GetProperty("status").GetString() == "Delivered"), "one parcel delivered");
        (await _shop.OrderAsync(checkout)).GetProperty("status").GetString().ShouldBe("Shipped", "one parcel is still on its way");

        (await _shop.PostCarrierEventAsync("DPD0000000002", "delivered", _shop.Clock.GetUtcNow().AddHours(6))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var delivered = await _shop.WaitForStatusAsync(checkout, "Delivered");
        delivered.GetProperty("fulfilmentStatus").GetString().ShouldBe("Delivered");
        var history = delivered.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
        history.ShouldBe(history.Distinct().SelectMany(s => history.Where(h => h == s)).ToList(), "the history is in order");
        history.Distinct().ShouldBe(["PendingPayment", "Paid", "Fulfilling", "Shipped", "Delivered"]);

        await _shop.WaitForEmailAsync(email, "DPD0000000001", "The rest of your order will follow");
        await _shop.WaitForEmailAsync(email, "DPD0000000002", "This completes your order");
        await _shop.WaitForEmailAsync(email, "has been delivered", "DPD0000000001", "Anything else from your order");
        await _shop.WaitForEmailAsync(email, "has been delivered", "DPD0000000002", "That is everything you ordered");
        await _shop.WaitForEmailAsync(email, "Thank you for your order");

        // Every message went out once: confirmation, two "on its way", two "delivered".
        _shop.Emails(email).Count.ShouldBe(5, string.Join(" / ", _shop.Emails(email).Select(m => m.Subject)));
    }

    [Fact]
    public async Task A_single_parcel_with_everything_ships_the_order_at_once()
    {
        var checkout = await PaidOrderAsync("one-parcel@example.test", ("HDMI-2", 3));
        var number = checkout.GetProperty("orderNumber").GetString()!;
        var line = (await _shop.OrderAsync(checkout)).GetProperty("lines")[0].GetProperty("lineId").GetGuid();

        await _shop.ShipAsync(number, "DPD0000000003", (line, 3));

        var shipped = await _shop.WaitForStatusAsync(checkout, "Shipped");
        shipped.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ShouldNotContain("Fulfilling");
    }

    private static Guid LineId(JsonElement lines, string sku) =>
        lines.EnumerateArray().Single(l => l.GetProperty("sku").GetString() == sku).GetProperty("lineId").GetGuid();

    private async Task<JsonElement> PaidOrderAsync(string email, params (string Sku, int Quantity)[] items)
    {
        var cart = await _shop.CartAsync(items);
        var response = await _shop.SendAsync(HttpMethod.Post, "checkout", ShopHost.Checkout(cart, email));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var checkout = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        await _shop.PayAsync(checkout);
        await _shop.WaitForStatusAsync(checkout, "Paid");
        return checkout;
    }
}

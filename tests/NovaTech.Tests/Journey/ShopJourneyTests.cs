using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NovaTech.Tests.Journey;

/// <summary>
/// Issue 6's "Done when", as one HTTP journey through the real host with every module (catalog, search, inventory,
/// ordering, payments through the Sandbox's signed webhook, fulfilment, notifications): search "4k tv" with brand and
/// price facets, two variants in a guest's cart, checkout, the sandbox card, Paid with stock reduced, shipped in two
/// parcels, carrier events, Delivered, one line refunded — and the customer's emails along the way.
/// </summary>
public sealed class ShopJourneyTests : IAsyncLifetime
{
    private const string Guest = "journey.guest@example.test";
    private ShopHost _shop = null!;

    public async Task InitializeAsync() => _shop = await ShopHost.StartAsync(realCatalog: true);

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task Search_cart_guest_checkout_pay_ship_twice_deliver_and_refund_a_line()
    {
        // The merchant's catalog and stock.
        await _shop.WarehouseAsync("MAN1");
        var aurora = await CreateProductAsync("Samsung Aurora 4K QLED TV", "Samsung", ("AUR-55", 79_900, "55 in"), ("AUR-65", 119_900, "65 in"));
        await CreateProductAsync("LG Nebula 4K OLED TV", "LG", ("NEB-65", 149_900, "65 in"));
        await CreateProductAsync("Sony Quiet Wireless Headphones", "Sony", ("SONY-QWH", 29_900, "One size"));
        foreach (var sku in new[] { "AUR-55", "AUR-65", "NEB-65", "SONY-QWH" })
        {
            await _shop.SetStockAsync(sku, "MAN1", 5);
        }

        // 1. Search "4k tv": both TVs, in stock, with brand and price facets; narrowed by brand and price.
        var found = await EventuallyAsync("search?q=4k%20tv", r => r.GetProperty("total").GetInt64() == 2
            && r.GetProperty("items").EnumerateArray().All(i => i.GetProperty("inStock").GetBoolean()));
        var facets = found.GetProperty("facets");
        Facet(facets.GetProperty("brand")).ShouldBe(new Dictionary<string, long> { ["LG"] = 1, ["Samsung"] = 1 });
        Facet(facets.GetProperty("price")).Values.Sum().ShouldBe(2);
        var narrowed = await GetAsync("search?q=4k%20tv&brand=samsung&maxPrice=100000");
        narrowed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("productId").GetGuid()).ShouldBe([aurora]);

        // 2. Two variants of the Samsung in a guest's cart; 3. guest checkout.
        var cart = await _shop.CartAsync(("AUR-55", 1), ("AUR-65", 2));
        var placed = await _shop.SendAsync(HttpMethod.Post, "checkout", ShopHost.Checkout(cart, Guest), idempotencyKey: Guid.NewGuid().ToString());
        placed.StatusCode.ShouldBe(HttpStatusCode.Created, await placed.Content.ReadAsStringAsync());
        var checkout = await placed.Content.ReadFromJsonAsync<JsonElement>();
        checkout.GetProperty("status").GetString().ShouldBe("PendingPayment");
        var number = checkout.GetProperty("orderNumber").GetString()!;

        // 4. The sandbox card; its signed webhook makes the order Paid and the stock is taken.
        await _shop.PayAsync(checkout);
        var paid = await _shop.WaitForStatusAsync(checkout, "Paid");
        paid.GetProperty("totalPence").GetInt64().ShouldBe(checkout.GetProperty("totalPence").GetInt64());
        await StockShouldBeAsync("AUR-55", onHand: 4, available: 4);
        await StockShouldBeAsync("AUR-65", onHand: 3, available: 3);
        await _shop.WaitForEmailAsync(Guest, "Thank you for your order " + number);

        // 5. Shipped partially, then fully.
        var lines = paid.GetProperty("lines");
        await _shop.ShipAsync(number, "JRN0000000055", (LineId(lines, "AUR-55"), 1));
        await _shop.WaitForStatusAsync(checkout, "Fulfilling");
        await _shop.ShipAsync(number, "JRN0000000065", (LineId(lines, "AUR-65"), 2));
        await _shop.WaitForStatusAsync(checkout, "Shipped");
        await _shop.WaitForEmailAsync(Guest, "on its way", "JRN0000000055");
        await _shop.WaitForEmailAsync(Guest, "on its way", "JRN0000000065", "This completes your order");

        // 6. Carrier events until both parcels are delivered.
        var at = _shop.Clock.GetUtcNow();
        foreach (var parcel in new[] { "JRN0000000055", "JRN0000000065" })
        {
            foreach (var (status, hours) in new[] { ("in_transit", 2), ("out_for_delivery", 20), ("delivered", 24) })
            {
                var posted = await _shop.PostCarrierEventAsync(parcel, status, at.AddHours(hours));
                posted.StatusCode.ShouldBe(HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());
            }
        }

        var delivered = await _shop.WaitForStatusAsync(checkout, "Delivered");
        delivered.GetProperty("shipments").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ShouldBe(["Delivered", "Delivered"]);
        await _shop.WaitForEmailAsync(Guest, "has been delivered", "JRN0000000065");
        var tracking = await GetAsync($"orders/{number}/tracking?token={checkout.GetProperty("orderToken").GetString()}");
        tracking.GetProperty("delivered").GetBoolean().ShouldBeTrue();

        // 7. One of the 65" sets comes back: that line is refunded and the set returns to the shelf.
        var refund = await _shop.StaffAsync(HttpMethod.Post, $"orders/{number}/refunds",
            new { lines = new[] { new { lineNumber = LineNumber(lines, "AUR-65"), quantity = 1, returned = true } }, reason = "returned" });
        refund.StatusCode.ShouldBe(HttpStatusCode.OK, await refund.Content.ReadAsStringAsync());
        var refunded = await refund.Content.ReadFromJsonAsync<JsonElement>();
        refunded.GetProperty("status").GetString().ShouldBe("PartiallyRefunded");
        refunded.GetProperty("fulfilmentStatus").GetString().ShouldBe("Delivered");
        refunded.GetProperty("refundedPence").GetInt64().ShouldBe(119_900);
        await StockShouldBeAsync("AUR-65", onHand: 4, available: 4);
        await _shop.WaitForEmailAsync(Guest, "Refund of £1,199.00", "The rest of your order is unaffected");

        // The customer heard each step once: confirmation, two "on its way", two "delivered", one refund.
        _shop.Emails(Guest).Count.ShouldBe(6, string.Join(" / ", _shop.Emails(Guest).Select(m => m.Subject)));
        var history = (await _shop.OrderAsync(checkout)).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).Distinct();
        history.ShouldBe(["PendingPayment", "Paid", "Fulfilling", "Shipped", "Delivered", "PartiallyRefunded"]);
    }

    private async Task<Guid> CreateProductAsync(string name, string brand, params (string Sku, long Price, string Size)[] variants)
    {
        var response = await _shop.StaffAsync(HttpMethod.Post, "products", new
        {
            name,
            brand,
            category = name.Contains("TV", StringComparison.Ordinal) ? "TV & Video > Televisions" : "Audio > Headphones",
            description = $"The **{name}**.",
            status = "active",
            specs = new Dictionary<string, object> { ["Resolution"] = name.Contains("4K", StringComparison.Ordinal) ? "4K" : "n/a" },
            variants = variants.Select(v => new { sku = v.Sku, pricePence = v.Price, attributes = new Dictionary<string, string> { ["size"] = v.Size } }).ToArray(),
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        var response = await _shop.SendAsync(HttpMethod.Get, path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits (bounded, not timed) for the index to catch up with the catalog's and inventory's events.</summary>
    private async Task<JsonElement> EventuallyAsync(string path, Func<JsonElement, bool> done)
    {
        JsonElement last = default;
        for (var i = 0; i < 400; i++)
        {
            last = await GetAsync(path);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(25);
        }

        throw new ShouldAssertException($"{path} never matched; last {last}");
    }

    private async Task StockShouldBeAsync(string sku, int onHand, int available)
    {
        var stock = await _shop.StockAsync(sku);
        (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("available").GetInt32()).ShouldBe((onHand, available), sku);
    }

    private static Guid LineId(JsonElement lines, string sku) => Line(lines, sku).GetProperty("lineId").GetGuid();

    private static int LineNumber(JsonElement lines, string sku) => Line(lines, sku).GetProperty("lineNumber").GetInt32();

    private static JsonElement Line(JsonElement lines, string sku) => lines.EnumerateArray().Single(l => l.GetProperty("sku").GetString() == sku);

    private static Dictionary<string, long> Facet(JsonElement values) =>
        values.EnumerateArray().ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt64());
}

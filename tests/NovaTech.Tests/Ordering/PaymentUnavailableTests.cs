using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Ordering.Data;

namespace NovaTech.Tests.Ordering;

/// <summary>
/// The Stripe adapter pointed at a port where nothing listens (a real refused connection, no retries): checkout cannot
/// start a payment, so it answers 409, writes no order, gives the held stock back and leaves the cart open.
/// </summary>
public sealed class PaymentUnavailableTests : IAsyncLifetime
{
    private ShopHost _shop = null!;

    public async Task InitializeAsync()
    {
        _shop = await ShopHost.StartAsync(
            new KeyValuePair<string, string?>("Payments:Stripe:SecretKey", "sk_test_unreachable"),
            new KeyValuePair<string, string?>("Payments:Stripe:BaseUrl", "http://127.0.0.1:9"),
            new KeyValuePair<string, string?>("Payments:Stripe:MaxRetries", "0"),
            new KeyValuePair<string, string?>("Payments:WebhookSecret", "whsec_test_unreachable"));
        _shop.Catalog.Add("NP-128-BLK", 49_999, 400);
        await _shop.WarehouseAsync("LON1");
        await _shop.SetStockAsync("NP-128-BLK", "LON1", 3);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task Checkout_without_a_payment_provider_is_a_409_with_no_order_no_held_stock_and_the_cart_still_open()
    {
        var cart = await _shop.CartAsync(("NP-128-BLK", 2));

        var response = await _shop.SendAsync(HttpMethod.Post, "checkout", ShopHost.Checkout(cart));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("payment_provider_unavailable");
        var stock = await _shop.StockAsync("NP-128-BLK");
        (stock.GetProperty("reserved").GetInt32(), stock.GetProperty("available").GetInt32()).ShouldBe((0, 3));
        var open = await (await _shop.SendAsync(HttpMethod.Get, $"carts/{cart}")).Content.ReadFromJsonAsync<JsonElement>();
        open.GetProperty("status").GetString().ShouldBe("active");
        await using var scope = _shop.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Orders.CountAsync()).ShouldBe(0);
    }
}

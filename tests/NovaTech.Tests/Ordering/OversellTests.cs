using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Inventory.Reservations;

namespace NovaTech.Tests.Ordering;

/// <summary>The last units of a SKU, many shoppers at once, one or two nodes on one database: exactly the stock is sold.</summary>
public sealed class OversellTests : IAsyncLifetime
{
    private const int Shoppers = 100;
    private ShopHost _shop = null!;

    public async Task InitializeAsync()
    {
        _shop = await ShopHost.StartAsync();
        _shop.Catalog.Add("LAST-5", 89_999, 700);
        await _shop.WarehouseAsync("LON1");
        await _shop.WarehouseAsync("MAN1");
        await _shop.SetStockAsync("LAST-5", "LON1", 3);
        await _shop.SetStockAsync("LAST-5", "MAN1", 2);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task A_hundred_parallel_checkouts_for_five_units_sell_exactly_five_and_the_numbers_add_up_after_paying_and_expiring()
    {
        var results = await RaceAsync([_shop.Client]);

        var placed = results.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Body).ToList();
        placed.Count.ShouldBe(5);
        var refused = results.Where(r => r.Status != HttpStatusCode.Created).ToList();
        refused.Count.ShouldBe(Shoppers - 5);
        refused.ShouldAllBe(r => r.Status == HttpStatusCode.Conflict && r.Body.GetProperty("code").GetString() == "insufficient_stock"
            && r.Body.GetProperty("sku").GetString() == "LAST-5" && r.Body.GetProperty("detail").GetString()!.Contains("LAST-5"));
        var stock = await _shop.StockAsync("LAST-5");
        (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("available").GetInt32()).ShouldBe((5, 5, 0));

        // Three pay; two never do and their holds expire: three sold, two back on sale.
        foreach (var order in placed.Take(3))
        {
            await _shop.PayAsync(order);
            await _shop.WaitForStatusAsync(order, "Paid");
        }

        _shop.Clock.Advance(TimeSpan.FromMinutes(16));
        (await _shop.Services.GetRequiredService<ReservationExpiryWorker>().ReleaseExpiredAsync()).ShouldBe(2);
        stock = await _shop.StockAsync("LAST-5");
        (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("available").GetInt32()).ShouldBe((2, 0, 2));
        var ledger = await (await _shop.StaffAsync(HttpMethod.Get, "inventory/LAST-5/movements")).Content.ReadFromJsonAsync<JsonElement>();
        ledger.EnumerateArray().Where(m => m.GetProperty("reason").GetString() == "sale").Sum(m => m.GetProperty("delta").GetInt32()).ShouldBe(-3);
    }

    [Fact]
    public async Task Two_nodes_on_one_database_racing_for_five_units_sell_exactly_five()
    {
        var second = _shop.AddNode().CreateClient();

        var results = await RaceAsync([_shop.Client, second]);

        results.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(5);
        results.Count(r => r.Status == HttpStatusCode.Conflict).ShouldBe(Shoppers - 5);
        var stock = await _shop.StockAsync("LAST-5");
        (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("available").GetInt32()).ShouldBe((5, 5, 0));
    }

    private async Task<List<(HttpStatusCode Status, JsonElement Body)>> RaceAsync(HttpClient[] nodes)
    {
        var carts = new List<Guid>();
        for (var i = 0; i < Shoppers; i++)
        {
            carts.Add(await _shop.CartAsync(("LAST-5", 1)));
        }

        using var start = new SemaphoreSlim(0);
        var tasks = carts.Select(async (cart, i) =>
        {
            await start.WaitAsync();
            using var response = await _shop.SendAsync(HttpMethod.Post, "checkout", ShopHost.Checkout(cart, $"shopper{i}@example.test"), client: nodes[i % nodes.Length]);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }).ToList();
        start.Release(Shoppers);
        return [.. await Task.WhenAll(tasks)];
    }
}

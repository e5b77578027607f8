using System.Net;
using System.Text.Json;

namespace Cluster.Tests;

/// <summary>NovaTech on the cluster: the checkout flow through haproxy and the last-units race across every node.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NovaTechClusterTests
{
    private readonly ShopApi _shop = new(ClusterEnvironment.Client(ClusterEnvironment.NovaTech));

    [ClusterFact]
    public async Task A_guest_checks_out_and_pays_through_haproxy_and_the_stock_is_taken()
    {
        var admin = await _shop.AdminAsync();
        var warehouse = await _shop.WarehouseAsync(admin);
        var sku = "CL-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await _shop.ProductAsync(admin, "Cluster Headphones " + sku, [sku]);
        await _shop.SetStockAsync(admin, sku, warehouse, 5);

        var cart = (await _shop.CartAsync(sku)).ShouldNotBeNull();
        var checkout = await NotsApi.JsonAsync(await _shop.CheckoutAsync(cart, Guid.NewGuid().ToString()), HttpStatusCode.Created);
        checkout.GetProperty("status").GetString().ShouldBe("PendingPayment");
        (await _shop.PayAsync(checkout)).ShouldBe(HttpStatusCode.SeeOther);

        await Eventually.ThatAsync(async () => (await _shop.OrderAsync(checkout)).GetProperty("status").GetString() == "Paid", "the order paid");
        await Eventually.ThatAsync(async () => (await _shop.StockAsync(admin, sku)).GetProperty("onHand").GetInt32() == 4, "the stock taken");
        var stock = await _shop.StockAsync(admin, sku);
        (stock.GetProperty("reserved").GetInt32(), stock.GetProperty("available").GetInt32()).ShouldBe((0, 4));
    }

    [ClusterFact]
    public async Task Two_hundred_simultaneous_checkouts_on_every_node_sell_exactly_the_last_fifty_units()
    {
        var admin = await _shop.AdminAsync();
        var north = await _shop.WarehouseAsync(admin);
        var south = await _shop.WarehouseAsync(admin);
        var sku = "LAST-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await _shop.ProductAsync(admin, "Last Fifty " + sku, [sku]);
        await _shop.SetStockAsync(admin, sku, north, 30);
        await _shop.SetStockAsync(admin, sku, south, 20);
        var nodes = ClusterEnvironment.NovaTechNodes.Select(ClusterEnvironment.Client).ToList();
        var carts = new List<Guid>();
        for (var i = 0; i < 200; i++)
        {
            carts.Add((await _shop.CartAsync(sku)).ShouldNotBeNull());
        }

        var results = await Task.WhenAll(carts.Select(async (cart, i) =>
        {
            using var response = await _shop.CheckoutAsync(cart, Guid.NewGuid().ToString(), nodes[i % nodes.Count]);
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Code: response.StatusCode == HttpStatusCode.Conflict ? JsonDocument.Parse(body).RootElement.GetProperty("code").GetString() : null);
        }));

        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(50, string.Join(", ", results.GroupBy(r => (r.StatusCode, r.Code)).Select(g => $"{g.Key}: {g.Count()}")));
        results.Where(r => r.StatusCode != HttpStatusCode.Created).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict && r.Code == "insufficient_stock");
        var stock = await _shop.StockAsync(admin, sku);
        (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("available").GetInt32()).ShouldBe((50, 50, 0));
        var orders = await ClusterEnvironment.ScalarAsync(ClusterEnvironment.NovaTechDatabase,
            $"SELECT count(*) FROM ordering.orders o JOIN ordering.order_lines l ON l.order_id = o.id WHERE l.sku = '{sku}'");
        orders.ShouldBe(50);
        foreach (var node in nodes)
        {
            node.Dispose();
        }
    }
}

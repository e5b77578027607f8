using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NovaTech.Tests.Ordering;

public sealed class CartTests : IAsyncLifetime
{
    private ShopHost _shop = null!;

    public async Task InitializeAsync()
    {
        _shop = await ShopHost.StartAsync();
        _shop.Catalog.Add("NP-128-BLK", 49_999);
        _shop.Catalog.Add("CASE-1", 1_999);
        _shop.Catalog.Add("OLD-1", 999, purchasable: false);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task Items_are_added_updated_and_removed_within_the_quantity_limit()
    {
        var created = await _shop.SendAsync(HttpMethod.Post, "carts");
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("novatech_cart=", StringComparison.Ordinal) && c.Contains("httponly"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        (await _shop.SendAsync(HttpMethod.Post, $"carts/{id}/items", new { sku = "NP-128-BLK", quantity = 2 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _shop.SendAsync(HttpMethod.Post, $"carts/{id}/items", new { sku = "NP-128-BLK", quantity = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _shop.SendAsync(HttpMethod.Post, $"carts/{id}/items", new { sku = "CASE-1", quantity = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var tooMany = await _shop.SendAsync(HttpMethod.Post, $"carts/{id}/items", new { sku = "NP-128-BLK", quantity = 8 });
        tooMany.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("quantity_limit");
        (await _shop.SendAsync(HttpMethod.Put, $"carts/{id}/items/NP-128-BLK", new { quantity = 11 })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await _shop.SendAsync(HttpMethod.Put, $"carts/{id}/items/NP-128-BLK", new { quantity = 5 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _shop.SendAsync(HttpMethod.Delete, $"carts/{id}/items/CASE-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _shop.SendAsync(HttpMethod.Delete, $"carts/{id}/items/CASE-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var cart = await (await _shop.SendAsync(HttpMethod.Get, $"carts/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        var item = cart.GetProperty("items").EnumerateArray().Single();
        (item.GetProperty("sku").GetString(), item.GetProperty("quantity").GetInt32(), item.GetProperty("lineTotalPence").GetInt64()).ShouldBe(("NP-128-BLK", 5, 5 * 49_999L));
        cart.GetProperty("subtotalPence").GetInt64().ShouldBe(5 * 49_999L);
    }

    [Fact]
    public async Task Unknown_and_unsellable_SKUs_are_422_and_an_unknown_cart_is_404()
    {
        var id = await _shop.CartAsync();
        var unknown = await _shop.SendAsync(HttpMethod.Post, $"carts/{id}/items", new { sku = "NOPE-1", quantity = 1 });
        unknown.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        (problem.GetProperty("code").GetString(), problem.GetProperty("sku").GetString()).ShouldBe(("unknown_sku", "NOPE-1"));
        (await _shop.SendAsync(HttpMethod.Post, $"carts/{id}/items", new { sku = "OLD-1", quantity = 1 })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await _shop.SendAsync(HttpMethod.Post, $"carts/{id}/items", new { sku = "CASE-1", quantity = 0 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _shop.SendAsync(HttpMethod.Get, $"carts/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var empty = await _shop.SendAsync(HttpMethod.Post, "checkout", ShopHost.Checkout(id));
        empty.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Signing_in_merges_the_anonymous_cart_into_the_customers_cart()
    {
        var token = await _shop.CustomerTokenAsync("merge@example.test");
        var mine = (await (await _shop.SendAsync(HttpMethod.Post, "carts", token: token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await _shop.SendAsync(HttpMethod.Post, $"carts/{mine}/items", new { sku = "NP-128-BLK", quantity = 1 }, token);
        var anonymous = await _shop.CartAsync(("NP-128-BLK", 2), ("CASE-1", 1));

        var merged = await _shop.SendAsync(HttpMethod.Post, $"carts/{anonymous}/merge", token: token);

        merged.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cart = await merged.Content.ReadFromJsonAsync<JsonElement>();
        cart.GetProperty("id").GetGuid().ShouldBe(mine);
        cart.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("sku").GetString(), i.GetProperty("quantity").GetInt32()))
            .OrderBy(i => i.Item1).ShouldBe([("CASE-1", 1), ("NP-128-BLK", 3)]);
        var old = await _shop.SendAsync(HttpMethod.Post, $"carts/{anonymous}/items", new { sku = "CASE-1", quantity = 1 });
        old.StatusCode.ShouldBe(HttpStatusCode.Conflict, "the anonymous cart was merged away");
        (await _shop.SendAsync(HttpMethod.Post, $"carts/{anonymous}/merge")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

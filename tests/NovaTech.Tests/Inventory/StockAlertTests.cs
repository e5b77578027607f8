using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NovaTech.Tests.Inventory;

/// <summary>Back-in-stock alerts over HTTP: subscribe anonymously, restock, one email each, then done.</summary>
public sealed partial class StockAlertTests : IAsyncLifetime
{
    private ShopHost _shop = null!;
    private Guid _product;

    public async Task InitializeAsync()
    {
        _shop = await ShopHost.StartAsync(new KeyValuePair<string, string?>("Inventory:StockAlertsPerMinute", "6"));
        _product = _shop.Catalog.Add("CAM-Z9", 129_999, 900, variant: "Body only").ProductId;
        _shop.Catalog.Add("CAM-Z8", 99_999, 900);
        await _shop.WarehouseAsync("LON1");
        await _shop.SetStockAsync("CAM-Z9", "LON1", 0);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task Subscribers_are_emailed_once_when_stock_returns_and_an_unsubscribed_one_is_not()
    {
        var first = await SubscribeAsync("CAM-Z9", "Ann@Example.test");
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var alert = await first.Content.ReadFromJsonAsync<JsonElement>();
        alert.GetProperty("email").GetString().ShouldBe("ann@example.test");

        var again = await SubscribeAsync("CAM-Z9", " ann@example.test ");
        again.StatusCode.ShouldBe(HttpStatusCode.OK, "asking twice is the same alert");
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid().ShouldBe(alert.GetProperty("id").GetGuid());

        var bob = await (await SubscribeAsync("CAM-Z9", "bob@example.test")).Content.ReadFromJsonAsync<JsonElement>();
        var unsubscribe = new Uri(bob.GetProperty("unsubscribeUrl").GetString()!).PathAndQuery;
        (await _shop.SendAsync(HttpMethod.Post, unsubscribe)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _shop.SendAsync(HttpMethod.Get, unsubscribe)).StatusCode.ShouldBe(HttpStatusCode.OK, "unsubscribing twice is harmless");
        (await _shop.SendAsync(HttpMethod.Post, "stock-alerts/unsubscribe?token=forged")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        await _shop.SetStockAsync("CAM-Z9", "LON1", 3);
        var mail = await _shop.WaitForEmailAsync("ann@example.test", "is back in stock", "CAM-Z9", "/api/v1/stock-alerts/unsubscribe?token=");

        // The link in the email works, and closing a sent alert is harmless.
        var link = LinkPattern().Match(mail.Text).Value;
        (await _shop.SendAsync(HttpMethod.Get, new Uri(link).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // More stock changes send nothing more: the alert is done.
        await _shop.SetStockAsync("CAM-Z9", "LON1", 0, "count");
        await _shop.SetStockAsync("CAM-Z9", "LON1", 4);
        var newcomer = await SubscribeAsync("CAM-Z8", "carl@example.test");
        newcomer.StatusCode.ShouldBe(HttpStatusCode.NotFound, "CAM-Z8 belongs to another product");
        await _shop.SetStockAsync("CAM-Z9", "LON1", 0, "count");
        (await SubscribeAsync("CAM-Z9", "dee@example.test")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await _shop.SetStockAsync("CAM-Z9", "LON1", 1);
        await _shop.WaitForEmailAsync("dee@example.test", "is back in stock");

        _shop.Emails("ann@example.test").Count.ShouldBe(1);
        _shop.Emails("bob@example.test").ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_the_endpoint_is_rate_limited()
    {
        await _shop.SetStockAsync("CAM-Z9", "LON1", 2);
        var inStock = await SubscribeAsync("CAM-Z9", "eve@example.test");
        inStock.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await inStock.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("sku_in_stock");
        (await SubscribeAsync("CAM-Z9", "not an email")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await SubscribeAsync("NOPE-1", "eve@example.test")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        HttpStatusCode last = default;
        for (var i = 0; i < 8 && last != HttpStatusCode.TooManyRequests; i++)
        {
            last = (await SubscribeAsync("NOPE-1", "eve@example.test")).StatusCode;
        }

        last.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private Task<HttpResponseMessage> SubscribeAsync(string sku, string email) =>
        _shop.SendAsync(HttpMethod.Post, $"products/{_product}/alerts", new { sku, email });

    [GeneratedRegex(@"http\S+/stock-alerts/unsubscribe\?token=\S+")]
    private static partial Regex LinkPattern();
}

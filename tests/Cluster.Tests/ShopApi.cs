using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cluster.Tests;

/// <summary>NovaTech over HTTP: the admin stocks the shop, guests fill carts, check out and pay on the Sandbox page.</summary>
public sealed partial class ShopApi(HttpClient client)
{
    public const string Api = "/api/v1";

    public HttpClient Client => client;

    public async Task<string> AdminAsync()
    {
        var response = await client.PostAsJsonAsync($"{Api}/auth/token", new { email = ClusterEnvironment.NovaTechOwner, password = ClusterEnvironment.Password });
        return (await NotsApi.JsonAsync(response, HttpStatusCode.OK)).GetProperty("accessToken").GetString()!;
    }

    /// <summary>A warehouse with a fresh code (codes are short upper-case strings).</summary>
    public async Task<string> WarehouseAsync(string admin)
    {
        var code = "W" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
        await NotsApi.JsonAsync(await SendAsync(HttpMethod.Post, "warehouses", admin, new { code, name = $"Warehouse {code}", country = "GB" }), HttpStatusCode.Created);
        return code;
    }

    /// <summary>An active product with one variant per SKU (all at <paramref name="pricePence"/>).</summary>
    public async Task ProductAsync(string admin, string name, IEnumerable<string> skus, long pricePence = 19_900)
    {
        await NotsApi.JsonAsync(await SendAsync(HttpMethod.Post, "products", admin, new
        {
            name,
            brand = "Cluster",
            category = "Audio > Headphones",
            description = $"The **{name}**.",
            status = "active",
            specs = new Dictionary<string, object> { ["Colour"] = "Black" },
            variants = skus.Select((sku, i) => new { sku, pricePence, attributes = new Dictionary<string, string> { ["size"] = "S" + i.ToString(CultureInfo.InvariantCulture) } }).ToArray(),
        }), HttpStatusCode.Created);
    }

    public async Task SetStockAsync(string admin, string sku, string warehouse, int onHand) =>
        await NotsApi.JsonAsync(await SendAsync(HttpMethod.Put, $"inventory/{sku}/warehouses/{warehouse}", admin, new { onHand, reason = "receipt" }), HttpStatusCode.OK);

    public async Task<JsonElement> StockAsync(string admin, string sku) =>
        await NotsApi.JsonAsync(await SendAsync(HttpMethod.Get, $"inventory/{sku}", admin), HttpStatusCode.OK);

    /// <summary>A guest's cart holding one unit of <paramref name="sku"/>; null when a step failed (load tests count it).</summary>
    public async Task<Guid?> CartAsync(string sku, HttpClient? via = null)
    {
        using var created = await SendAsync(HttpMethod.Post, "carts", null, via: via);
        if (created.StatusCode != HttpStatusCode.Created)
        {
            return null;
        }

        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var added = await SendAsync(HttpMethod.Post, $"carts/{id}/items", null, new { sku, quantity = 1 }, via);
        return added.StatusCode == HttpStatusCode.OK ? id : null;
    }

    public Task<HttpResponseMessage> CheckoutAsync(Guid cartId, string idempotencyKey, HttpClient? via = null) =>
        SendAsync(HttpMethod.Post, "checkout", null, new
        {
            cartId,
            email = "gail.cluster@example.test",
            shippingAddress = new { name = "Gail Guest", line1 = "10 Downing Street", line2 = (string?)null, city = "London", postcode = "sw1a2aa", country = "GB" },
            shippingMethod = "standard",
        }, via, idempotencyKey);

    /// <summary>Pays on the Sandbox's hosted page with the test card; returns the form's status.</summary>
    public async Task<HttpStatusCode> PayAsync(JsonElement checkout)
    {
        var url = new Uri(checkout.GetProperty("checkoutUrl").GetString()!, UriKind.RelativeOrAbsolute);
        var path = url.IsAbsoluteUri ? url.PathAndQuery : url.OriginalString;
        var page = await client.GetStringAsync(path);
        using var submitted = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["form_token"] = FormToken().Match(page).Groups[1].Value,
            ["card_number"] = "4242 4242 4242 4242",
            ["expiry"] = "12/" + ((DateTime.UtcNow.Year % 100) + 3).ToString(CultureInfo.InvariantCulture),
            ["cvc"] = "123",
        }));
        return submitted.StatusCode;
    }

    public async Task<JsonElement> OrderAsync(JsonElement checkout) =>
        await NotsApi.JsonAsync(await SendAsync(HttpMethod.Get, $"orders/{checkout.GetProperty("orderNumber").GetString()}?token={checkout.GetProperty("orderToken").GetString()}", null), HttpStatusCode.OK);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null, HttpClient? via = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith('/') ? path : $"{Api}/{path}");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await (via ?? client).SendAsync(request);
    }

    [GeneratedRegex("name=\"form_token\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Ordering;
using NovaTech.Web;
using Platform.Identity;
using Platform.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The real NovaTech host on a real Kestrel port (a browser cannot reach the in-memory TestServer), on its own database
/// from Platform.Testing, with a merchant, a warehouse and a few televisions in stock.
/// </summary>
internal sealed class StorefrontHost : IAsyncDisposable
{
    private const string Password = "a long merchant password";
    private readonly ProductFactory<Program> _factory;
    private string _merchantToken = "";

    private StorefrontHost(ProductFactory<Program> factory, string baseUrl)
    {
        _factory = factory;
        BaseUrl = baseUrl;
        Api = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }

    public HttpClient Api { get; }

    public IServiceProvider Services => _factory.Services;

    public static async Task<StorefrontHost> StartAsync()
    {
        var factory = await ProductFactory<Program>.CreateAsync("NovaTech",
            new("Identity:RequireStaffMfa", "false"),
            new("Payments:Sandbox:PollInterval", "00:00:00.100"),
            new("Messaging:PollInterval", "00:00:00.100"));
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new StorefrontHost(factory, address.TrimEnd('/'));
        await host.SeedAsync();
        return host;
    }

    private async Task SeedAsync()
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync("mona@merchant.test", Password, "Mona", "merchant");
        }

        var token = await Api.PostAsJsonAsync("/api/v1/auth/token", new { email = "mona@merchant.test", password = Password });
        token.StatusCode.ShouldBe(HttpStatusCode.OK, await token.Content.ReadAsStringAsync());
        _merchantToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        await MerchantAsync(HttpMethod.Post, "/api/v1/warehouses", new { code = "LON1", name = "London", country = "GB" });

        await ProductAsync("Zentra Vision 55\" 4K OLED TV", "Zentra", [("ZEN55-BLK", "Black", 79_900), ("ZEN55-SLV", "Silver", 84_900)], "55 in");
        await ProductAsync("Zentra Vision 77\" 4K OLED TV", "Zentra", [("ZEN77-BLK", "Black", 249_900)], "77 in");
        await ProductAsync("Orbix Lumen 50\" 4K LED TV", "Orbix", [("ORB50-BLK", "Black", 44_900)], "50 in");

        // The search index follows the catalog and stock through the outbox: wait until it shows all three in stock.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var search = await Api.GetFromJsonAsync<JsonElement>("/api/v1/search?category=televisions&inStock=true");
            if (search.GetProperty("total").GetInt64() == 3)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The search index did not catch up with the seeded televisions.");
    }

    private async Task ProductAsync(string name, string brand, (string Sku, string Colour, long Price)[] variants, string size)
    {
        await MerchantAsync(HttpMethod.Post, "/api/v1/products", new
        {
            name,
            brand,
            category = "TV & Video > Televisions",
            description = $"## {name}\n\nA {size} television with a bright, accurate picture.",
            status = "active",
            specs = new Dictionary<string, object> { ["Screen size"] = size, ["Panel type"] = name.Contains("OLED", StringComparison.Ordinal) ? "OLED" : "LED" },
            variants = variants.Select(v => new { sku = v.Sku, pricePence = v.Price, attributes = new Dictionary<string, string> { ["colour"] = v.Colour }, weightGrams = 18_000 }).ToList(),
        });
        foreach (var variant in variants)
        {
            await MerchantAsync(HttpMethod.Put, $"/api/v1/inventory/{variant.Sku}/warehouses/LON1", new { onHand = 5, reason = "receipt" });
        }
    }

    /// <summary>The merchant ships every line of a paid order through the API (MerchantJourneyTests ships through the console).</summary>
    public async Task ShipAsync(string orderNumber)
    {
        OrderForFulfilment? order;
        await using (var scope = Services.CreateAsyncScope())
        {
            order = await scope.ServiceProvider.GetRequiredService<IOrderLookup>().FindForFulfilmentAsync(orderNumber);
        }

        order.ShouldNotBeNull();
        await MerchantAsync(HttpMethod.Post, $"/api/v1/orders/{orderNumber}/shipments", new
        {
            warehouse = "LON1",
            carrier = "dpd",
            trackingNumber = "DPD" + orderNumber.Replace("-", "", StringComparison.Ordinal),
            lines = order.Lines.Select(l => new { lineId = l.LineId, quantity = l.Quantity }).ToList(),
        });
    }

    private async Task MerchantAsync(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _merchantToken);
        using var response = await Api.SendAsync(request);
        ((int)response.StatusCode).ShouldBeLessThan(300, $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _factory.DisposeAsync();
    }
}

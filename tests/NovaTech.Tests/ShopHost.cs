using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Catalog;
using NovaTech.Web;
using Platform.Identity;
using Platform.Payments.Sandbox;
using Platform.Payments.Webhooks;
using Platform.Testing;

namespace NovaTech.Tests;

/// <summary>
/// The real NovaTech host on its own database, with what a test needs around it: a manual clock, a small catalog
/// (<see cref="TestCatalog"/>, so ordering tests need not create products; <c>realCatalog</c> uses NovaTech.Catalog), a
/// Sandbox webhook sender that posts into the in-memory server, the .eml pickup folder, and helpers for staff tokens,
/// stock, carts, checkout, paying on the hosted page, shipping and signed carrier events.
/// </summary>
internal sealed partial class ShopHost : IAsyncDisposable
{
    public const string Api = "/api/v1";
    public const string CarrierSecret = "cwh_test_secret_for_the_shop";
    private const string StaffPassword = "a long merchant password";
    private readonly ProductFactory<Program> _factory;
    private readonly List<WebApplicationFactory<Program>> _nodes = [];
    private string? _staffToken;

    private readonly bool _realCatalog;

    private ShopHost(ProductFactory<Program> factory, bool realCatalog)
    {
        _factory = factory;
        _realCatalog = realCatalog;
        MailDirectory = Path.Combine(factory.Database.ScratchDirectory, "mail");
        Client = AddNode().CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 5, 4, 9, 0, 0, TimeSpan.Zero));

    public TestCatalog Catalog { get; } = new();

    public WebhookTap Webhooks { get; } = new();

    public HttpClient Client { get; }

    /// <summary>Where the host writes emails (.eml pickup folder).</summary>
    public string MailDirectory { get; }

    public IServiceProvider Services => _nodes[0].Services;

    /// <summary>A client of the first node with its own cookie jar that does not follow redirects, like one browser.</summary>
    public HttpClient NewBrowserClient() => _nodes[0].CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static Task<ShopHost> StartAsync(params KeyValuePair<string, string?>[] settings) => StartAsync(false, settings);

    /// <summary>Starts the shop; with <paramref name="realCatalog"/> NovaTech.Catalog answers instead of <see cref="TestCatalog"/>.</summary>
    public static async Task<ShopHost> StartAsync(bool realCatalog, params KeyValuePair<string, string?>[] settings)
    {
        var factory = await ProductFactory<Program>.CreateAsync("NovaTech",
            [
                new("Identity:RequireStaffMfa", "false"),
                new("Identity:AccessTokenMinutes", "600"),
                new("Inventory:ExpiryWorker", "false"),
                new("Payments:Sandbox:PollInterval", "00:00:00.050"),
                new("Messaging:PollInterval", "00:00:00.200"),
                new("Fulfillment:CarrierWebhookSecret", CarrierSecret),
                new("Search:ResultCacheSeconds", "0"),
                .. settings,
            ]);
        return new ShopHost(factory, realCatalog);
    }

    /// <summary>Another node of the same shop: its own host and DI container on the same database.</summary>
    public WebApplicationFactory<Program> AddNode()
    {
        var node = _factory.WithWebHostBuilder(builder => builder.UseSetting("Email:PickupDirectory", MailDirectory).ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            if (!_realCatalog)
            {
                services.AddSingleton<ICatalogLookup>(Catalog);
            }

            services.AddSingleton(Webhooks);
            services.AddSingleton<IWebhookSender, TestServerWebhookSender>();
        }));
        _nodes.Add(node);
        return node;
    }

    public async Task<string> StaffTokenAsync()
    {
        if (_staffToken is not null)
        {
            return _staffToken;
        }

        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync("merchant@novatech.test", StaffPassword, "Mo Merchant", "merchant");
        }

        var response = await Client.PostAsJsonAsync($"{Api}/auth/token", new { email = "merchant@novatech.test", password = StaffPassword });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return _staffToken = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public async Task<string> CustomerTokenAsync(string email)
    {
        (await Client.PostAsJsonAsync($"{Api}/auth/register", new { email, password = "a customer password", name = "Cas Customer" })).EnsureSuccessStatusCode();
        var response = await Client.PostAsJsonAsync($"{Api}/auth/token", new { email, password = "a customer password" });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? token = null, string? idempotencyKey = null, HttpClient? client = null)
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

        return await (client ?? Client).SendAsync(request);
    }

    public async Task<HttpResponseMessage> StaffAsync(HttpMethod method, string path, object? body = null) =>
        await SendAsync(method, path, body, await StaffTokenAsync());

    public async Task WarehouseAsync(string code, string country = "GB")
    {
        var response = await StaffAsync(HttpMethod.Post, "warehouses", new { code, name = $"Warehouse {code}", country });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> SetStockAsync(string sku, string warehouse, int onHand, string reason = "receipt")
    {
        var response = await StaffAsync(HttpMethod.Put, $"inventory/{sku}/warehouses/{warehouse}", new { onHand, reason });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> StockAsync(string sku)
    {
        var response = await StaffAsync(HttpMethod.Get, $"inventory/{sku}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<Guid> CartAsync(params (string Sku, int Quantity)[] items)
    {
        var created = await SendAsync(HttpMethod.Post, "carts");
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (sku, quantity) in items)
        {
            var added = await SendAsync(HttpMethod.Post, $"carts/{id}/items", new { sku, quantity });
            added.StatusCode.ShouldBe(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        }

        return id;
    }

    public static object Checkout(Guid cartId, string email = "guest@example.test", string method = "standard", object? address = null) => new
    {
        cartId,
        email,
        shippingAddress = address ?? new { name = "Gail Guest", line1 = "10 Downing Street", line2 = (string?)null, city = "London", postcode = "sw1a2aa", country = "GB" },
        shippingMethod = method,
    };

    public async Task<JsonElement> CheckoutAsync(Guid cartId, string? idempotencyKey = null, string? token = null)
    {
        var response = await SendAsync(HttpMethod.Post, "checkout", Checkout(cartId), token, idempotencyKey);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Pays on the Sandbox's hosted page like a browser without JavaScript.</summary>
    public async Task PayAsync(JsonElement checkout, string card = "4242 4242 4242 4242")
    {
        var url = checkout.GetProperty("checkoutUrl").GetString()!;
        var page = await Client.GetStringAsync(url);
        var token = FormToken().Match(page).Groups[1].Value;
        using var submitted = await Client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["form_token"] = token,
            ["card_number"] = card,
            ["expiry"] = "12/30",
            ["cvc"] = "123",
        }));
        ((int)submitted.StatusCode).ShouldBeOneOf(303, 200, 422);
    }

    public async Task<JsonElement> OrderAsync(JsonElement checkout)
    {
        var response = await SendAsync(HttpMethod.Get, $"orders/{checkout.GetProperty("orderNumber").GetString()}?token={checkout.GetProperty("orderToken").GetString()}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits (bounded, not timed) for the Sandbox worker's webhook to move the order to <paramref name="status"/>.</summary>
    public Task<JsonElement> WaitForStatusAsync(JsonElement checkout, string status) =>
        WaitForAsync(checkout, o => o.GetProperty("status").GetString() == status, status);

    /// <summary>Waits (bounded, not timed) until the order satisfies <paramref name="done"/>.</summary>
    public async Task<JsonElement> WaitForAsync(JsonElement checkout, Func<JsonElement, bool> done, string what)
    {
        JsonElement order = default;
        for (var i = 0; i < 400; i++)
        {
            order = await OrderAsync(checkout);
            if (done(order))
            {
                return order;
            }

            await Task.Delay(25);
        }

        throw new ShouldAssertException($"Order {checkout.GetProperty("orderNumber")} never became {what}; last seen {order}.");
    }

    /// <summary>Posts a carrier tracking event signed with the shop's carrier secret.</summary>
    public Task<HttpResponseMessage> PostCarrierEventAsync(string trackingNumber, string status, DateTimeOffset occurredAt, string carrier = "dpd")
    {
        var body = JsonSerializer.Serialize(new
        {
            eventId = Guid.NewGuid().ToString("N"),
            trackingNumber,
            carrier,
            status,
            occurredAt,
            description = $"Carrier says {status.Replace('_', ' ')}",
        });
        var request = new HttpRequestMessage(HttpMethod.Post, Api + "/webhooks/carrier")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Carrier-Signature", StripeWebhookSignature.Sign(body, CarrierSecret, Clock.GetUtcNow()));
        return Client.SendAsync(request);
    }

    /// <summary>Ships lines of an order (staff) and returns the created shipment.</summary>
    public async Task<JsonElement> ShipAsync(string orderNumber, string trackingNumber, params (Guid LineId, int Quantity)[] lines)
    {
        var response = await StaffAsync(HttpMethod.Post, $"orders/{orderNumber}/shipments", new
        {
            warehouse = "MAN1",
            carrier = "dpd",
            trackingNumber,
            lines = lines.Select(l => new { lineId = l.LineId, quantity = l.Quantity }).ToArray(),
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits (bounded, not timed) until an email to <paramref name="to"/> contains every fragment in its subject or text.</summary>
    public async Task<(string Subject, string Text)> WaitForEmailAsync(string to, params string[] fragments)
    {
        for (var i = 0; i < 300; i++)
        {
            var found = Emails(to).FirstOrDefault(m => fragments.All(f => (m.Subject + "\n" + m.Text).Contains(f, StringComparison.Ordinal)));
            if (found.Subject is not null)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"No email to {to} contains all of: {string.Join(" | ", fragments)}; got: {string.Join(" / ", Emails(to).Select(m => m.Subject))}");
    }

    /// <summary>Every email to <paramref name="to"/> in the pickup folder.</summary>
    public List<(string Subject, string Text)> Emails(string to) => !Directory.Exists(MailDirectory) ? []
        : [.. Directory.GetFiles(MailDirectory, "*.eml")
            .Select(ReadMail)
            .OfType<MimePart>()
            .Where(m => m.Header("To").Contains(to, StringComparison.OrdinalIgnoreCase))
            .Select(m => (m.Header("Subject"), string.Join("\n", m.Leaves().Where(p => p.ContentType.MediaType == "text/plain").Select(p => p.Text))))];

    // A file the sender is still writing does not parse yet; the next look will see it whole.
    public static MimePart? ReadMail(string path)
    {
        try
        {
            return MimePart.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is FormatException or IOException or KeyNotFoundException)
        {
            return null;
        }
    }

    [GeneratedRegex("name=\"form_token\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _factory.DisposeAsync();
    }
}

/// <summary>A catalog with the SKUs a test defines (prices can change mid-test).</summary>
internal sealed class TestCatalog : ICatalogLookup
{
    private readonly ConcurrentDictionary<string, SkuInfo> _skus = new(StringComparer.Ordinal);

    public SkuInfo Add(string sku, long pricePence = 19_999, int weightGrams = 500, bool purchasable = true, int vatBasisPoints = 2000, string variant = "Black, 128 GB")
    {
        var info = new SkuInfo(sku, Guid.NewGuid(), "Nova Phone " + sku, variant, pricePence, vatBasisPoints, weightGrams, purchasable, "nova-phone");
        _skus[sku] = info;
        return info;
    }

    public void ChangePrice(string sku, long pricePence) => _skus[sku] = _skus[sku] with { PricePence = pricePence };

    public Task<IReadOnlyDictionary<string, SkuInfo>> GetSkusAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, SkuInfo>>(skus.Where(_skus.ContainsKey).Distinct().ToDictionary(s => s, s => _skus[s], StringComparer.Ordinal));
}

/// <summary>Every webhook the Sandbox delivered, so tests can replay or forge one.</summary>
internal sealed class WebhookTap
{
    private readonly ConcurrentQueue<(WebhookDelivery Delivery, int Status)> _sent = new();

    public IReadOnlyList<(WebhookDelivery Delivery, int Status)> Sent => _sent.ToList();

    public void Record(WebhookDelivery delivery, int status) => _sent.Enqueue((delivery, status));

    public async Task<WebhookDelivery> WaitForAsync(string type, string orderNumber)
    {
        for (var i = 0; i < 400; i++)
        {
            var match = _sent.FirstOrDefault(s => s.Delivery.Payload.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal)
                && s.Delivery.Payload.Contains(orderNumber, StringComparison.Ordinal));
            if (match.Delivery is not null)
            {
                return match.Delivery;
            }

            await Task.Delay(25);
        }

        throw new ShouldAssertException($"No {type} webhook for {orderNumber} was delivered.");
    }
}

/// <summary>Delivers the Sandbox's webhooks into this node's in-memory server (TestServer has no socket to call).</summary>
internal sealed class TestServerWebhookSender(IServiceProvider services, WebhookTap tap) : IWebhookSender
{
    public async Task<WebhookDeliveryResult> SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var server = (TestServer)services.GetRequiredService<IServer>();
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target.PathAndQuery)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(StripeWebhookSignature.HeaderName, delivery.SignatureHeader);
        using var response = await client.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        tap.Record(delivery, status);
        return new WebhookDeliveryResult(response.IsSuccessStatusCode, status, response.IsSuccessStatusCode ? null : $"HTTP {status}");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Web;
using Platform.Identity;
using Platform.Testing;

namespace NovaTech.Tests.Catalog;

/// <summary>
/// The real NovaTech host on its own database, with two merchants, an admin and a customer signed in. Staff MFA is
/// off for these tests (Identity:RequireStaffMfa=false); the host conformance tests cover MFA itself.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private const string Password = "a long enough test password";

    private ApiHost(ProductFactory<Program> factory)
    {
        Factory = factory;
        Client = factory.CreateClient();
    }

    public ProductFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public string Merchant { get; private set; } = "";

    public Guid MerchantId { get; private set; }

    public string OtherMerchant { get; private set; } = "";

    public string Admin { get; private set; } = "";

    public string Customer { get; private set; } = "";

    /// <summary>Starts the host; search answers are not cached unless <paramref name="settings"/> say so.</summary>
    public static async Task<ApiHost> StartAsync(params KeyValuePair<string, string?>[] settings)
    {
        var factory = await ProductFactory<Program>.CreateAsync("NovaTech",
            [
                new("Identity:RequireStaffMfa", "false"),
                new("Messaging:PollInterval", "00:00:00.100"),
                new("Messaging:RetryBaseDelay", "00:00:00.100"),
                new("Search:ResultCacheSeconds", "0"),
                .. settings,
            ]);
        var host = new ApiHost(factory);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccounts>();
            host.MerchantId = await accounts.EnsureAsync("mona@merchant.test", Password, "Mona", "merchant");
            await accounts.EnsureAsync("otto@merchant.test", Password, "Otto", "merchant");
            await accounts.EnsureAsync("ada@admin.test", Password, "Ada", "admin");
        }

        host.Merchant = await host.TokenAsync("mona@merchant.test");
        host.OtherMerchant = await host.TokenAsync("otto@merchant.test");
        host.Admin = await host.TokenAsync("ada@admin.test");
        (await host.Client.PostAsJsonAsync("/api/v1/auth/register", new { email = "cid@customer.test", password = Password, name = "Cid" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        host.Customer = await host.TokenAsync("cid@customer.test");
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }

        return Client.SendAsync(request);
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, string? token = null, object? body = null, HttpStatusCode expected = HttpStatusCode.OK, string? ifMatch = null)
    {
        using var response = await SendAsync(method, path, token, body, ifMatch);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> GetAsync(string path, string? token = null, HttpStatusCode expected = HttpStatusCode.OK) => JsonAsync(HttpMethod.Get, path, token, null, expected);

    /// <summary>Creates a product as a merchant; returns the 201 body.</summary>
    public Task<JsonElement> CreateProductAsync(object product, string? token = null) =>
        JsonAsync(HttpMethod.Post, "/api/v1/products", token ?? Merchant, product, HttpStatusCode.Created);

    /// <summary>A product request with one variant; override what the test cares about.</summary>
    public static Dictionary<string, object?> Product(string name, string brand = "Acme", string category = "Gadgets", long price = 9999, string status = "active", string? sku = null, string? description = null) => new()
    {
        ["name"] = name,
        ["brand"] = brand,
        ["category"] = category,
        ["description"] = description ?? $"The {name}.",
        ["status"] = status,
        ["specs"] = new Dictionary<string, object> { ["Weight"] = "1.2 kg" },
        ["variants"] = new[] { new { sku = sku ?? "SKU-" + Guid.NewGuid().ToString("N")[..12], pricePence = price, attributes = new Dictionary<string, string> { ["colour"] = "Black" } } },
    };

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }

    private async Task<string> TokenAsync(string email)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = Password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}

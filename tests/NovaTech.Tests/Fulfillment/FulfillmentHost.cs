using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Ordering;
using NovaTech.Fulfillment.Data;
using NovaTech.Web;
using Platform.Identity;
using Platform.Messaging;
using Platform.Payments.Webhooks;
using Platform.Testing;

namespace NovaTech.Tests.Fulfillment;

/// <summary>
/// The real NovaTech host on its own database, with orders from <see cref="TestOrders"/> standing in for
/// NovaTech.Ordering (the lead wires the real IOrderLookup after merging).
/// </summary>
internal sealed class FulfillmentHost : IAsyncDisposable
{
    public const string Api = "/api/v1";
    public const string WebhookSecret = "cwh_test_secret_for_fulfilment";
    private const string StaffPassword = "a staff password long enough";
    private readonly ProductFactory<Program> _factory;
    private readonly WebApplicationFactory<Program> _app;

    private FulfillmentHost(ProductFactory<Program> factory, TestOrders orders, string mailDirectory, bool configureSecret)
    {
        _factory = factory;
        Orders = orders;
        MailDirectory = mailDirectory;
        _app = factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Email:PickupDirectory", mailDirectory);
            if (configureSecret)
            {
                builder.UseSetting("Fulfillment:CarrierWebhookSecret", WebhookSecret);
            }

            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IOrderLookup>(orders);
                services.AddSingleton<IOrderTokens>(orders);
            });
        });
        Client = _app.CreateClient();
    }

    public TestOrders Orders { get; }

    public string MailDirectory { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<FulfillmentHost> StartAsync(bool configureSecret = true)
    {
        var factory = await ProductFactory<Program>.CreateAsync("NovaTech", new KeyValuePair<string, string?>("Identity:RequireStaffMfa", "false"));
        var mail = Path.Combine(factory.Database.ScratchDirectory, "mail");
        return new FulfillmentHost(factory, new TestOrders(), mail, configureSecret);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    /// <summary>A bearer token for a new account with <paramref name="role"/> (staff without MFA in these tests).</summary>
    public async Task<string> TokenForRoleAsync(string role, string? email = null)
    {
        email ??= $"{role}.{Guid.NewGuid():N}@novatech.test";
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, StaffPassword, role, role);
        }

        return await TokenAsync(email, StaffPassword);
    }

    /// <summary>A customer who registered themselves.</summary>
    public async Task<string> CustomerTokenAsync(string email)
    {
        var registered = await Client.PostAsJsonAsync($"{Api}/auth/register", new { email, password = StaffPassword, name = "Cat Customer" });
        registered.IsSuccessStatusCode.ShouldBeTrue(await registered.Content.ReadAsStringAsync());
        return await TokenAsync(email, StaffPassword);
    }

    private async Task<string> TokenAsync(string email, string password)
    {
        var response = await Client.PostAsJsonAsync($"{Api}/auth/token", new { email, password });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, Api + path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> ShipAsync(string token, string orderNumber, string trackingNumber, params (Guid LineId, int Quantity)[] lines) =>
        SendAsync(HttpMethod.Post, $"/orders/{orderNumber}/shipments", token, new
        {
            warehouse = "MAN1",
            carrier = "dpd",
            trackingNumber,
            lines = lines.Select(l => new { lineId = l.LineId, quantity = l.Quantity }).ToArray(),
        });

    /// <summary>Posts a carrier event signed as the carrier would (or with <paramref name="secret"/>).</summary>
    public Task<HttpResponseMessage> PostCarrierEventAsync(string trackingNumber, string status, DateTimeOffset occurredAt,
        string? eventId = null, string carrier = "dpd", string? secret = null, DateTimeOffset? signedAt = null)
    {
        var body = JsonSerializer.Serialize(new
        {
            eventId = eventId ?? Guid.NewGuid().ToString("N"),
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
        request.Headers.Add("Carrier-Signature", StripeWebhookSignature.Sign(body, secret ?? WebhookSecret, signedAt ?? DateTimeOffset.UtcNow));
        return Client.SendAsync(request);
    }

    /// <summary>The integration events fulfilment wrote to its outbox, of one type, oldest first.</summary>
    public async Task<List<JsonElement>> OutboxAsync(string messageType)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FulfillmentDbContext>();
        var payloads = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == messageType)
            .Select(m => new { m.Id, m.Payload })
            .ToListAsync();
        return [.. payloads.OrderBy(p => p.Id).Select(p => JsonDocument.Parse(p.Payload).RootElement.Clone())];
    }

    /// <summary>Waits (bounded) until the pickup folder holds an email to <paramref name="to"/> whose subject and text contain every fragment.</summary>
    public async Task<ReceivedEmail> WaitForEmailAsync(string to, params string[] fragments)
    {
        for (var i = 0; i < 300; i++)
        {
            var found = Emails(to).FirstOrDefault(m => fragments.All(f => (m.Subject + "\n" + m.Text).Contains(f, StringComparison.Ordinal)));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new ShouldAssertException($"No email to {to} in {MailDirectory} contains all of: {string.Join(" | ", fragments)}");
    }

    /// <summary>Every email to <paramref name="to"/> in the pickup folder.</summary>
    public List<ReceivedEmail> Emails(string to) => !Directory.Exists(MailDirectory) ? []
        : [.. Directory.GetFiles(MailDirectory, "*.eml")
            .Select(ShopHost.ReadMail)
            .OfType<MimePart>()
            .Where(m => m.Header("To").Contains(to, StringComparison.OrdinalIgnoreCase))
            .Select(m => new ReceivedEmail(m.Header("Subject"), string.Join("\n", m.Leaves().Where(p => p.ContentType.MediaType == "text/plain").Select(p => p.Text))))];
}

internal sealed record ReceivedEmail(string Subject, string Text);

/// <summary>Orders the test defines; stands in for NovaTech.Ordering's IOrderLookup and IOrderTokens.</summary>
internal sealed class TestOrders : IOrderLookup, IOrderTokens
{
    private readonly ConcurrentDictionary<string, (OrderForFulfilment Order, string Token)> _orders = new(StringComparer.Ordinal);

    public (OrderForFulfilment Order, string Token) Add(string status = "Paid", string? email = null, string? phone = null, params (string Sku, int Quantity)[] lines)
    {
        var number = "NT-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var order = new OrderForFulfilment(
            number,
            status,
            email ?? $"buyer.{Guid.NewGuid():N}@example.test",
            phone,
            new ShippingAddressSnapshot("Ada Lovelace", "12 Analytical Row", null, "Manchester", "M1 1AA", "GB"),
            "standard",
            [.. (lines.Length == 0 ? [("PHONE-X1", 2), ("CASE-X1", 1)] : lines)
                .Select(l => new OrderLineForFulfilment(Guid.NewGuid(), l.Sku, "Item " + l.Sku, l.Quantity, 0, "MAN1"))]);
        var token = Guid.NewGuid().ToString("N");
        _orders[number] = (order, token);
        return (order, token);
    }

    public void Replace(OrderForFulfilment order) => _orders.AddOrUpdate(order.OrderNumber, _ => (order, ""), (_, existing) => (order, existing.Token));

    public Task<OrderForFulfilment?> FindForFulfilmentAsync(string orderNumber, CancellationToken cancellationToken = default) =>
        Task.FromResult(_orders.TryGetValue(orderNumber, out var entry) ? entry.Order : null);

    public Task<bool> IsOrderTokenValidAsync(string orderNumber, string token, CancellationToken cancellationToken = default) =>
        Task.FromResult(_orders.TryGetValue(orderNumber, out var entry) && entry.Token == token);
}

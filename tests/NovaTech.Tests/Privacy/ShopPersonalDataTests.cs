using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Fulfillment.Data;
using NovaTech.Inventory.Data;
using NovaTech.Ordering.Data;
using Platform.Identity;
using Platform.Privacy;

namespace NovaTech.Tests.Privacy;

/// <summary>
/// A shopper's data across ordering, fulfilment and back-in-stock alerts: exported as theirs only, erased except for what
/// accounting keeps, and only once nothing is still on its way.
/// </summary>
public sealed class ShopPersonalDataTests : IAsyncLifetime
{
    private const string Password = "a customer password";
    private ShopHost _shop = null!;
    private Guid _product;

    public async Task InitializeAsync()
    {
        _shop = await ShopHost.StartAsync(
            new KeyValuePair<string, string?>("RateLimiting:AuthPermitsPerMinute", "1000"),
            new KeyValuePair<string, string?>("Privacy:PollInterval", "00:00:00.200"));
        _shop.Catalog.Add("HDMI-2", 1_499, 100, variant: "2 m");
        _product = _shop.Catalog.Add("CAM-Z9", 129_999, 900, variant: "Body only").ProductId;
        await _shop.WarehouseAsync("MAN1");
        await _shop.SetStockAsync("HDMI-2", "MAN1", 50);
        await _shop.SetStockAsync("CAM-Z9", "MAN1", 0);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task A_shoppers_orders_shipments_and_alerts_are_exported_as_theirs_then_erased_keeping_the_accounting_record()
    {
        var ann = await RegisterAsync("Ann Shopper");
        var bob = await RegisterAsync("Bob Shopper");
        await ConfirmEmailAsync(ann);

        var signedIn = await OrderAsync(ann.Email, ann.Token, paid: true);
        var guest = await OrderAsync(ann.Email, token: null, paid: false);
        var bobs = await OrderAsync(bob.Email, bob.Token, paid: true);
        (await Subscribe(ann.Email)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Subscribe(bob.Email)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var address = new { name = "Ann Shopper", line1 = "1 Quay Street", city = "Poole", postcode = "BH15 1HJ", country = "GB" };
        (await _shop.SendAsync(HttpMethod.Post, "addresses", address, ann.Token)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _shop.SendAsync(HttpMethod.Post, "addresses", address, bob.Token)).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Paid but not delivered: the parcel still needs the address, so erasure waits.
        var blocked = await _shop.SendAsync(HttpMethod.Post, "auth/me/erasure", token: ann.Token);
        blocked.StatusCode.ShouldBe(HttpStatusCode.Conflict, await blocked.Content.ReadAsStringAsync());
        (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("erasure_blocked");

        await ShipAndDeliverAsync(signedIn, "DPD0000000101");
        await ShipAndDeliverAsync(bobs, "DPD0000000102");

        var export = await ExportAsync(ann);
        var sections = export.GetProperty("sections");
        Numbers(sections.GetProperty("orders").GetProperty("orders")).ShouldBe([Number(signedIn), Number(guest)], ignoreOrder: true);
        sections.GetProperty("shipments").GetProperty("shipments").EnumerateArray().Select(s => s.GetProperty("trackingNumber").GetString())
            .ShouldBe(["DPD0000000101"]);
        sections.GetProperty("stock-alerts").GetProperty("alerts").GetArrayLength().ShouldBe(1);
        sections.GetProperty("orders").GetProperty("savedAddresses").EnumerateArray().Single().GetProperty("line1").GetString().ShouldBe("1 Quay Street");
        export.ToString().ShouldNotContain(bob.Email, Case.Insensitive);
        export.ToString().ShouldNotContain(Number(bobs));

        var accepted = await _shop.SendAsync(HttpMethod.Post, "auth/me/erasure", token: ann.Token);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var done = await WaitForErasureAsync(ann, id);
        done.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("source").GetString())
            .ShouldBe(["notifications", "orders", "shipments", "stock-alerts"]);

        await using (var scope = _shop.Services.CreateAsyncScope())
        {
            var ordering = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
            var order = await ordering.Orders.AsNoTracking().SingleAsync(o => o.Number == Number(signedIn));
            order.Email.ShouldBe(Erased.Email);
            order.ShippingAddress.Name.ShouldBe(Erased.Name);
            order.ShippingAddress.Line1.ShouldBe("");
            order.ShippingAddress.Postcode.ShouldBe("");
            order.ShippingAddress.Country.ShouldBe("GB", "the delivery country decides the VAT and is kept");
            order.TotalPence.ShouldBe(signedIn.GetProperty("totalPence").GetInt64());
            order.VatPence.ShouldBeGreaterThan(0);
            (await ordering.Orders.AsNoTracking().SingleAsync(o => o.Number == Number(guest))).Email.ShouldBe(Erased.Email);
            (await ordering.Orders.AsNoTracking().SingleAsync(o => o.Number == Number(bobs))).Email.ShouldBe(bob.Email);
            (await ordering.SavedAddresses.AsNoTracking().Select(a => a.CustomerId).ToListAsync()).ShouldBe([bob.Id], "Ann's saved address is deleted, Bob's stays");

            var shipments = await scope.ServiceProvider.GetRequiredService<FulfillmentDbContext>().Shipments.AsNoTracking().ToListAsync();
            var annShipment = shipments.Single(s => s.TrackingNumber == "DPD0000000101");
            annShipment.Recipient.Email.ShouldBe(Erased.Email);
            annShipment.Recipient.Name.ShouldBe(Erased.Name);
            shipments.Single(s => s.TrackingNumber == "DPD0000000102").Recipient.Email.ShouldBe(bob.Email);

            var alerts = await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().StockAlerts.AsNoTracking().Select(a => a.Email).ToListAsync();
            alerts.ShouldNotContain(ann.Email.ToLowerInvariant());
            alerts.ShouldContain(bob.Email.ToLowerInvariant());
        }

        var signIn = await _shop.SendAsync(HttpMethod.Post, "auth/token", new { email = ann.Email, password = Password });
        signIn.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Personal_data_endpoints_refuse_anonymous_callers()
    {
        (await _shop.SendAsync(HttpMethod.Get, "auth/me/data")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _shop.SendAsync(HttpMethod.Post, "auth/me/erasure")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _shop.SendAsync(HttpMethod.Get, $"auth/me/erasure/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _shop.SendAsync(HttpMethod.Get, "admin/erasure-requests")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _shop.StaffAsync(HttpMethod.Get, "admin/erasure-requests")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private sealed record Shopper(string Email, string Token, Guid Id);

    private async Task<Shopper> RegisterAsync(string name)
    {
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}.{Guid.NewGuid():N}@example.test";
        (await _shop.SendAsync(HttpMethod.Post, "auth/register", new { email, password = Password, name })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var token = await SignInAsync(email);
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload += new string('=', (4 - (payload.Length % 4)) % 4);
        var sub = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetGuid();
        return new Shopper(email, token, sub);
    }

    private async Task<string> SignInAsync(string email)
    {
        var response = await _shop.SendAsync(HttpMethod.Post, "auth/token", new { email, password = Password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private async Task ConfirmEmailAsync(Shopper shopper)
    {
        string token;
        await using (var scope = _shop.Services.CreateAsyncScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<IAccounts>().CreatePasswordResetTokenAsync(shopper.Id);
        }

        (await _shop.SendAsync(HttpMethod.Post, "auth/password/reset", new { email = shopper.Email, token, newPassword = Password }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private async Task<JsonElement> OrderAsync(string email, string? token, bool paid)
    {
        var cart = await _shop.CartAsync(("HDMI-2", 1));
        var response = await _shop.SendAsync(HttpMethod.Post, "checkout", ShopHost.Checkout(cart, email), token);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var checkout = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        if (paid)
        {
            await _shop.PayAsync(checkout);
            await _shop.WaitForStatusAsync(checkout, "Paid");
        }

        return checkout;
    }

    private async Task ShipAndDeliverAsync(JsonElement checkout, string tracking)
    {
        var line = (await _shop.OrderAsync(checkout)).GetProperty("lines")[0].GetProperty("lineId").GetGuid();
        await _shop.ShipAsync(Number(checkout), tracking, (line, 1));
        await _shop.WaitForStatusAsync(checkout, "Shipped");
        (await _shop.PostCarrierEventAsync(tracking, "delivered", _shop.Clock.GetUtcNow().AddHours(5))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _shop.WaitForStatusAsync(checkout, "Delivered");
    }

    private Task<HttpResponseMessage> Subscribe(string email) =>
        _shop.SendAsync(HttpMethod.Post, $"products/{_product}/alerts", new { sku = "CAM-Z9", email });

    private async Task<JsonElement> ExportAsync(Shopper shopper)
    {
        var response = await _shop.SendAsync(HttpMethod.Get, "auth/me/data", token: shopper.Token);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        response.Content.Headers.ContentDisposition.ShouldNotBeNull().DispositionType.ShouldBe("attachment");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> WaitForErasureAsync(Shopper shopper, Guid id)
    {
        JsonElement last = default;
        for (var i = 0; i < 300; i++)
        {
            var response = await _shop.SendAsync(HttpMethod.Get, $"auth/me/erasure/{id}", token: shopper.Token);
            last = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (last.GetProperty("status").GetString() == "Completed")
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Erasure {id} never completed: {last}");
    }

    private static string Number(JsonElement checkout) => checkout.GetProperty("orderNumber").GetString()!;

    private static IEnumerable<string> Numbers(JsonElement orders) => orders.EnumerateArray().Select(o => o.GetProperty("number").GetString()!);
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Fulfillment;
using NovaTech.Contracts.Ordering;
using NovaTech.Fulfillment.Features.CarrierWebhook;
using Platform.Messaging;
using Platform.Notifications;

namespace NovaTech.Tests.Fulfillment;

public sealed class CarrierWebhookTests : IAsyncLifetime
{
    private static readonly string StatusChanged = IntegrationEventNames.Of<ShipmentStatusChangedIntegrationEvent>();
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private FulfillmentHost _host = null!;
    private string _merchant = null!;

    public async Task InitializeAsync()
    {
        _host = await FulfillmentHost.StartAsync();
        _merchant = await _host.TokenForRoleAsync("merchant");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(OrderForFulfilment Order, Guid ShipmentId)> ShippedAsync(string tracking, string? phone = null)
    {
        var (order, _) = _host.Orders.Add(phone: phone, lines: [("CAMERA", 1)]);
        var response = await _host.ShipAsync(_merchant, order.OrderNumber, tracking, (order.Lines[0].LineId, 1));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (order, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shipment").GetProperty("id").GetGuid());
    }

    private async Task<JsonElement> ShipmentAsync(Guid id) =>
        await (await _host.SendAsync(HttpMethod.Get, $"/shipments/{id}", _merchant)).Content.ReadFromJsonAsync<JsonElement>();

    private async Task<List<JsonElement>> StatusEventsAsync(Guid shipmentId) =>
        [.. (await _host.OutboxAsync(StatusChanged)).Where(e => e.GetProperty("shipmentId").GetGuid() == shipmentId)];

    [Fact]
    public async Task A_signed_event_moves_the_shipment_and_joins_the_timeline()
    {
        var (_, id) = await ShippedAsync("WEBHOOK0001");

        var response = await _host.PostCarrierEventAsync("webhook0001", "in_transit", Monday);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().ShouldBe("status_changed");

        var shipment = await ShipmentAsync(id);
        shipment.GetProperty("status").GetString().ShouldBe("InTransit");
        var timeline = shipment.GetProperty("timeline").EnumerateArray().ToList();
        timeline.Select(t => t.GetProperty("status").GetString()).ShouldBe(["Dispatched", "InTransit"]);
        timeline[1].GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(Monday);
        timeline[1].GetProperty("occurredAtUk").GetString().ShouldBe("Mon 23 Nov 2026, 08:00");

        var events = await StatusEventsAsync(id);
        events.ShouldHaveSingleItem().GetProperty("status").GetString().ShouldBe("InTransit");
        events[0].GetProperty("orderFullyDelivered").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_forged_or_stale_signature_is_a_400_and_changes_nothing()
    {
        var (_, id) = await ShippedAsync("FORGED0001");

        var forged = await _host.PostCarrierEventAsync("FORGED0001", "delivered", Monday, secret: "not the secret");
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await forged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("invalid_signature");

        var stale = await _host.PostCarrierEventAsync("FORGED0001", "delivered", Monday, signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));
        stale.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var unsigned = await _host.Client.PostAsync("/api/v1/webhooks/carrier",
            new StringContent("""{"eventId":"x","trackingNumber":"FORGED0001","carrier":"dpd","status":"delivered","occurredAt":"2026-11-23T08:00:00Z"}""", Encoding.UTF8, "application/json"));
        unsigned.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await ShipmentAsync(id)).GetProperty("status").GetString().ShouldBe("Created");
        (await StatusEventsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_replayed_event_has_one_effect_even_when_the_copies_race()
    {
        var (_, id) = await ShippedAsync("REPLAY0001");
        var copies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _host.PostCarrierEventAsync("REPLAY0001", "out_for_delivery", Monday, eventId: "evt-replay-1")));
        copies.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var again = await _host.PostCarrierEventAsync("REPLAY0001", "out_for_delivery", Monday, eventId: "evt-replay-1");
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().ShouldBe("duplicate");

        var shipment = await ShipmentAsync(id);
        shipment.GetProperty("status").GetString().ShouldBe("OutForDelivery");
        shipment.GetProperty("timeline").GetArrayLength().ShouldBe(2);
        (await StatusEventsAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Late_older_news_never_moves_a_parcel_backwards()
    {
        var (_, id) = await ShippedAsync("ORDER00001");
        (await _host.PostCarrierEventAsync("ORDER00001", "delivered", Monday.AddHours(6))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var late = await _host.PostCarrierEventAsync("ORDER00001", "in_transit", Monday);
        late.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().ShouldBe("recorded");
        (await _host.PostCarrierEventAsync("ORDER00001", "exception", Monday.AddHours(7))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var shipment = await ShipmentAsync(id);
        shipment.GetProperty("status").GetString().ShouldBe("Delivered");

        // The timeline is in the order things happened, including the scan that arrived late.
        shipment.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString())
            .ShouldBe(["Dispatched", "InTransit", "Delivered", "Exception"]);
        (await StatusEventsAsync(id)).Select(e => e.GetProperty("status").GetString()).ShouldBe(["Delivered"]);
    }

    [Fact]
    public async Task An_exception_recovers_to_in_transit_only_on_newer_news()
    {
        var (_, id) = await ShippedAsync("EXCEPT0001");
        await _host.PostCarrierEventAsync("EXCEPT0001", "out_for_delivery", Monday);
        await _host.PostCarrierEventAsync("EXCEPT0001", "exception", Monday.AddHours(3));
        (await ShipmentAsync(id)).GetProperty("status").GetString().ShouldBe("Exception");

        await _host.PostCarrierEventAsync("EXCEPT0001", "in_transit", Monday.AddHours(1));
        (await ShipmentAsync(id)).GetProperty("status").GetString().ShouldBe("Exception");
        await _host.PostCarrierEventAsync("EXCEPT0001", "in_transit", Monday.AddHours(20));
        (await ShipmentAsync(id)).GetProperty("status").GetString().ShouldBe("InTransit");
    }

    [Fact]
    public async Task Unknown_tracking_numbers_and_malformed_events_are_4xx_problems()
    {
        var unknown = await _host.PostCarrierEventAsync("NOSUCH0001", "in_transit", Monday);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("unknown_tracking_number");

        await ShippedAsync("BADEVT0001");
        var status = await _host.PostCarrierEventAsync("BADEVT0001", "teleported", Monday);
        status.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("invalid_carrier_event");
    }

    [Fact]
    public async Task Partial_then_full_shipment_delivered_everywhere_says_the_order_is_delivered_and_emails_the_customer()
    {
        var (order, _) = _host.Orders.Add(phone: "+447700900456", lines: [("PHONE-X1", 2), ("CASE-X1", 1)]);
        (await _host.ShipAsync(_merchant, order.OrderNumber, "FULL000001", (order.Lines[0].LineId, 2))).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Delivered before the rest has shipped: not the whole order yet.
        (await _host.PostCarrierEventAsync("FULL000001", "delivered", Monday)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.ShipAsync(_merchant, order.OrderNumber, "FULL000002", (order.Lines[1].LineId, 1))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _host.PostCarrierEventAsync("FULL000002", "in_transit", Monday.AddHours(1))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.PostCarrierEventAsync("FULL000002", "delivered", Monday.AddHours(30))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var events = (await _host.OutboxAsync(StatusChanged)).Where(e => e.GetProperty("orderNumber").GetString() == order.OrderNumber).ToList();
        events.Select(e => (e.GetProperty("status").GetString(), e.GetProperty("orderFullyDelivered").GetBoolean()))
            .ShouldBe([("Delivered", false), ("InTransit", false), ("Delivered", true)]);

        var tracking = await (await _host.SendAsync(HttpMethod.Get, $"/orders/{order.OrderNumber}/tracking", _merchant)).Content.ReadFromJsonAsync<JsonElement>();
        tracking.GetProperty("delivered").GetBoolean().ShouldBeTrue();

        var delivered = await _host.WaitForEmailAsync(order.Email, "FULL000002", "That is everything you ordered.");
        delivered.Subject.ShouldBe($"Your NovaTech parcel for order {order.OrderNumber} has been delivered");
        delivered.Text.ShouldContain("Tuesday 24 November at 14:00");
        await _host.WaitForEmailAsync(order.Email, "FULL000001", "has been delivered");

        // One dispatch and one delivery message per parcel, by email and by SMS (requested through the outbox, so they
        // may be sent in any order: wait, bounded, until all eight are in the log).
        DeliveryPage log = null!;
        for (var i = 0; i < 200; i++)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            log = await scope.ServiceProvider.GetRequiredService<INotificationService>().ListAsync(new DeliveryQuery(Reference: order.OrderNumber));
            if (log.Items.Count >= 8)
            {
                break;
            }

            await Task.Delay(50);
        }

        log.Items.Count(d => d.Channel == DeliveryChannel.Email).ShouldBe(4);
        log.Items.Where(d => d.Channel == DeliveryChannel.Sms).Select(d => d.Recipient).ShouldBe(Enumerable.Repeat("+447700900456", 4));
    }

    [Fact]
    public async Task Without_a_configured_secret_one_is_generated_stored_and_used()
    {
        await using var host = await FulfillmentHost.StartAsync(configureSecret: false);
        var merchant = await host.TokenForRoleAsync("merchant");
        var (order, _) = host.Orders.Add(lines: [("DRONE", 1)]);
        (await host.ShipAsync(merchant, order.OrderNumber, "GENSECRET01", (order.Lines[0].LineId, 1))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var secret = await host.Services.GetRequiredService<CarrierWebhookSecret>().GetAsync();
        secret.ShouldStartWith("cwh_");
        (await host.PostCarrierEventAsync("GENSECRET01", "in_transit", Monday)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await host.PostCarrierEventAsync("GENSECRET01", "in_transit", Monday, secret: secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

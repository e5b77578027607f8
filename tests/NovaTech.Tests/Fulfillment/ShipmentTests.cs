using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NovaTech.Contracts.Fulfillment;
using Platform.Messaging;

namespace NovaTech.Tests.Fulfillment;

public sealed class ShipmentTests : IAsyncLifetime
{
    private static readonly string Dispatched = IntegrationEventNames.Of<ShipmentDispatchedIntegrationEvent>();
    private FulfillmentHost _host = null!;
    private string _merchant = null!;

    public async Task InitializeAsync()
    {
        _host = await FulfillmentHost.StartAsync();
        _merchant = await _host.TokenForRoleAsync("merchant");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_partial_shipment_then_the_rest_says_fully_shipped_only_at_the_end()
    {
        var (order, _) = _host.Orders.Add(phone: "+447700900123");
        var phone = order.Lines[0];
        var caseLine = order.Lines[1];

        var first = await _host.ShipAsync(_merchant, order.OrderNumber, "15501234567890", (phone.LineId, 1));
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        created.GetProperty("orderFullyShipped").GetBoolean().ShouldBeFalse();
        var shipment = created.GetProperty("shipment");
        shipment.GetProperty("status").GetString().ShouldBe("Created");
        shipment.GetProperty("trackingUrl").GetString().ShouldBe("https://track.dpd.co.uk/parcels/15501234567890");
        first.Headers.Location!.ToString().ShouldEndWith($"/api/v1/shipments/{shipment.GetProperty("id").GetGuid()}");

        var rest = await _host.ShipAsync(_merchant, order.OrderNumber, "15501234567891", (phone.LineId, 1), (caseLine.LineId, 1));
        rest.StatusCode.ShouldBe(HttpStatusCode.Created, await rest.Content.ReadAsStringAsync());
        (await rest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderFullyShipped").GetBoolean().ShouldBeTrue();

        var events = (await _host.OutboxAsync(Dispatched)).Where(e => e.GetProperty("orderNumber").GetString() == order.OrderNumber).ToList();
        events.Select(e => e.GetProperty("orderFullyShipped").GetBoolean()).ShouldBe([false, true]);
        events[0].GetProperty("lines").EnumerateArray().Single().GetProperty("quantity").GetInt32().ShouldBe(1);
        events[1].GetProperty("carrier").GetString().ShouldBe("dpd");
        events[1].GetProperty("warehouse").GetString().ShouldBe("MAN1");

        var list = await _host.SendAsync(HttpMethod.Get, $"/orders/{order.OrderNumber}/shipments", _merchant);
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await list.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength().ShouldBe(2);

        // The customer hears about each parcel: carrier, tracking number and link, and whether more is to come.
        var partial = await _host.WaitForEmailAsync(order.Email, "15501234567890", "DPD", "https://track.dpd.co.uk/parcels/15501234567890", "separate parcel");
        partial.Subject.ShouldBe($"Your NovaTech order {order.OrderNumber} is on its way");
        await _host.WaitForEmailAsync(order.Email, "15501234567891", "This completes your order.");
    }

    [Fact]
    public async Task Shipping_more_than_is_left_is_a_409_and_writes_nothing()
    {
        var (order, _) = _host.Orders.Add(lines: [("TV-55", 2)]);
        var line = order.Lines[0];
        (await _host.ShipAsync(_merchant, order.OrderNumber, "RM123456789GB", (line.LineId, 1))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var over = await _host.ShipAsync(_merchant, order.OrderNumber, "RM123456790GB", (line.LineId, 2));
        over.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await over.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("over_shipment");
        problem.GetProperty("remaining").GetInt32().ShouldBe(1);

        var shipments = await (await _host.SendAsync(HttpMethod.Get, $"/orders/{order.OrderNumber}/shipments", _merchant)).Content.ReadFromJsonAsync<JsonElement>();
        shipments.GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Refunded_units_are_not_shipped()
    {
        var (order, _) = _host.Orders.Add(lines: [("SPEAKER", 3)]);
        _host.Orders.Replace(order with { Lines = [order.Lines[0] with { RefundedQuantity = 1 }] });
        var response = await _host.ShipAsync(_merchant, order.OrderNumber, "SPK0000001", (order.Lines[0].LineId, 3));
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var two = await _host.ShipAsync(_merchant, order.OrderNumber, "SPK0000001", (order.Lines[0].LineId, 2));
        two.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await two.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderFullyShipped").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [InlineData("PendingPayment")]
    [InlineData("Cancelled")]
    public async Task An_unpaid_or_cancelled_order_does_not_ship(string status)
    {
        var (order, _) = _host.Orders.Add(status: status);
        var response = await _host.ShipAsync(_merchant, order.OrderNumber, "UNPAID00001", (order.Lines[0].LineId, 1));
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("order_not_shippable");
    }

    [Fact]
    public async Task Bad_requests_are_4xx_problems_with_stable_codes()
    {
        var (order, _) = _host.Orders.Add();
        var line = order.Lines[0].LineId;

        var carrier = await _host.SendAsync(HttpMethod.Post, $"/orders/{order.OrderNumber}/shipments", _merchant,
            new { warehouse = "MAN1", carrier = "pigeon-post", trackingNumber = "ABC123456", lines = new[] { new { lineId = line, quantity = 1 } } });
        carrier.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await carrier.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("unsupported_carrier");

        var noTracking = await _host.SendAsync(HttpMethod.Post, $"/orders/{order.OrderNumber}/shipments", _merchant,
            new { warehouse = "MAN1", carrier = "dpd", lines = new[] { new { lineId = line, quantity = 1 } } });
        noTracking.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noTracking.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("validation_failed");

        var zero = await _host.ShipAsync(_merchant, order.OrderNumber, "ABC1234567", (line, 0));
        zero.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await zero.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("validation_failed");

        var unknownLine = await _host.ShipAsync(_merchant, order.OrderNumber, "ABC1234567", (Guid.NewGuid(), 1));
        unknownLine.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await unknownLine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("unknown_order_line");

        var unknownOrder = await _host.ShipAsync(_merchant, "NT-NOPE", "ABC1234567", (line, 1));
        unknownOrder.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await _host.ShipAsync(_merchant, order.OrderNumber, "DUPLICATE01", (line, 1))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var (other, _) = _host.Orders.Add();
        var taken = await _host.ShipAsync(_merchant, other.OrderNumber, "duplicate01", (other.Lines[0].LineId, 1));
        taken.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("tracking_number_in_use");
    }

    [Fact]
    public async Task Two_merchants_shipping_the_last_unit_at_once_one_wins_and_one_gets_409()
    {
        for (var round = 0; round < 3; round++)
        {
            var (order, _) = _host.Orders.Add(lines: [("LAPTOP", 1)]);
            var line = order.Lines[0].LineId;
            var other = await _host.TokenForRoleAsync("merchant");
            var responses = await Task.WhenAll(
                _host.ShipAsync(_merchant, order.OrderNumber, $"RACE{round}A0001", (line, 1)),
                _host.ShipAsync(other, order.OrderNumber, $"RACE{round}B0001", (line, 1)));
            responses.Select(r => r.StatusCode).OrderBy(s => s).ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict]);
            var shipments = await (await _host.SendAsync(HttpMethod.Get, $"/orders/{order.OrderNumber}/shipments", _merchant)).Content.ReadFromJsonAsync<JsonElement>();
            shipments.GetArrayLength().ShouldBe(1);
        }
    }

    [Fact]
    public async Task Only_merchants_and_admins_create_shipments_and_only_staff_list_them()
    {
        var (order, _) = _host.Orders.Add();
        var customer = await _host.CustomerTokenAsync(order.Email);
        var support = await _host.TokenForRoleAsync("support");
        var admin = await _host.TokenForRoleAsync("admin");

        (await _host.ShipAsync(customer, order.OrderNumber, "AUTH000001", (order.Lines[0].LineId, 1))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.ShipAsync(support, order.OrderNumber, "AUTH000001", (order.Lines[0].LineId, 1))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.Client.PostAsJsonAsync($"/api/v1/orders/{order.OrderNumber}/shipments", new { })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.ShipAsync(admin, order.OrderNumber, "AUTH000001", (order.Lines[0].LineId, 1))).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await _host.SendAsync(HttpMethod.Get, $"/orders/{order.OrderNumber}/shipments", customer)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.SendAsync(HttpMethod.Get, $"/orders/{order.OrderNumber}/shipments", support)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_customer_the_guest_with_the_token_and_staff_see_tracking_and_nobody_else_does()
    {
        var (order, token) = _host.Orders.Add();
        (await _host.ShipAsync(_merchant, order.OrderNumber, "TRACK00001", (order.Lines[0].LineId, 1))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var path = $"/orders/{order.OrderNumber}/tracking";

        var guest = await _host.SendAsync(HttpMethod.Get, $"{path}?token={token}", null);
        guest.StatusCode.ShouldBe(HttpStatusCode.OK);
        var tracking = await guest.Content.ReadFromJsonAsync<JsonElement>();
        var parcel = tracking.GetProperty("parcels").EnumerateArray().Single();
        parcel.GetProperty("trackingNumber").GetString().ShouldBe("TRACK00001");
        parcel.GetProperty("carrierName").GetString().ShouldBe("DPD");
        parcel.GetProperty("timeline").EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("Dispatched");

        (await _host.SendAsync(HttpMethod.Get, $"{path}?token=wrong", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.SendAsync(HttpMethod.Get, path, null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var owner = await _host.CustomerTokenAsync(order.Email);
        (await _host.SendAsync(HttpMethod.Get, path, owner)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var stranger = await _host.CustomerTokenAsync($"stranger.{Guid.NewGuid():N}@example.test");
        (await _host.SendAsync(HttpMethod.Get, path, stranger)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.SendAsync(HttpMethod.Get, path, _merchant)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_packing_slip_is_a_pdf_for_staff_only()
    {
        var (order, _) = _host.Orders.Add();
        var created = await (await _host.ShipAsync(_merchant, order.OrderNumber, "SLIP000001", (order.Lines[0].LineId, 2), (order.Lines[1].LineId, 1)))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("shipment").GetProperty("id").GetGuid();

        var slip = await _host.SendAsync(HttpMethod.Get, $"/shipments/{id}/packing-slip.pdf", _merchant);
        slip.StatusCode.ShouldBe(HttpStatusCode.OK);
        slip.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await slip.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
        var pdf = System.Text.Encoding.Latin1.GetString(bytes);
        pdf.ShouldEndWith("%%EOF\n");
        pdf.ShouldContain($"(Order: {order.OrderNumber}) Tj");
        pdf.ShouldContain("(Carrier: DPD, tracking number SLIP000001) Tj");
        pdf.ShouldContain("(Ada Lovelace) Tj");

        // Readers find objects through the cross-reference table: every offset must point at its object.
        var xref = int.Parse(pdf[(pdf.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        var entries = pdf[xref..].Split('\n').Skip(3).TakeWhile(l => l.EndsWith(" n ", StringComparison.Ordinal)).ToList();
        entries.Count.ShouldBe(7);
        for (var i = 0; i < entries.Count; i++)
        {
            var offset = int.Parse(entries[i][..10], System.Globalization.CultureInfo.InvariantCulture);
            pdf[offset..].ShouldStartWith($"{i + 1} 0 obj");
        }

        var customer = await _host.CustomerTokenAsync(order.Email);
        (await _host.SendAsync(HttpMethod.Get, $"/shipments/{id}/packing-slip.pdf", customer)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.SendAsync(HttpMethod.Get, $"/shipments/{Guid.NewGuid()}/packing-slip.pdf", _merchant)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

using NovaTech.Contracts.Ordering;
using NovaTech.Fulfillment.Domain;
using NovaTech.Fulfillment.Domain.Rules;
using Platform.Web;

namespace NovaTech.Tests.Fulfillment;

public sealed class ShipmentDomainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly ShipmentRecipient Ada = new("ada@example.test", null, "Ada Lovelace", "12 Analytical Row", null, "Manchester", "M1 1AA", "GB");

    private static Shipment NewShipment() =>
        Shipment.Dispatch("NT-1", "man1", "DPD", "ab 1234 5678", [new ShipmentLine(Guid.NewGuid(), "SKU", "Thing", 1)], Ada, T0);

    [Fact]
    public void Dispatch_normalises_codes_and_starts_created()
    {
        var shipment = NewShipment();
        shipment.Warehouse.ShouldBe("MAN1");
        shipment.Carrier.ShouldBe("dpd");
        shipment.TrackingNumber.ShouldBe("AB12345678");
        shipment.Status.ShouldBe(ShipmentStatus.Created);
        shipment.TrackingUrl.ShouldBe("https://track.dpd.co.uk/parcels/AB12345678");
    }

    [Theory]
    [InlineData("hermes", "AB12345678", "unsupported_carrier")]
    [InlineData("dpd", "AB1", "invalid_tracking_number")]
    [InlineData("dpd", "AB12345678<script>", "invalid_tracking_number")]
    public void Dispatch_refuses_unknown_carriers_and_bad_tracking_numbers(string carrier, string tracking, string code) =>
        Should.Throw<DomainException>(() => Shipment.Dispatch("NT-1", "MAN1", carrier, tracking, [new ShipmentLine(Guid.NewGuid(), "S", "N", 1)], Ada, T0))
            .Code.ShouldBe(code);

    [Fact]
    public void The_status_only_moves_forward_and_a_repeated_event_does_nothing()
    {
        var shipment = NewShipment();
        shipment.RecordCarrierEvent("e1", ShipmentStatus.OutForDelivery, T0.AddHours(2), null, T0).ShouldBe(CarrierEventOutcome.StatusChanged);
        shipment.RecordCarrierEvent("e2", ShipmentStatus.InTransit, T0.AddHours(1), null, T0).ShouldBe(CarrierEventOutcome.Recorded);
        shipment.RecordCarrierEvent("e1", ShipmentStatus.OutForDelivery, T0.AddHours(2), null, T0).ShouldBe(CarrierEventOutcome.Duplicate);
        shipment.Status.ShouldBe(ShipmentStatus.OutForDelivery);
        shipment.Events.Count.ShouldBe(2);
    }

    [Fact]
    public void An_exception_needs_newer_news_both_ways_and_delivered_is_final()
    {
        var shipment = NewShipment();
        shipment.RecordCarrierEvent("e1", ShipmentStatus.InTransit, T0.AddHours(2), null, T0);
        shipment.RecordCarrierEvent("old-exception", ShipmentStatus.Exception, T0.AddHours(1), null, T0).ShouldBe(CarrierEventOutcome.Recorded);
        shipment.RecordCarrierEvent("e2", ShipmentStatus.Exception, T0.AddHours(3), "Address query", T0).ShouldBe(CarrierEventOutcome.StatusChanged);
        shipment.RecordCarrierEvent("e3", ShipmentStatus.InTransit, T0.AddHours(4), null, T0).ShouldBe(CarrierEventOutcome.StatusChanged);
        shipment.RecordCarrierEvent("e4", ShipmentStatus.Delivered, T0.AddHours(5), null, T0).ShouldBe(CarrierEventOutcome.StatusChanged);
        shipment.RecordCarrierEvent("e5", ShipmentStatus.Exception, T0.AddHours(6), null, T0).ShouldBe(CarrierEventOutcome.Recorded);
        shipment.Status.ShouldBe(ShipmentStatus.Delivered);
    }

    [Fact]
    public void What_may_ship_is_ordered_minus_refunded_minus_shipped()
    {
        var line = new OrderLineForFulfilment(Guid.NewGuid(), "TV", "Television", 3, 1, null);
        var order = new OrderForFulfilment("NT-2", "Paid", "a@example.test", null,
            new ShippingAddressSnapshot("A", "1 Road", null, "Leeds", "LS1 1AA", "GB"), "standard", [line]);
        var shipped = new Dictionary<Guid, int> { [line.LineId] = 1 };

        ShippableQuantities.Remaining(line, shipped).ShouldBe(1);
        ShippableQuantities.Take(order, [(line.LineId, 1)], shipped).ShouldHaveSingleItem().Quantity.ShouldBe(1);
        Should.Throw<DomainException>(() => ShippableQuantities.Take(order, [(line.LineId, 2)], shipped)).Code.ShouldBe("over_shipment");
        ShippableQuantities.FullyShipped(order, shipped).ShouldBeFalse();
        ShippableQuantities.FullyShipped(order, new Dictionary<Guid, int> { [line.LineId] = 2 }).ShouldBeTrue();
        Should.Throw<DomainException>(() => ShippableQuantities.EnsureShippable(order with { Status = "PendingPayment" })).Kind.ShouldBe(DomainErrorKind.Conflict);
    }
}

using NovaTech.Inventory.Domain;
using NovaTech.Ordering.Domain;
using Platform.Web;

namespace NovaTech.Tests.Ordering;

public sealed class OrderDomainTests
{
    private static readonly DateTimeOffset Now = new(2027, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static Order NewOrder(params NewOrderLine[] lines)
    {
        var address = ShippingAddress.Create("Ann", "1 High St", null, "Leeds", "ls1 4ap", "GB");
        var shipping = ShippingRates.Quote("standard", address.Zone, 1_000, Now);
        return Order.Place("NV-270504-ABCDEF", Guid.NewGuid(), null, "ann@example.test", address, shipping,
            lines.Length > 0 ? lines : [new NewOrderLine("A-1", "Phone", "Black", 10_000, 2, 2000, 400), new NewOrderLine("B-1", "Book", "", 1_000, 1, 0, 300)],
            Guid.NewGuid(), Now, out _);
    }

    [Fact]
    public void A_parcel_status_never_goes_back_even_when_two_events_carry_the_same_instant()
    {
        var parcel = OrderShipment.Dispatched(Guid.NewGuid(), Guid.NewGuid(), "dpd", "T1", 1, Now);
        parcel.Move("Delivered", Now.AddHours(1)).ShouldBeTrue();
        parcel.Move("OutForDelivery", Now.AddHours(1)).ShouldBeFalse("a retried older event stamped with the same instant");
        parcel.Move("InTransit", Now.AddMinutes(30)).ShouldBeFalse("an older event");
        parcel.Move("Delivered", Now.AddHours(1)).ShouldBeFalse("a repeat");
        parcel.Status.ShouldBe("Delivered");

        var other = OrderShipment.Dispatched(Guid.NewGuid(), Guid.NewGuid(), "dpd", "T2", 1, Now);
        other.Move("OutForDelivery", Now).ShouldBeTrue("further along at the same instant");
        other.Move("Exception", Now.AddHours(2)).ShouldBeTrue("a later exception is news");
        other.Status.ShouldBe("Exception");
    }

    [Fact]
    public void A_paid_order_follows_its_parcels_to_delivered_and_never_goes_back()
    {
        var order = NewOrder();
        var first = Guid.NewGuid();
        Should.Throw<DomainException>(() => order.RecordShipmentDispatched(first, "dpd", "T1", 1, false, Now, Now)).Code.ShouldBe("invalid_order_transition");

        order.MarkPaid("pi_1", order.ReservationId, Now);
        order.RecordShipmentDispatched(first, "dpd", "T1", 1, false, Now, Now).ShouldBeTrue();
        order.Status.ShouldBe(OrderStatus.Fulfilling);
        Should.Throw<DomainException>(() => order.Cancel("customer", Guid.NewGuid(), Now)).Code.ShouldBe("order_not_cancellable");
        order.RecordShipmentDispatched(first, "dpd", "T1", 1, false, Now, Now).ShouldBeFalse();

        // A parcel delivered while another is still to come does not make the order Delivered.
        order.RecordShipmentStatus(first, "Delivered", null, false, Now.AddHours(1), Now).ShouldBeFalse();
        order.Status.ShouldBe(OrderStatus.Fulfilling);
        Should.Throw<InvalidOperationException>(() => order.RecordShipmentStatus(Guid.NewGuid(), "InTransit", null, false, Now, Now));

        var second = Guid.NewGuid();
        order.RecordShipmentDispatched(second, "dpd", "T2", 2, true, Now.AddHours(2), Now).ShouldBeTrue();
        order.Status.ShouldBe(OrderStatus.Shipped);
        order.RecordShipmentStatus(second, "Delivered", "Left with neighbour", true, Now.AddHours(5), Now).ShouldBeTrue();
        order.Status.ShouldBe(OrderStatus.Delivered);
        order.Fulfilment.ShouldBe(FulfilmentStage.Delivered);

        // An older scan arriving late changes nothing.
        order.RecordShipmentStatus(second, "InTransit", null, false, Now.AddHours(3), Now).ShouldBeFalse();
        order.Status.ShouldBe(OrderStatus.Delivered);
        order.Shipments.Single(s => s.ShipmentId == second).Status.ShouldBe("Delivered");
        order.History.Select(h => h.Sequence).ShouldBe(Enumerable.Range(1, order.History.Count));
        order.History.Select(h => h.Status).ShouldContain(OrderStatus.Shipped);
        order.History[^1].Status.ShouldBe(OrderStatus.Delivered);
    }

    [Fact]
    public void A_delivered_order_refunded_by_line_is_partially_refunded_but_stays_delivered_in_its_stage()
    {
        var order = NewOrder();
        order.MarkPaid("pi_1", order.ReservationId, Now);
        var parcel = Guid.NewGuid();
        order.RecordShipmentDispatched(parcel, "dpd", "T1", 3, true, Now, Now);
        order.RecordShipmentStatus(parcel, "Delivered", null, true, Now.AddHours(1), Now);
        var refund = order.RequestRefund(Guid.NewGuid(), [new RefundLineRequest(2, 1, true)], "returned", Now);
        order.CompleteRefund(refund.Id, "re_1", Now);
        order.Status.ShouldBe(OrderStatus.PartiallyRefunded);
        order.Fulfilment.ShouldBe(FulfilmentStage.Delivered);
    }

    [Fact]
    public void When_fulfilment_says_everything_is_delivered_a_parcel_whose_own_event_is_late_counts_as_delivered()
    {
        var order = NewOrder();
        order.MarkPaid("pi_1", order.ReservationId, Now);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        order.RecordShipmentDispatched(first, "dpd", "T1", 2, false, Now, Now);
        order.RecordShipmentDispatched(second, "dpd", "T2", 1, true, Now, Now);
        order.RecordShipmentStatus(first, "InTransit", null, false, Now.AddHours(1), Now);

        order.RecordShipmentStatus(second, "Delivered", null, true, Now.AddHours(9), Now).ShouldBeTrue();

        order.Shipments.Select(s => s.Status).ShouldBe(["Delivered", "Delivered"]);
        order.RecordShipmentStatus(first, "Delivered", null, true, Now.AddHours(8), Now).ShouldBeFalse("the older event changes nothing");
        order.Status.ShouldBe(OrderStatus.Delivered);
    }

    [Fact]
    public void A_cancelled_order_records_a_late_parcel_without_leaving_cancelled()
    {
        var order = NewOrder();
        order.MarkPaid("pi_1", order.ReservationId, Now);
        order.Cancel("customer", Guid.NewGuid(), Now);
        order.RecordShipmentDispatched(Guid.NewGuid(), "dpd", "T1", 3, true, Now, Now).ShouldBeFalse();
        order.Status.ShouldBe(OrderStatus.Cancelled);
        order.Fulfilment.ShouldBe(FulfilmentStage.Shipped);
    }

    [Fact]
    public void Refunds_by_line_cannot_exceed_what_was_bought_and_a_failed_refund_gives_the_quantities_back()
    {
        var order = NewOrder();
        Should.Throw<DomainException>(() => order.RequestRefund(Guid.NewGuid(), null, "x", Now)).Code.ShouldBe("order_not_refundable");
        order.MarkPaid("pi_1", order.ReservationId, Now);

        var first = order.RequestRefund(Guid.NewGuid(), [new RefundLineRequest(1, 1, true)], "returned", Now);
        first.AmountPence.ShouldBe(10_000);
        Should.Throw<DomainException>(() => order.RequestRefund(Guid.NewGuid(), [new RefundLineRequest(1, 2, false)], "x", Now)).Code.ShouldBe("invalid_refund");
        order.FailRefund(first.Id, "declined", Now);
        order.RefundedPence.ShouldBe(0);
        var again = order.RequestRefund(Guid.NewGuid(), [new RefundLineRequest(1, 2, false)], "x", Now);
        order.CompleteRefund(again.Id, "re_1", Now);
        order.Status.ShouldBe(OrderStatus.PartiallyRefunded);
        var rest = order.RequestRefund(Guid.NewGuid(), null, "x", Now);
        rest.AmountPence.ShouldBe(1_000 + order.ShippingPence);
        order.CompleteRefund(rest.Id, "re_2", Now);
        order.Status.ShouldBe(OrderStatus.Refunded);
        order.RefundedPence.ShouldBe(order.TotalPence);
    }

    [Fact]
    public void Vat_is_the_amount_contained_in_vat_inclusive_prices_rounded_per_line()
    {
        Vat.IncludedIn(12_000, 2000).ShouldBe(2_000);
        Vat.IncludedIn(49_999, 2000).ShouldBe(8_333);
        Vat.IncludedIn(1_050, 500).ShouldBe(50);
        Vat.IncludedIn(1_000, 0).ShouldBe(0);
        var order = NewOrder();
        order.VatPence.ShouldBe(Vat.IncludedIn(20_000, 2000) + 0 + Vat.IncludedIn(order.ShippingPence, 2000));
    }

    [Theory]
    [InlineData("standard", "GB", 1_500, 399)]
    [InlineData("standard", "GB", 2_001, 499)]
    [InlineData("express", "GB", 25_000, 2_499)]
    [InlineData("next-day", "GB", 500, 999)]
    [InlineData("standard", "DE", 500, 999)]
    [InlineData("express", "IE", 7_000, 2_699)]
    public void Shipping_is_priced_by_method_destination_and_weight_band(string method, string country, int grams, long pence)
    {
        var zone = country == "GB" ? ShippingZone.Uk : ShippingZone.Eu;
        ShippingRates.Quote(method, zone, grams, Now).PricePence.ShouldBe(pence);
    }

    [Fact]
    public void Delivery_estimates_count_uk_business_days_from_the_london_cut_off()
    {
        // Friday 7 May 2027, 13:00 BST (12:00 UTC): dispatched today, next-day arrives Monday.
        var friday = new DateTimeOffset(2027, 5, 7, 12, 0, 0, TimeSpan.Zero);
        ShippingRates.Quote("next-day", ShippingZone.Uk, 500, friday).EarliestDelivery.ShouldBe(new DateOnly(2027, 5, 10));
        // 14:30 BST is after the cut-off: dispatched Monday, arrives Tuesday.
        ShippingRates.Quote("next-day", ShippingZone.Uk, 500, friday.AddMinutes(90)).EarliestDelivery.ShouldBe(new DateOnly(2027, 5, 11));
        var standard = ShippingRates.Quote("standard", ShippingZone.Uk, 500, friday);
        (standard.EarliestDelivery, standard.LatestDelivery).ShouldBe((new DateOnly(2027, 5, 11), new DateOnly(2027, 5, 13)));
        Should.Throw<DomainException>(() => ShippingRates.Quote("next-day", ShippingZone.Eu, 500, friday)).Code.ShouldBe("shipping_method_unavailable");
    }

    [Theory]
    [InlineData("GB", "sw1a1aa", "SW1A 1AA")]
    [InlineData("UK", "EC1A 1BB", "EC1A 1BB")]
    [InlineData("GB", "m1 1ae", "M1 1AE")]
    [InlineData("IE", "d02x285", "D02 X285")]
    [InlineData("NL", "1012ab", "1012 AB")]
    [InlineData("PT", "1100148", "1100-148")]
    [InlineData("PL", "00-950", "00-950")]
    public void Postcodes_are_validated_and_normalised_per_country(string country, string input, string expected) =>
        ShippingAddress.Create("A", "1 Road", null, "Town", input, country).Postcode.ShouldBe(expected);

    [Theory]
    [InlineData("GB", "SW1A")]
    [InlineData("GB", "QQ1 1AA")]
    [InlineData("DE", "ABCDE")]
    [InlineData("FR", "7500")]
    [InlineData("NL", "1012 SA")]
    public void Invalid_postcodes_are_refused_naming_the_field(string country, string postcode)
    {
        var error = Should.Throw<DomainException>(() => ShippingAddress.Create("A", "1 Road", null, "Town", postcode, country));
        error.Code.ShouldBe("invalid_address");
        error.Details["field"].ShouldBe("shippingAddress.postcode");
    }

    [Fact]
    public void Order_numbers_avoid_ambiguous_characters()
    {
        for (var i = 0; i < 200; i++)
        {
            OrderNumbers.Next(Now).ShouldMatch("^NV-270504-[2-9A-HJKMNP-Z]{6}$");
        }
    }

    [Fact]
    public void The_planner_prefers_one_warehouse_then_the_fewest_splits()
    {
        var stock = new List<(string, string, int)> { ("A", "W1", 5), ("B", "W1", 1), ("A", "W2", 2), ("B", "W2", 2), ("A", "W3", 1) };

        WarehousePlanner.Choose([("A", 2), ("B", 2)], stock).Allocations.Select(a => a.Warehouse).Distinct().ShouldBe(["W2"]);
        WarehousePlanner.Choose([("A", 5), ("B", 2)], stock).Allocations.ShouldBe([("A", "W1", 5), ("B", "W2", 2)]);
        WarehousePlanner.Choose([("A", 7)], stock).Allocations.ShouldBe([("A", "W1", 5), ("A", "W2", 2)]);
        var shortage = WarehousePlanner.Choose([("A", 1), ("B", 4)], stock);
        (shortage.ShortSku, shortage.Available, shortage.Allocations.Count).ShouldBe(("B", 3, 0));
    }
}

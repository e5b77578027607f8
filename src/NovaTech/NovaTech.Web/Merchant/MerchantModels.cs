using NovaTech.Fulfillment.Features;
using NovaTech.Inventory.Features.Merchant;
using NovaTech.Inventory.Features.Warehouses;
using NovaTech.Ordering.Features.Merchant;
using NovaTech.Ordering.Features.Orders;
using Platform.Notifications;

namespace NovaTech.Web.Merchant;

/// <summary>The dashboard: today's figures, low stock (live), messaging trouble, orders to ship.</summary>
public sealed record DashboardModel(Desk Desk, MerchantOrderFigures Figures, IReadOnlyList<LowStockRow> LowStock, int Threshold, long DeadLetters,
    IReadOnlyList<MerchantOrderRow> ToShip);

/// <summary>The order list with its filter.</summary>
public sealed record OrderListModel(Desk Desk, MerchantOrderPage Page, string? Status, string? Query, bool FirstPage, string? Problem);

/// <summary>One entry of an order's timeline.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Text);

/// <summary>An order's page: lines with what shipped and what can still be shipped or refunded, the timeline, the forms.</summary>
public sealed record OrderDetailModel(
    Desk Desk,
    OrderResponse Order,
    IReadOnlyList<ShipmentResponse> Shipments,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<WarehouseResponse> Warehouses,
    string? Problem,
    IReadOnlyDictionary<string, string>? Values = null)
{
    private static readonly string[] Shippable = ["Paid", "Fulfilling", "PartiallyRefunded"];
    private static readonly string[] Refundable = ["Paid", "Fulfilling", "Shipped", "Delivered", "PartiallyRefunded"];

    public int ShippedOf(OrderLineResponse line) => Shipments.SelectMany(s => s.Lines).Where(l => l.LineId == line.LineId).Sum(l => l.Quantity);

    public int LeftToShip(OrderLineResponse line) => Math.Max(0, line.Quantity - line.RefundedQuantity - ShippedOf(line));

    public int LeftToRefund(OrderLineResponse line) => line.Quantity - line.RefundedQuantity;

    public bool CanShip => Desk.CanShip && Shippable.Contains(Order.Status) && Order.Lines.Any(l => LeftToShip(l) > 0);

    public bool CanRefund => Order.PaidAt is not null && Refundable.Contains(Order.Status) && Order.Lines.Any(l => LeftToRefund(l) > 0);

    public string? ValueOf(string field) => Values?.GetValueOrDefault(field);

    public static IReadOnlyList<TimelineEntry> Build(OrderResponse order, IReadOnlyList<ShipmentResponse> shipments,
        IReadOnlyList<(ReservationInFlight Reservation, string Status)> reservations, IReadOnlyList<DeliveryView> notifications)
    {
        var entries = new List<TimelineEntry>();
        entries.AddRange(order.History.Select(h => new TimelineEntry(h.At, "Order", $"{Storefront.OrderModel.StatusText(h.Status)}: {h.Note}")));
        entries.AddRange(order.Refunds.Select(r => new TimelineEntry(r.CreatedAt, "Payment",
            $"Refund of {Storefront.Format.Money(r.AmountPence)}{(r.IncludesShipping ? " (with delivery)" : "")}, reason {r.Reason}: {r.Status}")));
        foreach (var (reservation, status) in reservations)
        {
            entries.Add(new TimelineEntry(reservation.CreatedAt, "Stock",
                $"Reserved {string.Join(", ", reservation.Lines.Select(l => $"{l.Quantity} × {l.Sku} in {l.Warehouse}"))} — {status}"));
        }

        foreach (var shipment in shipments)
        {
            entries.Add(new TimelineEntry(shipment.CreatedAt, "Shipment",
                $"{string.Join(", ", shipment.Lines.Select(l => $"{l.Quantity} × {l.Sku}"))} left {shipment.Warehouse} with {shipment.CarrierName}, tracking {shipment.TrackingNumber}"));
            entries.AddRange(shipment.Timeline.Skip(1).Select(e => new TimelineEntry(e.OccurredAt, "Shipment", $"{shipment.TrackingNumber}: {e.Status}{(e.Description is null ? "" : " — " + e.Description)}")));
        }

        entries.AddRange(notifications.Select(n => new TimelineEntry(n.CreatedAt, "Notification",
            $"{(n.Channel == "email" ? "E-mail" : n.Channel.ToUpperInvariant())} to {n.Recipient}: {n.Subject ?? n.TemplateKey} — {n.Status}")));
        return [.. entries.OrderBy(e => e.At)];
    }
}

/// <summary>A short message page (not found, nothing to do).</summary>
public sealed record MerchantMessageModel(Desk Desk, string Title, string Text, string LinkUrl, string LinkText);

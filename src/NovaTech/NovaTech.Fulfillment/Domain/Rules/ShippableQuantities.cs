using NovaTech.Contracts.Ordering;
using Platform.Web;

namespace NovaTech.Fulfillment.Domain.Rules;

/// <summary>
/// What may still ship of an order: per line, ordered minus refunded minus already shipped. Only paid orders ship.
/// The check here gives a clear answer to the merchant; the database re-checks it under concurrency (conditional
/// upsert of the shipped quantity), so two merchants shipping the last unit at once cannot both win.
/// </summary>
internal static class ShippableQuantities
{
    private static readonly string[] ShippableStatuses = ["Paid", "Fulfilling", "PartiallyRefunded"];

    public static void EnsureShippable(OrderForFulfilment order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!ShippableStatuses.Contains(order.Status, StringComparer.OrdinalIgnoreCase))
        {
            throw DomainException.Conflict(FulfillmentErrors.OrderNotShippable,
                $"Order {order.OrderNumber} is {order.Status}; only paid orders are shipped.");
        }
    }

    /// <summary>The most of <paramref name="line"/> that may ever ship.</summary>
    public static int Shippable(OrderLineForFulfilment line) => Math.Max(0, line.Quantity - line.RefundedQuantity);

    /// <summary>Turns requested (line id, quantity) pairs into shipment lines, or says which rule they break.</summary>
    public static IReadOnlyList<ShipmentLine> Take(OrderForFulfilment order, IReadOnlyList<(Guid LineId, int Quantity)> requested, IReadOnlyDictionary<Guid, int> alreadyShipped)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(alreadyShipped);
        if (requested.Count == 0)
        {
            throw new DomainException(FulfillmentErrors.NoLines, "A shipment needs at least one line.");
        }

        if (requested.GroupBy(r => r.LineId).Any(g => g.Count() > 1))
        {
            throw new DomainException(FulfillmentErrors.DuplicateOrderLine, "Each order line appears once in a shipment.");
        }

        var lines = new List<ShipmentLine>(requested.Count);
        foreach (var (lineId, quantity) in requested)
        {
            var line = order.Lines.FirstOrDefault(l => l.LineId == lineId)
                ?? throw new DomainException(FulfillmentErrors.UnknownOrderLine, $"Order {order.OrderNumber} has no line {lineId}.");
            if (quantity <= 0)
            {
                throw new DomainException(FulfillmentErrors.InvalidQuantity, "Every line ships at least one unit.");
            }

            var left = Remaining(line, alreadyShipped);
            if (quantity > left)
            {
                throw OverShipment(line, left);
            }

            lines.Add(new ShipmentLine(line.LineId, line.Sku, line.Name, quantity));
        }

        return lines;
    }

    public static int Remaining(OrderLineForFulfilment line, IReadOnlyDictionary<Guid, int> alreadyShipped) =>
        Math.Max(0, Shippable(line) - alreadyShipped.GetValueOrDefault(line.LineId));

    /// <summary>True when nothing that may ship is left unshipped.</summary>
    public static bool FullyShipped(OrderForFulfilment order, IReadOnlyDictionary<Guid, int> shipped)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Lines.All(l => shipped.GetValueOrDefault(l.LineId) >= Shippable(l));
    }

    public static DomainException OverShipment(OrderLineForFulfilment line, int remaining)
    {
        var error = DomainException.Conflict(FulfillmentErrors.OverShipment,
            $"Only {remaining} of {line.Sku} may still ship (ordered {line.Quantity}, refunded {line.RefundedQuantity}).");
        error.Details["lineId"] = line.LineId;
        error.Details["remaining"] = remaining;
        return error;
    }
}

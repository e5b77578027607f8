namespace NovaTech.Contracts.Ordering;

/// <summary>What fulfilment may ask the ordering module about an order. Implemented by NovaTech.Ordering.</summary>
public interface IOrderLookup
{
    /// <summary>The order as fulfilment needs it, or null when there is no such order.</summary>
    Task<OrderForFulfilment?> FindForFulfilmentAsync(string orderNumber, CancellationToken cancellationToken = default);
}

/// <summary>An order's shipping facts.</summary>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Status">Order status name (e.g. <c>Paid</c>, <c>Fulfilling</c>); only paid orders may ship.</param>
/// <param name="Email">Where shipping notifications go.</param>
/// <param name="Phone">Optional phone for SMS.</param>
/// <param name="ShippingAddress">Delivery address.</param>
/// <param name="ShippingMethod"><c>standard</c>, <c>express</c> or <c>next-day</c>.</param>
/// <param name="Lines">Ordered lines with what was refunded (a refunded unit is not shipped).</param>
public sealed record OrderForFulfilment(
    string OrderNumber,
    string Status,
    string Email,
    string? Phone,
    ShippingAddressSnapshot ShippingAddress,
    string ShippingMethod,
    IReadOnlyList<OrderLineForFulfilment> Lines);

/// <summary>One ordered SKU.</summary>
public sealed record OrderLineForFulfilment(Guid LineId, string Sku, string Name, int Quantity, int RefundedQuantity, string? Warehouse);

/// <summary>A delivery address.</summary>
public sealed record ShippingAddressSnapshot(string Name, string Line1, string? Line2, string City, string Postcode, string Country);

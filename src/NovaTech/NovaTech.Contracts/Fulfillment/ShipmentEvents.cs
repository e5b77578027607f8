using Platform.Messaging;

namespace NovaTech.Contracts.Fulfillment;

/// <summary>Units of an order left a warehouse with a carrier. Ordering moves the order to Fulfilling/Shipped.</summary>
[IntegrationEventName("novatech.fulfillment.shipment-dispatched.v1")]
public sealed record ShipmentDispatchedIntegrationEvent(
    string OrderNumber,
    Guid ShipmentId,
    string Warehouse,
    string Carrier,
    string TrackingNumber,
    IReadOnlyList<ShippedLine> Lines,
    bool OrderFullyShipped,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>Quantity of one order line in a shipment.</summary>
public sealed record ShippedLine(Guid LineId, string Sku, int Quantity);

/// <summary>
/// A carrier reported a new state for a shipment (<c>InTransit</c>, <c>OutForDelivery</c>, <c>Delivered</c>,
/// <c>Exception</c>). <paramref name="OrderFullyDelivered"/> is true when every shipped line of a fully shipped
/// order is delivered: Ordering then moves the order to Delivered.
/// </summary>
[IntegrationEventName("novatech.fulfillment.shipment-status-changed.v1")]
public sealed record ShipmentStatusChangedIntegrationEvent(
    string OrderNumber,
    Guid ShipmentId,
    string Status,
    string? Description,
    bool OrderFullyDelivered,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

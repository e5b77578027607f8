using NovaTech.Contracts.Fulfillment;
using NovaTech.Contracts.Ordering;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Features.Payments;
using Platform.Messaging;

namespace NovaTech.Ordering.Features.Fulfilment;

/// <summary>
/// A parcel left a warehouse: the order becomes Fulfilling, or Shipped when nothing is left to ship. The customer's
/// "on its way" email is fulfilment's (it has the carrier, tracking link and parcel contents): one owner, one email.
/// </summary>
internal sealed class FollowShipmentDispatched(OrderingDbContext db, OrderPayments orders, TimeProvider time) : IIntegrationEventHandler<ShipmentDispatchedIntegrationEvent>
{
    public async Task HandleAsync(ShipmentDispatchedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var order = await orders.LoadAsync(integrationEvent.OrderNumber, cancellationToken)
            ?? throw new InvalidOperationException($"Fulfilment shipped order {integrationEvent.OrderNumber}, which Ordering does not have.");
        var now = time.GetUtcNow();
        var units = integrationEvent.Lines.Sum(l => l.Quantity);
        if (order.RecordShipmentDispatched(integrationEvent.ShipmentId, integrationEvent.Carrier, integrationEvent.TrackingNumber, units,
            integrationEvent.OrderFullyShipped, integrationEvent.OccurredAt, now))
        {
            db.AddIntegrationEvent(new OrderStatusChangedIntegrationEvent(order.Number, order.Status.ToString(), now));
        }

        // The inbox row commits with this; a concurrent change of the order fails on its version and the message is retried.
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>A carrier moved a parcel: recorded on the order; Delivered once every line is. The "delivered" email is fulfilment's.</summary>
internal sealed class FollowShipmentStatus(OrderingDbContext db, OrderPayments orders, TimeProvider time) : IIntegrationEventHandler<ShipmentStatusChangedIntegrationEvent>
{
    public async Task HandleAsync(ShipmentStatusChangedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var order = await orders.LoadAsync(integrationEvent.OrderNumber, cancellationToken)
            ?? throw new InvalidOperationException($"A carrier moved a parcel of order {integrationEvent.OrderNumber}, which Ordering does not have.");
        var now = time.GetUtcNow();
        if (order.RecordShipmentStatus(integrationEvent.ShipmentId, integrationEvent.Status, integrationEvent.Description,
            integrationEvent.OrderFullyDelivered, integrationEvent.OccurredAt, now))
        {
            db.AddIntegrationEvent(new OrderStatusChangedIntegrationEvent(order.Number, order.Status.ToString(), now));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

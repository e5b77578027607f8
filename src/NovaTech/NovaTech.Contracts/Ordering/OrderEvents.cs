using Platform.Messaging;

namespace NovaTech.Contracts.Ordering;

/// <summary>An order was placed and its stock reserved; payment is pending.</summary>
/// <param name="OrderNumber">The order number customers see, e.g. <c>NV-270503-K7QX2M</c>.</param>
/// <param name="CustomerId">The signed-in customer, or null for a guest.</param>
/// <param name="TotalPence">Total charged, VAT included.</param>
/// <param name="Skus">The SKUs ordered.</param>
/// <param name="OccurredAt">When it happened.</param>
[IntegrationEventName("novatech.ordering.order-placed.v1")]
public sealed record OrderPlacedIntegrationEvent(string OrderNumber, Guid? CustomerId, long TotalPence, IReadOnlyList<string> Skus, DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>An order was paid; fulfilment may start.</summary>
/// <param name="OrderNumber">The order number.</param>
/// <param name="CustomerId">The signed-in customer, or null for a guest.</param>
/// <param name="TotalPence">Amount paid.</param>
/// <param name="OccurredAt">When the payment was recorded.</param>
[IntegrationEventName("novatech.ordering.order-paid.v1")]
public sealed record OrderPaidIntegrationEvent(string OrderNumber, Guid? CustomerId, long TotalPence, DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>The customer's payment failed; the reserved stock was released.</summary>
/// <param name="OrderNumber">The order number.</param>
/// <param name="FailureCode">The provider's code, e.g. <c>card_declined</c>.</param>
/// <param name="OccurredAt">When it happened.</param>
[IntegrationEventName("novatech.ordering.payment-failed.v1")]
public sealed record OrderPaymentFailedIntegrationEvent(string OrderNumber, string? FailureCode, DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>An order was cancelled (by the customer, or because payment never arrived).</summary>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Reason"><c>customer</c>, <c>payment_expired</c> or <c>out_of_stock</c>.</param>
/// <param name="OccurredAt">When it happened.</param>
[IntegrationEventName("novatech.ordering.order-cancelled.v1")]
public sealed record OrderCancelledIntegrationEvent(string OrderNumber, string Reason, DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>Money went back to the customer for all or part of an order.</summary>
/// <param name="OrderNumber">The order number.</param>
/// <param name="RefundId">Our id of this refund.</param>
/// <param name="AmountPence">Amount of this refund.</param>
/// <param name="FullyRefunded">True when nothing is left to refund.</param>
/// <param name="Reason">Why, e.g. <c>requested_by_customer</c>, <c>out_of_stock</c>.</param>
/// <param name="OccurredAt">When it happened.</param>
[IntegrationEventName("novatech.ordering.order-refunded.v1")]
public sealed record OrderRefundedIntegrationEvent(string OrderNumber, Guid RefundId, long AmountPence, bool FullyRefunded, string Reason, DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>An order changed status (any transition), for order tracking and analytics.</summary>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Status">The new status, e.g. <c>Paid</c>, <c>Shipped</c>.</param>
/// <param name="OccurredAt">When it happened.</param>
[IntegrationEventName("novatech.ordering.order-status-changed.v1")]
public sealed record OrderStatusChangedIntegrationEvent(string OrderNumber, string Status, DateTimeOffset OccurredAt) : IIntegrationEvent;

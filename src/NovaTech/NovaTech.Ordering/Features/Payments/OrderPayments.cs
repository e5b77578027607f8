using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NovaTech.Contracts.Inventory;
using NovaTech.Contracts.Ordering;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Domain;
using NovaTech.Ordering.Notifications;
using Platform.Messaging;
using Platform.Payments;
using Platform.Payments.Webhooks;
using Platform.Web;

namespace NovaTech.Ordering.Features.Payments;

/// <summary>
/// What payments do to orders: the webhook's effects (paid, failed, expired), cancellations and refunds. Events are
/// at least once and unordered, so each effect is decided from the order's state, the event id is recorded in the
/// same SaveChanges as the change (a replay finds it and does nothing), and every call to Inventory or the payment
/// provider carries an id derived from the order, so a retry after a crash repeats nothing.
/// </summary>
internal sealed class OrderPayments(OrderingDbContext db, IStockReservations reservations, IPaymentProvider payments,
    IOptions<OrderingOptions> options, TimeProvider time, ILogger<OrderPayments> logger)
{
    public async Task HandleAsync(PaymentEvent evt, CancellationToken cancellationToken)
    {
        if (await db.ProcessedWebhooks.AnyAsync(w => w.EventId == evt.Id, cancellationToken))
        {
            return;
        }

        var number = evt.ClientReferenceId ?? evt.Metadata.GetValueOrDefault("order_number");
        var order = number is null ? null : await LoadAsync(number, cancellationToken);
        if (order is null)
        {
            logger.LogInformation("Payment event {Event} ({Type}) names no order of ours", evt.Id, evt.Type);
            await SaveAsync(evt, null, cancellationToken);
            return;
        }

        switch (evt.Type)
        {
            case "checkout.session.completed" or "checkout.session.async_payment_succeeded" when evt.PaymentStatus == "paid":
                await OnPaidAsync(order, evt, cancellationToken);
                break;
            case "payment_intent.payment_failed" or "checkout.session.async_payment_failed":
                await OnPaymentFailedAsync(order, evt, cancellationToken);
                break;
            case "checkout.session.expired":
                await OnExpiredAsync(order, evt, cancellationToken);
                break;
            default:
                // charge.refunded and others: our refunds are recorded when we make them; keep the event as seen.
                await SaveAsync(evt, order.Number, cancellationToken);
                break;
        }
    }

    private async Task OnPaidAsync(Order order, PaymentEvent evt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var intent = evt.PaymentIntentId ?? (order.PaymentSessionId is { } session ? (await payments.GetCheckoutSessionAsync(session, cancellationToken)).PaymentIntentId : null);
        if (order.Status == OrderStatus.Cancelled && !order.WasPaid)
        {
            // Cancelled (by the customer, or the session expired) before the money arrived: give it back.
            await ReturnCommittedStockAsync(order, "late-payment", cancellationToken);
            var refund = order.AcceptPaymentToRefund(intent, order.CancellationReason ?? "order_cancelled", DerivedId(order.Id, "auto-refund"), now);
            await SaveAsync(evt, order.Number, cancellationToken);
            await ExecuteRefundAsync(order.Number, refund.Id, cancellationToken);
            return;
        }

        if (order.Status is not (OrderStatus.PendingPayment or OrderStatus.PaymentFailed))
        {
            await SaveAsync(evt, order.Number, cancellationToken);
            return;
        }

        var reservationId = order.ReservationId;
        var committed = await reservations.CommitAsync(reservationId, cancellationToken);
        if (committed is not (ReservationOutcome.Done or ReservationOutcome.AlreadyDone))
        {
            // The hold lapsed (expired, or released after a failed attempt): take the stock again if it is still there.
            reservationId = DerivedId(order.Id, "re-reserve", evt.Id);
            var lines = order.Lines.Select(l => new ReservationLine(l.Sku, l.Quantity)).ToList();
            var again = await reservations.ReserveAsync(reservationId, order.Number, lines, options.Value.ReservationTtl, cancellationToken);
            if (!again.Succeeded || await reservations.CommitAsync(reservationId, cancellationToken) is not (ReservationOutcome.Done or ReservationOutcome.AlreadyDone))
            {
                logger.LogWarning("Order {Order} was paid after its reservation lapsed and {Sku} is gone; refunding", order.Number, again.ShortSku);
                var refund = order.AcceptPaymentToRefund(intent, "out_of_stock", DerivedId(order.Id, "auto-refund"), now);
                db.AddIntegrationEvent(new OrderCancelledIntegrationEvent(order.Number, "out_of_stock", now));
                db.AddIntegrationEvent(new OrderStatusChangedIntegrationEvent(order.Number, nameof(OrderStatus.Cancelled), now));
                await SaveAsync(evt, order.Number, cancellationToken);
                await ExecuteRefundAsync(order.Number, refund.Id, cancellationToken);
                return;
            }
        }

        order.MarkPaid(intent, reservationId, now);
        db.AddIntegrationEvent(new OrderPaidIntegrationEvent(order.Number, order.CustomerId, order.TotalPence, now));
        db.AddIntegrationEvent(new OrderStatusChangedIntegrationEvent(order.Number, nameof(OrderStatus.Paid), now));
        OrderEmails.RequestConfirmation(db, order);
        await SaveAsync(evt, order.Number, cancellationToken);
    }

    private async Task OnPaymentFailedAsync(Order order, PaymentEvent evt, CancellationToken cancellationToken)
    {
        if (order.Status != OrderStatus.PendingPayment)
        {
            await SaveAsync(evt, order.Number, cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        order.MarkPaymentFailed(evt.DeclineCode ?? evt.FailureCode, now);
        db.AddIntegrationEvent(new OrderPaymentFailedIntegrationEvent(order.Number, evt.DeclineCode ?? evt.FailureCode, now));
        db.AddIntegrationEvent(new OrderStatusChangedIntegrationEvent(order.Number, nameof(OrderStatus.PaymentFailed), now));
        OrderEmails.RequestPaymentFailed(db, order);
        if (await SaveAsync(evt, order.Number, cancellationToken))
        {
            await reservations.ReleaseAsync(order.ReservationId, cancellationToken);
        }
    }

    private async Task OnExpiredAsync(Order order, PaymentEvent evt, CancellationToken cancellationToken)
    {
        if (order.Status is not (OrderStatus.PendingPayment or OrderStatus.PaymentFailed))
        {
            await SaveAsync(evt, order.Number, cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        order.ExpireUnpaid(now);
        db.AddIntegrationEvent(new OrderCancelledIntegrationEvent(order.Number, "payment_expired", now));
        db.AddIntegrationEvent(new OrderStatusChangedIntegrationEvent(order.Number, nameof(OrderStatus.Cancelled), now));
        await SaveAsync(evt, order.Number, cancellationToken);
        await reservations.ReleaseAsync(order.ReservationId, cancellationToken);
    }

    /// <summary>The customer cancels before shipment: an unpaid order releases its stock, a paid one is refunded and its stock put back.</summary>
    public async Task<Order> CancelAsync(string number, CancellationToken cancellationToken)
    {
        var order = await LoadAsync(number, cancellationToken) ?? throw OrderNotFound();
        var now = time.GetUtcNow();
        var refund = order.Cancel("customer", DerivedId(order.Id, "cancel-refund"), now);
        db.AddIntegrationEvent(new OrderCancelledIntegrationEvent(order.Number, "customer", now));
        db.AddIntegrationEvent(new OrderStatusChangedIntegrationEvent(order.Number, nameof(OrderStatus.Cancelled), now));
        await db.SaveChangesAsync(cancellationToken);
        if (refund is null)
        {
            await reservations.ReleaseAsync(order.ReservationId, cancellationToken);
            return order;
        }

        return await ExecuteRefundAsync(order.Number, refund.Id, cancellationToken);
    }

    /// <summary>A merchant refunds lines (or the whole order). Returned units go back on hand in the warehouse they left.</summary>
    public async Task<Order> RefundAsync(string number, IReadOnlyList<RefundLineRequest>? lines, string reason, CancellationToken cancellationToken)
    {
        var order = await LoadAsync(number, cancellationToken) ?? throw OrderNotFound();
        var refund = order.RequestRefund(Guid.CreateVersion7(time.GetUtcNow()), lines, reason, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await ExecuteRefundAsync(order.Number, refund.Id, cancellationToken);
    }

    /// <summary>Sends a pending refund to the provider (idempotency key = refund id) and records the outcome.</summary>
    public async Task<Order> ExecuteRefundAsync(string number, Guid refundId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var order = await LoadAsync(number, cancellationToken) ?? throw OrderNotFound();
        var refund = order.Refunds.SingleOrDefault(r => r.Id == refundId);
        if (refund is not { Status: "pending" })
        {
            return order;
        }

        PaymentRefund done;
        try
        {
            var intent = order.PaymentIntentId ?? throw new PaymentInvalidRequestException($"Order {number} has no payment to refund.");
            done = await payments.RefundAsync(new RefundRequest(intent, refund.AmountPence)
            {
                IdempotencyKey = "novatech-refund-" + refundId.ToString("N"),
                Reason = "requested_by_customer",
                Metadata = new Dictionary<string, string> { ["order_number"] = number, ["reason"] = refund.Reason },
            }, cancellationToken);
        }
        catch (PaymentException ex)
        {
            logger.LogWarning(ex, "Refund {Refund} of order {Order} failed", refundId, number);
            order.FailRefund(refundId, ex.Message, time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            throw DomainException.Conflict(OrderingErrors.RefundFailed, $"The payment provider refused the refund: {ex.Message}");
        }

        var now = time.GetUtcNow();
        order.CompleteRefund(refundId, done.Id, now);
        db.AddIntegrationEvent(new OrderRefundedIntegrationEvent(number, refundId, refund.AmountPence, order.FullyRefunded, refund.Reason, now));
        db.AddIntegrationEvent(new OrderStatusChangedIntegrationEvent(number, order.Status.ToString(), now));
        OrderEmails.RequestRefunded(db, order, refund);
        await db.SaveChangesAsync(CancellationToken.None);

        foreach (var line in refund.Lines.Where(l => l.Returned))
        {
            var sku = order.Lines.Single(l => l.LineNumber == line.LineNumber).Sku;
            await reservations.ReturnAsync(order.ReservationId, sku, line.Quantity, DerivedId(refundId, "return", line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);
        }

        return order;
    }

    public Task<Order?> LoadAsync(string number, CancellationToken cancellationToken) =>
        db.Orders.Include(o => o.Lines).Include(o => o.Refunds).ThenInclude(r => r.Lines).Include(o => o.Shipments).Include(o => o.History).AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Number == number, cancellationToken);

    public static DomainException OrderNotFound() => DomainException.NotFound(OrderingErrors.OrderNotFound, "There is no such order.");

    /// <summary>A stable id for an effect of one order (or one event), so a retried effect reuses it.</summary>
    public static Guid DerivedId(Guid owner, params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(owner.ToString("N") + "|" + string.Join('|', parts)));
        return new Guid(hash.AsSpan(0, 16));
    }

    // If an earlier, interrupted attempt committed the reservation of an order that then ended up cancelled, the units go back.
    private async Task ReturnCommittedStockAsync(Order order, string why, CancellationToken cancellationToken)
    {
        foreach (var line in order.Lines)
        {
            await reservations.ReturnAsync(order.ReservationId, line.Sku, line.Quantity, DerivedId(order.Id, why, line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        }
    }

    /// <summary>Saves the effect with the event's dedupe row; false when a concurrent delivery of the same event got there first.</summary>
    private async Task<bool> SaveAsync(PaymentEvent evt, string? orderNumber, CancellationToken cancellationToken)
    {
        db.ProcessedWebhooks.Add(new ProcessedWebhook(evt.Id, evt.Type, orderNumber, time.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The same event, delivered twice at once, was applied by the other delivery: one effect.
            if (!await AlreadyProcessedAsync(evt.Id))
            {
                throw;
            }

            return false;
        }
    }

    private async Task<bool> AlreadyProcessedAsync(string eventId)
    {
        db.ChangeTracker.Clear();
        return await db.ProcessedWebhooks.AnyAsync(w => w.EventId == eventId);
    }
}

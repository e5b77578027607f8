using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NovaTech.Contracts.Ordering;
using NovaTech.Ordering.Data;
using Platform.Messaging;
using Platform.Notifications;

namespace NovaTech.Ordering.Notifications;

/// <summary>The customer e-mails of the order journey, sent from Ordering's own events (outbox → inbox: once each).</summary>
internal static class OrderEmails
{
    public const string Confirmed = "novatech.order-confirmed";
    public const string PaymentFailed = "novatech.order-payment-failed";
    public const string Refunded = "novatech.order-refunded";

    public static readonly EmailTemplate[] Templates =
    [
        new(Confirmed, "Thank you for your order {{OrderNumber}}",
            "<p>Thank you for shopping with NovaTech. We have your payment of <strong>{{Total}}</strong> for order <strong>{{OrderNumber}}</strong>.</p><p>Expected delivery: {{Delivery}}.</p>",
            "Thank you for shopping with NovaTech. We have your payment of {{Total}} for order {{OrderNumber}}.\nExpected delivery: {{Delivery}}."),
        new(PaymentFailed, "Payment for order {{OrderNumber}} did not go through",
            "<p>Your payment for order <strong>{{OrderNumber}}</strong> was not accepted ({{Reason}}). Nothing was charged and the items were released.</p>",
            "Your payment for order {{OrderNumber}} was not accepted ({{Reason}}). Nothing was charged and the items were released."),
        new(Refunded, "Refund of {{Amount}} for order {{OrderNumber}}",
            "<p>We have refunded <strong>{{Amount}}</strong> for order <strong>{{OrderNumber}}</strong>. {{Explanation}}</p><p>Refunds reach your card within 5–10 working days.</p>",
            "We have refunded {{Amount}} for order {{OrderNumber}}. {{Explanation}}\nRefunds reach your card within 5-10 working days."),
    ];

    public static string Money(long pence) => string.Create(CultureInfo.GetCultureInfo("en-GB"), $"£{pence / 100m:N2}");
}

internal sealed class SendOrderConfirmation(OrderingDbContext db, INotificationService notifications) : IIntegrationEventHandler<OrderPaidIntegrationEvent>
{
    public async Task HandleAsync(OrderPaidIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Number == integrationEvent.OrderNumber, cancellationToken);
        if (order is null)
        {
            return;
        }

        var delivery = order.EarliestDelivery == order.LatestDelivery
            ? order.EarliestDelivery.ToString("dddd d MMMM", CultureInfo.GetCultureInfo("en-GB"))
            : $"{order.EarliestDelivery.ToString("d MMM", CultureInfo.GetCultureInfo("en-GB"))} – {order.LatestDelivery.ToString("d MMM", CultureInfo.GetCultureInfo("en-GB"))}";
        await notifications.SendEmailAsync(OrderEmails.Confirmed, order.Email,
            new Dictionary<string, string?> { ["OrderNumber"] = order.Number, ["Total"] = OrderEmails.Money(order.TotalPence), ["Delivery"] = delivery },
            order.Number, cancellationToken: cancellationToken);
    }
}

internal sealed class SendPaymentFailed(OrderingDbContext db, INotificationService notifications) : IIntegrationEventHandler<OrderPaymentFailedIntegrationEvent>
{
    public async Task HandleAsync(OrderPaymentFailedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var email = await db.Orders.Where(o => o.Number == integrationEvent.OrderNumber).Select(o => o.Email).FirstOrDefaultAsync(cancellationToken);
        if (email is null)
        {
            return;
        }

        await notifications.SendEmailAsync(OrderEmails.PaymentFailed, email,
            new Dictionary<string, string?> { ["OrderNumber"] = integrationEvent.OrderNumber, ["Reason"] = (integrationEvent.FailureCode ?? "declined").Replace('_', ' ') },
            integrationEvent.OrderNumber, cancellationToken: cancellationToken);
    }
}

internal sealed class SendRefundNotice(OrderingDbContext db, INotificationService notifications) : IIntegrationEventHandler<OrderRefundedIntegrationEvent>
{
    public async Task HandleAsync(OrderRefundedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var email = await db.Orders.Where(o => o.Number == integrationEvent.OrderNumber).Select(o => o.Email).FirstOrDefaultAsync(cancellationToken);
        if (email is null)
        {
            return;
        }

        var explanation = integrationEvent.Reason switch
        {
            "out_of_stock" => "Sorry: your payment arrived after the items had sold out, so we cancelled the order and refunded you in full.",
            "customer" => "Your order was cancelled as you asked.",
            _ => integrationEvent.FullyRefunded ? "The order is now fully refunded." : "The rest of your order is unaffected.",
        };
        await notifications.SendEmailAsync(OrderEmails.Refunded, email,
            new Dictionary<string, string?> { ["OrderNumber"] = integrationEvent.OrderNumber, ["Amount"] = OrderEmails.Money(integrationEvent.AmountPence), ["Explanation"] = explanation },
            integrationEvent.OrderNumber, cancellationToken: cancellationToken);
    }
}

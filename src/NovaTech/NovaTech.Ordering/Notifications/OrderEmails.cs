using System.Globalization;
using Microsoft.Extensions.Logging;
using NovaTech.Ordering.Domain;
using Platform.Notifications;

namespace NovaTech.Ordering.Notifications;

/// <summary>
/// The customer e-mails of the order journey. Sent right after the change they report has committed, through the
/// notification service's own delivery log (which retries failed sends). Not sent from an integration-event handler:
/// a handler runs inside the consumer's transaction, and on SQLite the notification service's write from a second
/// connection would wait on that transaction's write lock until the busy timeout.
/// </summary>
internal sealed class OrderEmails(INotificationService notifications, ILogger<OrderEmails> logger)
{
    public const string Confirmed = "novatech.order-confirmed";
    public const string PaymentFailed = "novatech.order-payment-failed";
    public const string Refunded = "novatech.order-refunded";

    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public static readonly EmailTemplate[] Templates =
    [
        new(Confirmed, "Thank you for your order {{OrderNumber}}",
            "<p>Thank you for shopping with NovaTech. We have your payment of <strong>{{Total}}</strong> for order <strong>{{OrderNumber}}</strong>.</p><p>Expected delivery: {{Delivery}}.</p>",
            "Thank you for shopping with NovaTech. We have your payment of {{Total}} for order {{OrderNumber}}.\nExpected delivery: {{Delivery}}."),
        new(PaymentFailed, "Payment for order {{OrderNumber}} did not go through",
            "<p>Your payment for order <strong>{{OrderNumber}}</strong> was not accepted ({{Reason}}). Nothing was charged and the items were released.</p>",
            "Your payment for order {{OrderNumber}} was not accepted ({{Reason}}). Nothing was charged and the items were released."),
        new(Refunded, "Refund of {{Amount}} for order {{OrderNumber}}",
            "<p>We have refunded <strong>{{Amount}}</strong> for order <strong>{{OrderNumber}}</strong>. {{Explanation}}</p><p>Refunds reach your card within 5 to 10 working days.</p>",
            "We have refunded {{Amount}} for order {{OrderNumber}}. {{Explanation}}\nRefunds reach your card within 5 to 10 working days."),
    ];

    public Task OrderPaidAsync(Order order) =>
        SendAsync(Confirmed, order, new Dictionary<string, string?>
        {
            ["OrderNumber"] = order.Number,
            ["Total"] = Money(order.TotalPence),
            ["Delivery"] = order.EarliestDelivery == order.LatestDelivery
                ? order.EarliestDelivery.ToString("dddd d MMMM", Uk)
                : $"{order.EarliestDelivery.ToString("d MMM", Uk)} to {order.LatestDelivery.ToString("d MMM", Uk)}",
        });

    public Task PaymentFailedAsync(Order order) =>
        SendAsync(PaymentFailed, order, new Dictionary<string, string?>
        {
            ["OrderNumber"] = order.Number,
            ["Reason"] = (order.PaymentFailureCode ?? "declined").Replace('_', ' '),
        });

    public Task RefundedAsync(Order order, OrderRefund refund) =>
        SendAsync(Refunded, order, new Dictionary<string, string?>
        {
            ["OrderNumber"] = order.Number,
            ["Amount"] = Money(refund.AmountPence),
            ["Explanation"] = refund.Reason switch
            {
                "out_of_stock" => "Sorry: your payment arrived after the items had sold out, so we cancelled the order and refunded you in full.",
                "customer" => "Your order was cancelled as you asked.",
                "order_cancelled" or "payment_expired" => "The order had already been cancelled when your payment arrived, so we refunded it in full.",
                _ => order.FullyRefunded ? "The order is now fully refunded." : "The rest of your order is unaffected.",
            },
        });

    public static string Money(long pence) => string.Create(Uk, $"£{pence / 100m:N2}");

    private async Task SendAsync(string template, Order order, Dictionary<string, string?> model)
    {
        try
        {
            await notifications.SendEmailAsync(template, order.Email, model, order.Number, cancellationToken: CancellationToken.None);
        }
        catch (NotificationTemplateException ex)
        {
            logger.LogError(ex, "E-mail {Template} for order {Order} could not be rendered", template, order.Number);
        }
    }
}

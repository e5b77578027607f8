using System.Globalization;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Domain;
using Platform.Notifications;

namespace NovaTech.Ordering.Notifications;

/// <summary>
/// The customer e-mails of the order journey, requested through the module's outbox in the same <c>SaveChanges</c> as
/// the change they report: sent once after it commits, never for a change that rolled back. Shipped and delivered
/// e-mails belong to NovaTech.Fulfillment (it has the parcel, carrier and tracking link).
/// </summary>
internal static class OrderEmails
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

    public static void RequestConfirmation(OrderingDbContext db, Order order) =>
        db.RequestEmail(Confirmed, order.Email, new Dictionary<string, string?>
        {
            ["OrderNumber"] = order.Number,
            ["Total"] = Money(order.TotalPence),
            ["Delivery"] = order.EarliestDelivery == order.LatestDelivery
                ? order.EarliestDelivery.ToString("dddd d MMMM", Uk)
                : $"{order.EarliestDelivery.ToString("d MMM", Uk)} to {order.LatestDelivery.ToString("d MMM", Uk)}",
        }, order.Number);

    public static void RequestPaymentFailed(OrderingDbContext db, Order order) =>
        db.RequestEmail(PaymentFailed, order.Email, new Dictionary<string, string?>
        {
            ["OrderNumber"] = order.Number,
            ["Reason"] = (order.PaymentFailureCode ?? "declined").Replace('_', ' '),
        }, order.Number);

    public static void RequestRefunded(OrderingDbContext db, Order order, OrderRefund refund) =>
        db.RequestEmail(Refunded, order.Email, new Dictionary<string, string?>
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
        }, order.Number);

    public static string Money(long pence) => string.Create(Uk, $"£{pence / 100m:N2}");
}

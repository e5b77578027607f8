using System.Globalization;
using NovaTech.Fulfillment.Data;
using NovaTech.Fulfillment.Domain;
using Platform.Notifications;

namespace NovaTech.Fulfillment.Notifications;

/// <summary>
/// The customer messages of fulfilment, one per parcel: "on its way" with carrier, tracking number and link, and
/// "delivered". Fulfilment owns them (Ordering only follows the order's status), so each is sent once.
/// </summary>
internal static class ShipmentNotifications
{
    public const string DispatchedEmail = "novatech.shipment-dispatched";
    public const string DeliveredEmail = "novatech.shipment-delivered";
    public const string DispatchedSms = "novatech.shipment-dispatched.sms";
    public const string DeliveredSms = "novatech.shipment-delivered.sms";

    public static readonly EmailTemplate[] EmailTemplates =
    [
        new(DispatchedEmail, "Your NovaTech order {{OrderNumber}} is on its way",
            "<p>Hello {{Name}},</p><p>Good news: part of your order <strong>{{OrderNumber}}</strong> has left our warehouse with {{CarrierName}}.</p>" +
            "<p>In this parcel: {{Items}}</p><p>Tracking number: <strong>{{TrackingNumber}}</strong><br><a href=\"{{TrackingUrl}}\">Track your parcel with {{CarrierName}}</a></p>" +
            "<p>{{Remaining}}</p><p>Thank you for shopping with NovaTech.</p>",
            "Hello {{Name}},\n\nGood news: part of your order {{OrderNumber}} has left our warehouse with {{CarrierName}}.\n\nIn this parcel: {{Items}}\n" +
            "Tracking number: {{TrackingNumber}}\nTrack your parcel: {{TrackingUrl}}\n\n{{Remaining}}\n\nThank you for shopping with NovaTech."),
        new(DeliveredEmail, "Your NovaTech parcel for order {{OrderNumber}} has been delivered",
            "<p>Hello {{Name}},</p><p>{{CarrierName}} has delivered your parcel for order <strong>{{OrderNumber}}</strong> (tracking number {{TrackingNumber}}) on {{DeliveredAt}}.</p>" +
            "<p>In the parcel: {{Items}}</p><p>{{Remaining}}</p><p>If anything is missing or damaged, reply to this email and our support team will put it right.</p>",
            "Hello {{Name}},\n\n{{CarrierName}} has delivered your parcel for order {{OrderNumber}} (tracking number {{TrackingNumber}}) on {{DeliveredAt}}.\n\n" +
            "In the parcel: {{Items}}\n\n{{Remaining}}\n\nIf anything is missing or damaged, reply to this email and our support team will put it right."),
    ];

    public static readonly SmsTemplate[] SmsTemplates =
    [
        new(DispatchedSms, "NovaTech: your order {{OrderNumber}} is on its way with {{CarrierName}}. Track it: {{TrackingUrl}}"),
        new(DeliveredSms, "NovaTech: {{CarrierName}} has delivered your parcel for order {{OrderNumber}}. Enjoy!"),
    ];

    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static Dictionary<string, object?> Model(Shipment shipment, string remaining) => new()
    {
        ["Name"] = shipment.Recipient.Name,
        ["OrderNumber"] = shipment.OrderNumber,
        ["CarrierName"] = shipment.CarrierInfo.Name,
        ["TrackingNumber"] = shipment.TrackingNumber,
        ["TrackingUrl"] = shipment.TrackingUrl,
        ["Items"] = string.Join(", ", shipment.Lines.Select(l => string.Create(Uk, $"{l.Quantity} × {l.Name}"))),
        ["Remaining"] = remaining,
        ["DeliveredAt"] = TimeZoneInfo.ConvertTime(shipment.StatusAt, London).ToString("dddd d MMMM 'at' HH:mm", Uk),
    };

    /// <summary>
    /// Asks for the "on its way" message of a parcel in the caller's <c>SaveChanges</c> (the outbox sends it once after
    /// the commit). Email always; SMS when the order has a phone.
    /// </summary>
    public static void RequestDispatched(FulfillmentDbContext db, Shipment shipment, bool orderFullyShipped) =>
        Request(db, shipment, DispatchedEmail, DispatchedSms, orderFullyShipped
            ? "This completes your order."
            : "The rest of your order will follow in a separate parcel; we will email you when it leaves us.");

    /// <summary>Asks for the "delivered" message of a parcel in the caller's <c>SaveChanges</c>.</summary>
    public static void RequestDelivered(FulfillmentDbContext db, Shipment shipment, bool orderFullyDelivered) =>
        Request(db, shipment, DeliveredEmail, DeliveredSms, orderFullyDelivered
            ? "That is everything you ordered."
            : "Anything else from your order is travelling separately.");

    private static void Request(FulfillmentDbContext db, Shipment shipment, string emailTemplate, string smsTemplate, string remaining)
    {
        var model = Model(shipment, remaining);
        db.RequestEmail(emailTemplate, shipment.Recipient.Email, model, shipment.OrderNumber);
        if (E164.IsValid(shipment.Recipient.Phone))
        {
            db.RequestSms(smsTemplate, shipment.Recipient.Phone!, model, shipment.OrderNumber);
        }
    }
}

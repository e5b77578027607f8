using System.Globalization;
using NovaTech.Contracts.Fulfillment;
using NovaTech.Fulfillment.Data;
using NovaTech.Fulfillment.Domain;
using Platform.Messaging;
using Platform.Notifications;

namespace NovaTech.Fulfillment.Notifications;

/// <summary>
/// The customer messages of fulfilment, sent from the module's own events (outbox → inbox, so once per event):
/// "on its way" with carrier, tracking number and link, and "delivered". Email always; SMS when the order has a phone.
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

    public static async Task SendAsync(INotificationService notifications, Shipment shipment, string emailTemplate, string smsTemplate,
        string remaining, CancellationToken cancellationToken)
    {
        var model = Model(shipment, remaining);
        await notifications.SendEmailAsync(emailTemplate, shipment.Recipient.Email, model, shipment.OrderNumber, cancellationToken: cancellationToken);
        if (E164.IsValid(shipment.Recipient.Phone))
        {
            await notifications.SendSmsAsync(smsTemplate, shipment.Recipient.Phone!, model, shipment.OrderNumber, cancellationToken);
        }
    }
}

/// <summary>Queues the "on its way" message for a dispatched shipment (in the inbox transaction, so once per event).</summary>
internal sealed class SendDispatchNotice(FulfillmentDbContext db, TimeProvider time) : IIntegrationEventHandler<ShipmentDispatchedIntegrationEvent>
{
    public Task HandleAsync(ShipmentDispatchedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        db.Notices.Add(CustomerNotice.Queue(context.MessageId, integrationEvent.ShipmentId, NoticeKind.Dispatched, integrationEvent.OrderFullyShipped, time.GetUtcNow()));
        return Task.CompletedTask;
    }
}

/// <summary>Queues the "delivered" message when a shipment reaches Delivered.</summary>
internal sealed class SendDeliveryNotice(FulfillmentDbContext db, TimeProvider time) : IIntegrationEventHandler<ShipmentStatusChangedIntegrationEvent>
{
    public Task HandleAsync(ShipmentStatusChangedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        if (integrationEvent.Status == nameof(ShipmentStatus.Delivered))
        {
            db.Notices.Add(CustomerNotice.Queue(context.MessageId, integrationEvent.ShipmentId, NoticeKind.Delivered, integrationEvent.OrderFullyDelivered, time.GetUtcNow()));
        }

        return Task.CompletedTask;
    }
}

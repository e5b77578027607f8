using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging;

namespace Platform.Notifications;

/// <summary>
/// A notification a module asked for in the same transaction as the business change that caused it. The
/// notifications consumer renders and sends it through <see cref="INotificationService"/> (delivery log, retries,
/// resend), exactly once per request, in its own transaction: so a message handler never sends from inside its
/// module's write transaction, and a crash between the change and the send loses nothing.
/// </summary>
/// <param name="Channel"><see cref="DeliveryChannel.Email"/> or <see cref="DeliveryChannel.Sms"/>.</param>
/// <param name="TemplateKey">A registered email or SMS template.</param>
/// <param name="To">Email address or E.164 phone number.</param>
/// <param name="Values">The template's placeholder values, already formatted for people (UK time, en-GB).</param>
/// <param name="Reference">Business reference to find the delivery by, e.g. a booking reference.</param>
[IntegrationEventName("platform.notification-requested.v1")]
public sealed record NotificationRequested(
    string Channel,
    string TemplateKey,
    string To,
    IReadOnlyDictionary<string, string> Values,
    string? Reference) : IIntegrationEvent;

/// <summary>Asking for notifications through the module's outbox.</summary>
public static class NotificationRequests
{
    /// <summary>
    /// Queues the email template <paramref name="templateKey"/> to <paramref name="to"/> in the context's outbox; it is
    /// sent once the surrounding <c>SaveChanges</c> commits. The context's model must have the outbox.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not an email address.</exception>
    public static void RequestEmail(this DbContext db, string templateKey, string to, object? model, string? reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(templateKey);
        if (!MailAddress.TryCreate(to, out _))
        {
            throw new ArgumentException($"'{to}' is not an email address.", nameof(to));
        }

        db.AddIntegrationEvent(new NotificationRequested(DeliveryChannel.Email, templateKey, to, Values(model), reference));
    }

    /// <summary>Queues the SMS template <paramref name="templateKey"/> to an E.164 number, sent after the commit.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not an E.164 number.</exception>
    public static void RequestSms(this DbContext db, string templateKey, string to, object? model, string? reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(templateKey);
        if (!E164.IsValid(to))
        {
            throw new ArgumentException($"'{to}' is not an E.164 phone number.", nameof(to));
        }

        db.AddIntegrationEvent(new NotificationRequested(DeliveryChannel.Sms, templateKey, to, Values(model), reference));
    }

    // Formatted now, with the renderer's rules, so the message reads the same as a direct send.
    private static Dictionary<string, string> Values(object? model) =>
        TemplateRenderer.ToValues(model).ToDictionary(v => v.Key, v => TemplateRenderer.Format(v.Value), StringComparer.Ordinal);
}

/// <summary>Sends requested notifications; a bad template or address fails the message into the dead letters.</summary>
internal sealed class NotificationRequestedHandler(INotificationService notifications) : IIntegrationEventHandler<NotificationRequested>
{
    public Task HandleAsync(NotificationRequested integrationEvent, MessageContext context, CancellationToken cancellationToken) =>
        integrationEvent.Channel switch
        {
            DeliveryChannel.Email => notifications.SendEmailAsync(integrationEvent.TemplateKey, integrationEvent.To, integrationEvent.Values, integrationEvent.Reference, cancellationToken: cancellationToken),
            DeliveryChannel.Sms => notifications.SendSmsAsync(integrationEvent.TemplateKey, integrationEvent.To, integrationEvent.Values, integrationEvent.Reference, cancellationToken),
            _ => throw new InvalidOperationException($"Unknown notification channel '{integrationEvent.Channel}'."),
        };
}

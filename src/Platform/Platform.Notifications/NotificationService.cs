using System.Net.Mail;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Notifications.Data;

namespace Platform.Notifications;

internal sealed class NotificationService(
    NotificationsDbContext db,
    IEmailSender emailSender,
    ISmsSender smsSender,
    NotificationTemplates templates,
    IOptions<NotificationOptions> options,
    IOptions<EmailOptions> emailOptions,
    TimeProvider time,
    ILogger<NotificationService> logger) : INotificationService
{
    private const int MaxErrorLength = 2000;
    private readonly NotificationOptions _options = options.Value;
    private readonly EmailOptions _email = emailOptions.Value;

    public Task<DeliveryResult> SendEmailAsync(string templateKey, string to, object? model, string? reference,
        IReadOnlyList<EmailAttachment>? attachments = null, CancellationToken cancellationToken = default)
    {
        var template = templates.Email(templateKey);
        var subject = TemplateRenderer.Render(template.Subject, model, html: false).ReplaceLineEndings(" ").Trim();
        var content = TemplateRenderer.Render(template.Html, model, html: true);
        var message = new EmailMessage
        {
            To = [to],
            Subject = subject,
            HtmlBody = WrapInLayout(content, subject),
            TextBody = TemplateRenderer.Render(template.Text, model, html: false),
            Attachments = attachments ?? [],
        };
        return SendEmailAsync(message, reference, templateKey, cancellationToken);
    }

    public async Task<DeliveryResult> SendEmailAsync(EmailMessage message, string? reference, string? templateKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To.Count == 0 || message.To.Any(a => !MailAddress.TryCreate(a, out _)))
        {
            throw new ArgumentException("Every recipient must be a valid email address.", nameof(message));
        }

        // Normalised addresses (display names quoted) so the list parses back exactly for retries and resends.
        var recipients = string.Join(", ", message.To.Select(a => new MailAddress(a).ToString()));
        var delivery = NewDelivery(DeliveryChannel.Email, recipients, templateKey, reference);
        delivery.Subject = message.Subject;
        delivery.TextBody = message.TextBody;
        delivery.HtmlBody = message.HtmlBody;
        delivery.FromAddress = message.From;
        delivery.ReplyTo = message.ReplyTo;
        delivery.Headers = message.Headers.Count == 0 ? null : JsonSerializer.Serialize(message.Headers);
        db.Deliveries.Add(delivery);
        var position = 0;
        foreach (var attachment in message.Attachments)
        {
            db.DeliveryAttachments.Add(new DeliveryAttachment
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                DeliveryId = delivery.Id,
                Position = position++,
                FileName = attachment.FileName,
                ContentType = attachment.ContentType,
                Content = attachment.Content,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return await AttemptAsync(delivery, cancellationToken);
    }

    public Task<DeliveryResult> SendSmsAsync(string templateKey, string to, object? model, string? reference, CancellationToken cancellationToken = default)
    {
        var template = templates.Sms(templateKey);
        return SendSmsCoreAsync(to, TemplateRenderer.Render(template.Text, model, html: false), reference, templateKey, cancellationToken);
    }

    public Task<DeliveryResult> SendSmsTextAsync(string to, string text, string? reference, CancellationToken cancellationToken = default) =>
        SendSmsCoreAsync(to, text, reference, null, cancellationToken);

    private async Task<DeliveryResult> SendSmsCoreAsync(string to, string text, string? reference, string? templateKey, CancellationToken cancellationToken)
    {
        if (!E164.IsValid(to))
        {
            throw new ArgumentException($"'{to}' is not an E.164 phone number.", nameof(to));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var delivery = NewDelivery(DeliveryChannel.Sms, to, templateKey, reference);
        delivery.TextBody = text;
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return await AttemptAsync(delivery, cancellationToken);
    }

    public async Task<DeliveryResult?> ResendAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        var original = await db.Deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (original is null)
        {
            return null;
        }

        var copy = NewDelivery(original.Channel, original.Recipient, original.TemplateKey, original.Reference);
        copy.Subject = original.Subject;
        copy.TextBody = original.TextBody;
        copy.HtmlBody = original.HtmlBody;
        copy.FromAddress = original.FromAddress;
        copy.ReplyTo = original.ReplyTo;
        copy.Headers = original.Headers;
        copy.ResendOf = original.Id;
        db.Deliveries.Add(copy);
        var attachments = await db.DeliveryAttachments.AsNoTracking().Where(a => a.DeliveryId == original.Id).ToListAsync(cancellationToken);
        foreach (var attachment in attachments)
        {
            db.DeliveryAttachments.Add(new DeliveryAttachment
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                DeliveryId = copy.Id,
                Position = attachment.Position,
                FileName = attachment.FileName,
                ContentType = attachment.ContentType,
                Content = attachment.Content,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Delivery {DeliveryId} resent as {NewDeliveryId}", original.Id, copy.Id);
        return await AttemptAsync(copy, cancellationToken);
    }

    public async Task<DeliveryView?> GetAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        var delivery = await db.Deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        return delivery is null ? null : ToView(delivery);
    }

    public async Task<DeliveryPage> ListAsync(DeliveryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Status is not null && !DeliveryStatus.IsValid(query.Status))
        {
            throw new ArgumentException($"Unknown status '{query.Status}'.", nameof(query));
        }

        if (query.Limit is < 1 or > 200)
        {
            throw new ArgumentException("Limit must be between 1 and 200.", nameof(query));
        }

        var deliveries = db.Deliveries.AsNoTracking();
        if (query.Status is not null)
        {
            deliveries = deliveries.Where(d => d.Status == query.Status);
        }

        if (!string.IsNullOrEmpty(query.Reference))
        {
            deliveries = deliveries.Where(d => d.Reference == query.Reference);
        }

        if (query.Cursor is not null)
        {
            // Ids are version 7 GUIDs: ordered by creation time, the same on both engines.
            if (!Guid.TryParseExact(query.Cursor, "N", out var after))
            {
                throw new ArgumentException("The cursor is not valid.", nameof(query));
            }

            deliveries = deliveries.Where(d => d.Id.CompareTo(after) < 0);
        }

        var rows = await deliveries.OrderByDescending(d => d.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
        var more = rows.Count > query.Limit;
        var page = rows.Take(query.Limit).Select(ToView).ToList();
        return new DeliveryPage(page, more ? page[^1].Id.ToString("N") : null);
    }

    public async Task<int> RetryDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var due = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status != DeliveryStatus.Sent && d.NextAttemptAt != null && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => d.Id)
            .Take(50)
            .ToListAsync(cancellationToken);

        var tried = 0;
        foreach (var id in due)
        {
            // Claim: only the node whose conditional update moves the lease forward sends it.
            var leaseUntil = now + _options.ClaimLease;
            var claimed = await db.Deliveries
                .Where(d => d.Id == id && d.Status != DeliveryStatus.Sent && d.NextAttemptAt != null && d.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, leaseUntil), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var delivery = await db.Deliveries.SingleAsync(d => d.Id == id, cancellationToken);
            await AttemptAsync(delivery, cancellationToken);
            tried++;
        }

        return tried;
    }

    private Delivery NewDelivery(string channel, string recipient, string? templateKey, string? reference)
    {
        var now = time.GetUtcNow();
        return new Delivery
        {
            Id = Guid.CreateVersion7(now),
            Channel = channel,
            Recipient = recipient,
            TemplateKey = templateKey,
            Reference = string.IsNullOrWhiteSpace(reference) ? null : reference,
            Status = DeliveryStatus.Queued,
            CreatedAt = now,

            // The sending node holds a lease; if it dies before recording the outcome, the worker retries.
            NextAttemptAt = now + _options.ClaimLease,
        };
    }

    private async Task<DeliveryResult> AttemptAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        string? error = null;
        try
        {
            if (delivery.Channel == DeliveryChannel.Sms)
            {
                await smsSender.SendAsync(new SmsMessage(delivery.Recipient, delivery.TextBody ?? ""), cancellationToken);
            }
            else
            {
                await emailSender.SendAsync(await ToEmailAsync(delivery, cancellationToken), cancellationToken);
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            error = Describe(ex);
            logger.LogWarning(ex, "Delivery {DeliveryId} ({Channel}) failed on attempt {Attempt}", delivery.Id, delivery.Channel, delivery.Attempts + 1);
        }

        var now = time.GetUtcNow();
        delivery.Attempts++;
        if (error is null)
        {
            delivery.Status = DeliveryStatus.Sent;
            delivery.SentAt = now;
            delivery.NextAttemptAt = null;
            delivery.LastError = null;
        }
        else
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = error;
            delivery.NextAttemptAt = delivery.Attempts >= _options.MaxAttempts ? null : now + _options.BackoffAfter(delivery.Attempts);
        }

        // The outcome is recorded even if the caller gave up meanwhile, so the log tells the truth.
        await db.SaveChangesAsync(CancellationToken.None);
        return new DeliveryResult(delivery.Id, delivery.Status, error);
    }

    private async Task<EmailMessage> ToEmailAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var attachments = await db.DeliveryAttachments.AsNoTracking()
            .Where(a => a.DeliveryId == delivery.Id)
            .OrderBy(a => a.Position)
            .Select(a => new EmailAttachment(a.FileName, a.ContentType, a.Content))
            .ToListAsync(cancellationToken);
        var headers = delivery.Headers is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(delivery.Headers) ?? [], StringComparer.OrdinalIgnoreCase);
        if (!headers.ContainsKey("Message-ID"))
        {
            // One id per delivery: a resend is a new message, a retry of the same delivery is the same one.
            var from = new MailAddress(delivery.FromAddress ?? _email.From);
            headers["Message-ID"] = $"<{delivery.Id:N}@{from.Host}>";
        }

        return new EmailMessage
        {
            To = ParseRecipients(delivery.Recipient),
            From = delivery.FromAddress,
            Subject = delivery.Subject ?? "",
            TextBody = delivery.TextBody,
            HtmlBody = delivery.HtmlBody,
            ReplyTo = delivery.ReplyTo,
            Headers = headers,
            Attachments = attachments,
        };
    }

    private static string[] ParseRecipients(string recipients)
    {
        var list = new MailAddressCollection { recipients };
        return list.Select(a => a.ToString()).ToArray();
    }

    private string WrapInLayout(string content, string subject)
    {
        var values = new Dictionary<string, string?> { ["Subject"] = subject, ["Product"] = _email.Product };
        var parts = templates.Layout.Html.Split("{{Content}}");
        return string.Join(content, parts.Select(p => TemplateRenderer.Render(p, values, html: true)));
    }

    private static string Describe(Exception ex)
    {
        var message = ex.InnerException is null ? ex.Message : $"{ex.Message} ({ex.InnerException.Message})";
        message = $"{ex.GetType().Name}: {message}";
        return message.Length > MaxErrorLength ? message[..MaxErrorLength] : message;
    }

    private static DeliveryView ToView(Delivery d) => new(
        d.Id, d.Channel, d.Recipient, d.TemplateKey, d.Subject, d.Status, d.Attempts, d.LastError, d.Reference, d.ResendOf,
        d.CreatedAt, d.SentAt, d.NextAttemptAt);
}

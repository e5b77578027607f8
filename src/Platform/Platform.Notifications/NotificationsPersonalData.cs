using Microsoft.EntityFrameworkCore;
using Platform.Notifications.Data;
using Platform.Privacy;

namespace Platform.Notifications;

internal sealed record MessageExport(
    Guid Id, string Channel, string Recipient, string? TemplateKey, string? Subject, string? Text, string Status, string? Reference, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

internal sealed record NotificationsExport(IReadOnlyList<MessageExport> Messages);

/// <summary>
/// The delivery log's part of a person's data: the e-mails and texts sent to their confirmed address or number. Erasure
/// masks the address in the log, drops the bodies and attachments (they carry names and journeys), and stops any retry.
/// </summary>
internal sealed class NotificationsPersonalData(NotificationsDbContext db) : IPersonalDataSource
{
    public const string ErasedPhone = "erased";

    public string Name => "notifications";

    public async Task<object?> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var deliveries = await MatchingAsync(subject, cancellationToken);
        return new NotificationsExport([.. deliveries
            .OrderBy(d => d.CreatedAt)
            .Select(d => new MessageExport(d.Id, d.Channel, subject.Email is not null && d.Channel == "email" ? subject.Email : d.Recipient,
                d.TemplateKey, d.Subject, d.TextBody, d.Status, d.Reference, d.CreatedAt, d.SentAt))]);
    }

    public async Task EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var deliveries = await MatchingAsync(subject, cancellationToken);
        foreach (var delivery in deliveries)
        {
            delivery.Recipient = delivery.Channel == "sms" ? ErasedPhone : MaskEmail(delivery.Recipient, subject);
            delivery.TextBody = null;
            delivery.HtmlBody = null;
            delivery.Headers = null;
            delivery.ReplyTo = null;
            if (delivery.Status != DeliveryStatus.Sent)
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.NextAttemptAt = null;
                delivery.LastError = "Recipient erased at their request";
            }
        }

        var ids = deliveries.Select(d => d.Id).ToList();
        if (ids.Count > 0)
        {
            db.DeliveryAttachments.RemoveRange(await db.DeliveryAttachments.Where(a => ids.Contains(a.DeliveryId)).ToListAsync(cancellationToken));
        }

        if (subject.Phone is { } phone)
        {
            foreach (var sms in await db.SmsMessages.Where(s => s.Recipient == phone).ToListAsync(cancellationToken))
            {
                sms.Recipient = ErasedPhone;
                sms.Body = "";
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<List<Delivery>> MatchingAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var result = new List<Delivery>();
        if (subject.Email is { } email)
        {
            var pattern = "%" + SqlLike.Escape(email) + "%";
            // A recipient may be a comma-separated list; the LIKE narrows, the exact comparison decides.
            var candidates = await db.Deliveries
                .Where(d => d.Channel == "email" && EF.Functions.Like(d.Recipient.ToLower(), pattern, SqlLike.EscapeCharacter))
                .ToListAsync(cancellationToken);
            result.AddRange(candidates.Where(d => Addresses(d.Recipient).Any(subject.HasEmail)));
        }

        if (subject.Phone is { } phone)
        {
            result.AddRange(await db.Deliveries.Where(d => d.Channel == "sms" && d.Recipient == phone).ToListAsync(cancellationToken));
        }

        return result;
    }

    private static string[] Addresses(string recipient) =>
        recipient.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string MaskEmail(string recipient, PersonalDataSubject subject) =>
        string.Join(", ", Addresses(recipient).Select(a => subject.HasEmail(a) ? Erased.Email : a));
}

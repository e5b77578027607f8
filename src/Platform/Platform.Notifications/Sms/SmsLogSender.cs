using Microsoft.EntityFrameworkCore;
using Platform.Notifications.Data;

namespace Platform.Notifications;

/// <summary>The embedded SMS provider: each message becomes a row of the SMS log table.</summary>
/// <remarks>
/// Uses a context of its own, so a failed insert never lingers in the caller's change tracker.
/// </remarks>
internal sealed class SmsLogSender(DbContextOptions<NotificationsDbContext> options, TimeProvider time) : ISmsSender
{
    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!E164.IsValid(message.To))
        {
            throw new ArgumentException($"'{message.To}' is not an E.164 phone number.", nameof(message));
        }

        await using var db = new NotificationsDbContext(options);
        db.SmsMessages.Add(new SmsLogEntry
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Recipient = message.To,
            Body = message.Text,
            Segments = SmsSegments.Count(message.Text),
            Encoding = SmsSegments.EncodingOf(message.Text) == SmsEncoding.Gsm7 ? "gsm7" : "ucs2",
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

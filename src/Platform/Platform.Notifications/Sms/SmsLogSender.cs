using Microsoft.EntityFrameworkCore;
using Platform.Notifications.Data;

namespace Platform.Notifications;

/// <summary>The embedded SMS provider: each message becomes a row of the SMS log table.</summary>
/// <remarks>
/// Writes through the scope's context, so inside a notification request's transaction (SQLite has one writer) it
/// does not wait on itself; a failed insert is detached so it never lingers in the change tracker.
/// </remarks>
internal sealed class SmsLogSender(NotificationsDbContext db, TimeProvider time) : ISmsSender
{
    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!E164.IsValid(message.To))
        {
            throw new ArgumentException($"'{message.To}' is not an E.164 phone number.", nameof(message));
        }

        var entry = db.SmsMessages.Add(new SmsLogEntry
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Recipient = message.To,
            Body = message.Text,
            Segments = SmsSegments.Count(message.Text),
            Encoding = SmsSegments.EncodingOf(message.Text) == SmsEncoding.Gsm7 ? "gsm7" : "ucs2",
            CreatedAt = time.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            entry.State = EntityState.Detached;
            throw;
        }
    }
}

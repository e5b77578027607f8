using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Bookings.Features;
using Platform.Notifications;

namespace Nots.Bookings.Notifications;

/// <summary>
/// Hands owed customer messages to the notification service, outside any booking transaction. Each is claimed with a
/// conditional UPDATE so one node sends it; the notification service keeps its own delivery log and retries.
/// </summary>
internal sealed class BookingNotifier(
    BookingsDbContext db, INotificationService notifications, BookingsOptions options, TimeProvider time, ILogger<BookingNotifier> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Notifications.AsNoTracking()
            .Where(n => n.SentAt == null && n.NextAttemptAt <= now && (n.LockedUntil == null || n.LockedUntil < now))
            .OrderBy(n => n.NextAttemptAt).Select(n => n.Id).Take(20).ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            await SendOneAsync(id, cancellationToken);
        }

        return due.Count;
    }

    private async Task SendOneAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lease = now + Lease;
        var claimed = await db.Notifications
            .Where(n => n.Id == id && n.SentAt == null && (n.LockedUntil == null || n.LockedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.LockedUntil, lease).SetProperty(n => n.Attempts, n => n.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            return;
        }

        db.ChangeTracker.Clear();
        var notification = await db.Notifications.FirstAsync(n => n.Id == id, cancellationToken);
        var booking = await db.Bookings.AsNoTracking().FirstAsync(b => b.Id == notification.BookingId, cancellationToken);
        try
        {
            // A fresh manage token per message: only its hash is stored, so the link is made here and nowhere kept.
            var token = ManageTokens.Issue(db, booking.Id, now);
            await db.SaveChangesAsync(cancellationToken);
            var model = Model(booking, BookingAccess.ManageUrl(BookingAccess.BaseUrl(options, null), booking.Reference, token));
            var template = notification.Kind switch
            {
                NotificationKind.Confirmation => BookingTemplates.Confirmed,
                NotificationKind.Cancellation => BookingTemplates.Cancelled,
                _ => BookingTemplates.Amended,
            };
            var email = await notifications.SendEmailAsync(template, booking.PassengerEmail, model, booking.Reference, cancellationToken: cancellationToken);
            // The e-mail has gone: an SMS problem must not make the retry send the e-mail again.
            var sms = "";
            if (notification.Kind != NotificationKind.Amendment && booking.PassengerPhone.Length > 0)
            {
                try
                {
                    sms = ", SMS " + (await notifications.SendSmsAsync(template, booking.PassengerPhone, model, booking.Reference, cancellationToken)).Status;
                }
                catch (Exception ex) when (ex is ArgumentException or NotificationTemplateException)
                {
                    logger.LogError(ex, "Could not send the {Kind} SMS for booking {Reference}", notification.Kind, booking.Reference);
                    sms = ", SMS not sent: " + ex.Message;
                }
            }

            await MarkSentAsync(notification, booking.Id, $"{notification.Kind} e-mail {email.Status}{sms}", cancellationToken);
        }
        catch (Exception ex) when (ex is NotificationTemplateException or ArgumentException or DbUpdateException)
        {
            logger.LogError(ex, "Could not send the {Kind} message for booking {Reference}", notification.Kind, booking.Reference);
            db.ChangeTracker.Clear();
            await db.Notifications.Where(n => n.Id == id).ExecuteUpdateAsync(
                u => u.SetProperty(n => n.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(n => n.NextAttemptAt, time.GetUtcNow().AddMinutes(5))
                    .SetProperty(n => n.LastError, ex.Message.Length > 500 ? ex.Message[..500] : ex.Message),
                CancellationToken.None);
        }
    }

    private async Task MarkSentAsync(BookingNotification notification, Guid bookingId, string detail, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var booking = await db.Bookings.FirstAsync(b => b.Id == bookingId, cancellationToken);
            var row = await db.Notifications.FirstAsync(n => n.Id == notification.Id, cancellationToken);
            var now = time.GetUtcNow();
            row.SentAt = now;
            row.LockedUntil = null;
            booking.Note(HistoryKind.Notification, detail, null, now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The customer changed the booking at the same moment; note it on the fresh version.
            }
        }
    }

    private static Dictionary<string, object?> Model(Booking booking, string manageUrl)
    {
        var lines = BookingViews.Lines(booking);
        return new Dictionary<string, object?>
        {
            ["Reference"] = booking.Reference,
            ["PassengerName"] = booking.PassengerName,
            ["PickupAt"] = booking.PickupAt,
            ["PickupName"] = booking.PickupName,
            ["DropoffName"] = booking.DropoffName,
            ["VehicleClass"] = booking.VehicleClass,
            ["Passengers"] = booking.Passengers,
            ["FlightNumber"] = booking.FlightNumber ?? "none",
            ["Notes"] = booking.Notes ?? "none",
            ["Lines"] = string.Join("\n", lines.Select(l => $"{l.Description}: {BookingViews.Money(l.AmountPence)}")),
            ["Total"] = BookingViews.Money(booking.TotalPence),
            ["Paid"] = BookingViews.Money(booking.NetPaidPence),
            ["Due"] = BookingViews.Money(booking.BalanceDuePence),
            ["Fee"] = BookingViews.Money(booking.CancellationFeePence),
            ["Refund"] = BookingViews.Money(booking.Status == BookingStatus.Cancelled ? booking.RefundedPence : 0),
            ["ManageUrl"] = manageUrl,
        };
    }
}

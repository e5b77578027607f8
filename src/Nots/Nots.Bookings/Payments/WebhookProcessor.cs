using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nots.Bookings.Data;
using Nots.Bookings.Dispatch;
using Nots.Bookings.Domain;
using Nots.Bookings.Notifications;
using Platform.Messaging;
using Platform.Payments.Webhooks;

namespace Nots.Bookings.Payments;

internal enum WebhookOutcome
{
    Applied,
    Duplicate,
    Ignored,
}

/// <summary>
/// Applies verified payment events exactly once: the event id goes into <c>webhook_events</c> (unique) in the same
/// transaction as its effect. Effects follow the payment's state, not arrival order: a second completion, a failure
/// after success, or a refund before completion each do the right thing once.
/// </summary>
internal sealed class WebhookProcessor(BookingsDbContext db, BookingsOptions options, TimeProvider time, RefundProcessor refunds, ILogger<WebhookProcessor> logger)
{
    private const int ConflictAttempts = 4;

    public async Task<WebhookOutcome> ApplyAsync(PaymentEvent evt, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (outcome, refundIds) = await ApplyOnceAsync(evt, cancellationToken);
                if (refundIds.Count > 0)
                {
                    await refunds.ProcessAsync(refundIds, cancellationToken);
                }

                return outcome;
            }
            catch (Exception ex) when (attempt < ConflictAttempts && Features.Conflicts.IsLostRace(ex))
            {
                // The booking changed under us (a customer amending, another event): apply again on fresh state.
                logger.LogInformation("Webhook {EventId} hit a concurrent change; retrying", evt.Id);
            }
            catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
            {
                // The same event delivered twice at once: the unique event id let only one apply it.
                if (await IsRecordedAsync(evt.Id, cancellationToken))
                {
                    return WebhookOutcome.Duplicate;
                }

                throw;
            }
        }
    }

    private async Task<bool> IsRecordedAsync(string eventId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.WebhookEvents.AsNoTracking().AnyAsync(e => e.EventId == eventId, cancellationToken);
    }

    private async Task<(WebhookOutcome, List<Guid>)> ApplyOnceAsync(PaymentEvent evt, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.WebhookEvents.AnyAsync(e => e.EventId == evt.Id, cancellationToken))
            {
                return (WebhookOutcome.Duplicate, new List<Guid>());
            }

            var now = time.GetUtcNow();
            db.WebhookEvents.Add(new ProcessedWebhookEvent { EventId = evt.Id, Type = evt.Type, ReceivedAt = now });
            var payment = await FindPaymentAsync(evt, cancellationToken);
            var planned = new List<Refund>();
            var outcome = WebhookOutcome.Ignored;
            if (payment is not null)
            {
                var booking = await db.Bookings.FirstAsync(b => b.Id == payment.BookingId, cancellationToken);
                outcome = evt.Type switch
                {
                    "checkout.session.completed" or "checkout.session.async_payment_succeeded" => Completed(evt, payment, booking, planned, now),
                    "payment_intent.payment_failed" or "checkout.session.async_payment_failed" => Failed(evt, payment, booking, now),
                    "checkout.session.expired" => Expired(payment, booking, now),
                    "charge.refunded" => Refunded(evt, payment, booking, now),
                    _ => WebhookOutcome.Ignored,
                };
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (outcome, planned.Select(r => r.Id).ToList());
        });
    }

    private async Task<Payment?> FindPaymentAsync(PaymentEvent evt, CancellationToken cancellationToken)
    {
        if (evt.Metadata.TryGetValue("payment_id", out var raw) && Guid.TryParse(raw, out var id)
            && await db.Payments.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is { } byId)
        {
            return byId;
        }

        if (evt.ObjectType == "checkout.session" && evt.ObjectId.Length > 0)
        {
            return await db.Payments.FirstOrDefaultAsync(p => p.SessionId == evt.ObjectId, cancellationToken);
        }

        return evt.PaymentIntentId is { Length: > 0 } intent
            ? await db.Payments.FirstOrDefaultAsync(p => p.PaymentIntentId == intent, cancellationToken)
            : null;
    }

    private WebhookOutcome Completed(PaymentEvent evt, Payment payment, Booking booking, List<Refund> planned, DateTimeOffset now)
    {
        if (evt.PaymentStatus != "paid")
        {
            return WebhookOutcome.Ignored;
        }

        var amount = evt.AmountTotal ?? -1;
        if (amount != payment.AmountPence || !string.Equals(evt.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
        {
            if (payment.MarkAmountMismatch(evt.PaymentIntentId, now))
            {
                booking.Flag("AmountMismatch", $"Checkout {evt.ObjectId} reports {amount} {evt.Currency}; expected {payment.AmountPence} {payment.Currency.ToLowerInvariant()}. Not confirmed.", (int)Math.Clamp(amount, 0, int.MaxValue), now);
                return WebhookOutcome.Applied;
            }

            return WebhookOutcome.Duplicate;
        }

        if (!payment.MarkPaid(evt.PaymentIntentId, now))
        {
            return WebhookOutcome.Duplicate;
        }

        booking.RecordPayment(payment.AmountPence, $"Paid {payment.AmountPence}p by card ({evt.PaymentIntentId})", now);
        switch (booking.Status)
        {
            case BookingStatus.PendingPayment or BookingStatus.PaymentFailed when booking.NetPaidPence == booking.TotalPence:
                booking.Confirm(now);
                db.AddIntegrationEvent(BookingEvents.Booked(booking, now));
                BookingMessages.Confirmed(db, booking, options, now);
                break;
            case BookingStatus.PendingPayment or BookingStatus.PaymentFailed:
                booking.Flag("AmountMismatch", $"Paid {booking.NetPaidPence}p of a {booking.TotalPence}p fare. Not confirmed.", booking.NetPaidPence, now);
                break;
            case BookingStatus.Cancelled or BookingStatus.NoShow or BookingStatus.Completed:
                // Money that arrives after the booking ended goes straight back.
                booking.Flag("PaidAfterClose", $"Payment of {payment.AmountPence}p arrived while {booking.Status}; refunding it.", payment.AmountPence, now);
                var late = Refund.Plan(booking, [payment], payment.AmountPence, "Payment received after the booking was closed", now);
                db.Refunds.AddRange(late);
                planned.AddRange(late);
                break;
            default:
                if (booking.NetPaidPence > booking.TotalPence)
                {
                    booking.Flag("Overpaid", $"Paid {booking.NetPaidPence}p of a {booking.TotalPence}p fare.", booking.NetPaidPence - booking.TotalPence, now);
                }

                break;
        }

        return WebhookOutcome.Applied;
    }

    private static WebhookOutcome Failed(PaymentEvent evt, Payment payment, Booking booking, DateTimeOffset now)
    {
        if (!payment.MarkFailed(evt.PaymentIntentId, evt.DeclineCode ?? evt.FailureCode))
        {
            return WebhookOutcome.Duplicate;
        }

        var reason = evt.FailureMessage ?? evt.DeclineCode ?? evt.FailureCode;
        if (booking.Status == BookingStatus.PendingPayment)
        {
            booking.MarkPaymentFailed(reason, now);
        }
        else
        {
            booking.Note(HistoryKind.Payment, "Payment attempt failed: " + reason, payment.AmountPence, now);
        }

        return WebhookOutcome.Applied;
    }

    private static WebhookOutcome Expired(Payment payment, Booking booking, DateTimeOffset now)
    {
        if (!payment.MarkExpired())
        {
            return WebhookOutcome.Duplicate;
        }

        booking.Note(HistoryKind.Payment, "Checkout expired unpaid", payment.AmountPence, now);
        return WebhookOutcome.Applied;
    }

    private static WebhookOutcome Refunded(PaymentEvent evt, Payment payment, Booking booking, DateTimeOffset now)
    {
        var cumulative = (int)Math.Clamp(evt.AmountRefunded ?? 0, 0, int.MaxValue);
        if (!payment.RecordProviderRefund(cumulative, evt.PaymentIntentId))
        {
            return WebhookOutcome.Duplicate;
        }

        booking.Note(HistoryKind.Refund, $"Provider reports {cumulative}p refunded on {evt.PaymentIntentId}", cumulative, now);
        return WebhookOutcome.Applied;
    }
}

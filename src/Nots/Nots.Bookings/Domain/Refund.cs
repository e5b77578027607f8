namespace Nots.Bookings.Domain;

internal enum RefundStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// Money going back through the provider. Committed (with the booking change that causes it) before the provider
/// is called; sent with the refund's id as idempotency key, so a retry after a crash never refunds twice.
/// </summary>
internal sealed class Refund
{
    private Refund()
    {
    }

    public Guid Id { get; private set; }

    public Guid BookingId { get; private set; }

    public Guid PaymentId { get; private set; }

    public string PaymentIntentId { get; private set; } = "";

    public int AmountPence { get; private set; }

    public string Reason { get; private set; } = "";

    public RefundStatus Status { get; private set; }

    public string? ProviderRefundId { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public string IdempotencyKey => "nots-refund-" + Id.ToString("N");

    /// <summary>Splits <paramref name="amountPence"/> over the booking's paid payments (newest first) and records it.</summary>
    public static List<Refund> Plan(Booking booking, IEnumerable<Payment> payments, int amountPence, string reason, DateTimeOffset now)
    {
        var refunds = new List<Refund>();
        if (amountPence <= 0)
        {
            return refunds;
        }

        booking.RecordRefund(amountPence, reason, now);
        var left = amountPence;
        foreach (var payment in payments.Where(p => p.RefundablePence > 0 && p.PaymentIntentId is not null).OrderByDescending(p => p.PaidAt))
        {
            var part = Math.Min(left, payment.RefundablePence);
            payment.CommitRefund(part);
            refunds.Add(new Refund
            {
                Id = Guid.CreateVersion7(now),
                BookingId = booking.Id,
                PaymentId = payment.Id,
                PaymentIntentId = payment.PaymentIntentId!,
                AmountPence = part,
                Reason = reason,
                Status = RefundStatus.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
            });
            left -= part;
            if (left == 0)
            {
                break;
            }
        }

        if (left > 0)
        {
            // The booking says more was paid than its payments can give back: they were read at different moments
            // while another writer refunded (read committed). Reloading both resolves it.
            throw StaleRead(booking.Reference, left);
        }

        return refunds;
    }

    public const string ConcurrentChangeCode = "concurrent_change";

    private static Platform.Web.DomainException StaleRead(string reference, int left) =>
        Platform.Web.DomainException.Conflict(ConcurrentChangeCode, $"Booking {reference} changed while it was being refunded ({left}p unaccounted for); try again.");

    public void Succeeded(string providerRefundId, DateTimeOffset now)
    {
        Status = RefundStatus.Succeeded;
        ProviderRefundId = providerRefundId;
        CompletedAt = now;
        LockedUntil = null;
        LastError = null;
    }

    public void AttemptFailed(string error, bool permanent, DateTimeOffset nextAttemptAt)
    {
        LastError = error.Length > 500 ? error[..500] : error;
        LockedUntil = null;
        if (permanent)
        {
            Status = RefundStatus.Failed;
        }
        else
        {
            NextAttemptAt = nextAttemptAt;
        }
    }
}

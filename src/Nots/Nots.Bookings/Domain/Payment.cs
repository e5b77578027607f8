namespace Nots.Bookings.Domain;

internal enum PaymentStatus
{
    Pending,
    Paid,
    Failed,
    Expired,
    AmountMismatch,
}

internal static class PaymentPurpose
{
    public const string Booking = "booking";
    public const string Amendment = "amendment";
}

/// <summary>One hosted checkout for (part of) a booking's fare, and what became of it.</summary>
internal sealed class Payment
{
    private Payment()
    {
    }

    public Guid Id { get; private set; }

    public Guid BookingId { get; private set; }

    public string BookingReference { get; private set; } = "";

    public string Purpose { get; private set; } = PaymentPurpose.Booking;

    public int AmountPence { get; private set; }

    public string Currency { get; private set; } = "GBP";

    public string Provider { get; private set; } = "";

    public string? SessionId { get; private set; }

    public string? CheckoutUrl { get; private set; }

    public string? PaymentIntentId { get; private set; }

    public PaymentStatus Status { get; private set; }

    public string? FailureCode { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    /// <summary>Refunds we have committed to from this payment.</summary>
    public int RefundedPence { get; private set; }

    /// <summary>What the provider reports as refunded (<c>charge.refunded</c>, cumulative).</summary>
    public int ProviderRefundedPence { get; private set; }

    public int Version { get; private set; }

    public int RefundablePence => Status == PaymentStatus.Paid ? AmountPence - RefundedPence : 0;

    public static Payment Start(Booking booking, int amountPence, string purpose, string provider, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        BookingId = booking.Id,
        BookingReference = booking.Reference,
        Purpose = purpose,
        AmountPence = amountPence,
        Currency = booking.Currency,
        Provider = provider,
        Status = PaymentStatus.Pending,
        CreatedAt = now,
    };

    public void AttachSession(string sessionId, string checkoutUrl, DateTimeOffset expiresAt)
    {
        SessionId = sessionId;
        CheckoutUrl = checkoutUrl;
        ExpiresAt = expiresAt;
        Version++;
    }

    /// <summary>True when it was not paid before (a duplicate completion changes nothing).</summary>
    public bool MarkPaid(string? paymentIntentId, DateTimeOffset now)
    {
        if (Status is PaymentStatus.Paid or PaymentStatus.AmountMismatch)
        {
            return false;
        }

        // Failed and expired sessions can still complete: a retried card on the same session, or events out of order.
        Status = PaymentStatus.Paid;
        PaymentIntentId = paymentIntentId ?? PaymentIntentId;
        PaidAt = now;
        FailureCode = null;
        Version++;
        return true;
    }

    public bool MarkAmountMismatch(string? paymentIntentId, DateTimeOffset now)
    {
        if (Status is PaymentStatus.Paid or PaymentStatus.AmountMismatch)
        {
            return false;
        }

        Status = PaymentStatus.AmountMismatch;
        PaymentIntentId = paymentIntentId ?? PaymentIntentId;
        PaidAt = now;
        Version++;
        return true;
    }

    /// <summary>Only a pending payment fails: a failure reported after success (out of order) changes nothing.</summary>
    public bool MarkFailed(string? paymentIntentId, string? failureCode)
    {
        if (Status != PaymentStatus.Pending)
        {
            return false;
        }

        Status = PaymentStatus.Failed;
        PaymentIntentId = paymentIntentId ?? PaymentIntentId;
        FailureCode = failureCode;
        Version++;
        return true;
    }

    public bool MarkExpired()
    {
        if (Status is not (PaymentStatus.Pending or PaymentStatus.Failed))
        {
            return false;
        }

        Status = PaymentStatus.Expired;
        Version++;
        return true;
    }

    public void CommitRefund(int amountPence)
    {
        if (amountPence <= 0 || amountPence > RefundablePence)
        {
            throw new ArgumentOutOfRangeException(nameof(amountPence));
        }

        RefundedPence += amountPence;
        Version++;
    }

    /// <summary>Records the provider's cumulative refunded amount; true when it grew (events can arrive in any order).</summary>
    public bool RecordProviderRefund(int cumulativePence, string? paymentIntentId)
    {
        PaymentIntentId ??= paymentIntentId;
        if (cumulativePence <= ProviderRefundedPence)
        {
            return false;
        }

        ProviderRefundedPence = cumulativePence;
        Version++;
        return true;
    }
}

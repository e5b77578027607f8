using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Platform.Payments;

namespace Nots.Bookings.Payments;

/// <summary>
/// Sends committed refunds to the provider. Each refund is claimed with a conditional UPDATE (one node at a time)
/// and sent with its own idempotency key, so a retry after a crash or on another node never pays out twice.
/// </summary>
internal sealed class RefundProcessor(BookingsDbContext db, IPaymentProvider provider, TimeProvider time, ILogger<RefundProcessor> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public async Task ProcessAsync(IEnumerable<Guid> refundIds, CancellationToken cancellationToken)
    {
        foreach (var id in refundIds)
        {
            await ProcessOneAsync(id, cancellationToken);
        }
    }

    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Refunds.AsNoTracking()
            .Where(r => r.Status == RefundStatus.Pending && r.NextAttemptAt <= now && (r.LockedUntil == null || r.LockedUntil < now))
            .OrderBy(r => r.NextAttemptAt).Select(r => r.Id).Take(20).ToListAsync(cancellationToken);
        await ProcessAsync(due, cancellationToken);
        return due.Count;
    }

    private async Task ProcessOneAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lease = now + Lease;
        var claimed = await db.Refunds
            .Where(r => r.Id == id && r.Status == RefundStatus.Pending && (r.LockedUntil == null || r.LockedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.LockedUntil, lease).SetProperty(r => r.Attempts, r => r.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            return;
        }

        db.ChangeTracker.Clear();
        var refund = await db.Refunds.FirstAsync(r => r.Id == id, cancellationToken);
        try
        {
            var result = await provider.RefundAsync(
                new RefundRequest(refund.PaymentIntentId, refund.AmountPence)
                {
                    IdempotencyKey = refund.IdempotencyKey,
                    Reason = "requested_by_customer",
                    Metadata = new Dictionary<string, string> { ["refund_id"] = refund.Id.ToString(), ["booking_id"] = refund.BookingId.ToString() },
                },
                cancellationToken);
            refund.Succeeded(result.Id, time.GetUtcNow());
        }
        catch (PaymentException ex)
        {
            var permanent = ex is PaymentInvalidRequestException or PaymentNotFoundException or PaymentIdempotencyException;
            var backoff = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Min(refund.Attempts, 10))));
            refund.AttemptFailed(ex.Message, permanent, time.GetUtcNow() + backoff);
            logger.LogWarning(ex, "Refund {RefundId} of {Amount}p failed ({Permanent})", refund.Id, refund.AmountPence, permanent ? "permanent" : "will retry");
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }
}

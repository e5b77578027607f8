using Microsoft.EntityFrameworkCore;
using Platform.Payments.Data;

namespace Platform.Payments.Sandbox;

/// <summary>One event the Sandbox delivers (or gave up delivering) to the product's webhook endpoint.</summary>
/// <param name="EventId">Event id (<c>evt_…</c>).</param>
/// <param name="Type">Event type.</param>
/// <param name="ObjectId">The session, payment or charge it is about.</param>
/// <param name="Status"><c>pending</c>, <c>delivered</c> or <c>failed</c> (gave up).</param>
/// <param name="Attempts">Attempts so far.</param>
/// <param name="TargetUrl">Where it is sent.</param>
/// <param name="CreatedAt">When the event happened.</param>
/// <param name="NextAttemptAt">When a pending event is tried next.</param>
/// <param name="DeliveredAt">When a 2xx answer came.</param>
/// <param name="LastStatusCode">The receiver's last HTTP status, if it answered.</param>
/// <param name="LastError">Why the last attempt failed.</param>
public sealed record WebhookDeliveryInfo(
    string EventId,
    string Type,
    string ObjectId,
    string Status,
    int Attempts,
    string? TargetUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    int? LastStatusCode,
    string? LastError);

/// <summary>
/// The Sandbox's delivery log for an admin screen: list deliveries (e.g. the <c>failed</c> ones) and send one
/// again. Empty with the Stripe provider, whose dashboard keeps that log.
/// </summary>
public interface IPaymentWebhookDeliveries
{
    /// <summary>Newest first, optionally only one status.</summary>
    Task<IReadOnlyList<WebhookDeliveryInfo>> ListAsync(string? status = null, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>Queues an event for delivery again with a fresh attempt budget; false if there is no such event.</summary>
    Task<bool> RedeliverAsync(string eventId, CancellationToken cancellationToken = default);
}

internal sealed class WebhookDeliveries(PaymentsDbContext db, TimeProvider time, SandboxDeliverySignal? signal = null) : IPaymentWebhookDeliveries
{
    public async Task<IReadOnlyList<WebhookDeliveryInfo>> ListAsync(string? status = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        var query = db.Events.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(e => e.Status == status);
        }

        return await query.OrderByDescending(e => e.CreatedAt).Take(Math.Clamp(limit, 1, 500))
            .Select(e => new WebhookDeliveryInfo(e.Id, e.Type, e.ObjectId, e.Status, e.Attempts, e.TargetUrl, e.CreatedAt, e.NextAttemptAt,
                e.DeliveredAt, e.LastStatusCode, e.LastError))
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> RedeliverAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var updated = await db.Events.Where(e => e.Id == eventId)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, "pending")
                .SetProperty(e => e.Attempts, 0)
                .SetProperty(e => e.NextAttemptAt, now)
                .SetProperty(e => e.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        signal?.Notify();
        return updated == 1;
    }
}

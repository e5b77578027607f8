using Platform.Messaging.Data;
using Platform.Messaging.Internal;

namespace Platform.Messaging.Admin;

internal enum ReplayStatus
{
    Replayed,
    NotFound,
    NotDead,
    TransportUnavailable,
}

/// <param name="Status">What happened.</param>
/// <param name="Detail">The delivery's current status (NotDead) or the transport error (TransportUnavailable).</param>
internal sealed record ReplayOutcome(ReplayStatus Status, string? Detail = null);

/// <summary>Puts a dead letter back in front of its consumer; how depends on the transport.</summary>
internal interface IDeadLetterReplayer
{
    Task<ReplayOutcome> ReplayAsync(MessagingDbContext db, Guid deliveryId, CancellationToken cancellationToken);
}

/// <summary>In-process: the dead row becomes pending again and the delivery worker runs it.</summary>
internal sealed class InProcessReplayer(TimeProvider time, DeliverySignal signal) : IDeadLetterReplayer
{
    public async Task<ReplayOutcome> ReplayAsync(MessagingDbContext db, Guid deliveryId, CancellationToken cancellationToken)
    {
        var sql = new Sql(db);
        var table = sql.Table<Delivery>();
        var updated = await sql.ExecuteAsync(
            $"UPDATE {table} SET status = '{DeliveryStatus.Pending}', attempts = 0, next_attempt_at = @now, locked_until = NULL, locked_by = NULL WHERE id = @id AND status = '{DeliveryStatus.Dead}'",
            cancellationToken, ("@now", sql.Value(time.GetUtcNow())), ("@id", sql.Value(deliveryId)));
        if (updated == 1)
        {
            signal.Notify();
            return new ReplayOutcome(ReplayStatus.Replayed);
        }

        return await NotReplayableAsync(sql, deliveryId, cancellationToken);
    }

    public static async Task<ReplayOutcome> NotReplayableAsync(Sql sql, Guid deliveryId, CancellationToken cancellationToken)
    {
        var status = await sql.ScalarAsync($"SELECT status FROM {sql.Table<Delivery>()} WHERE id = @id", cancellationToken, ("@id", sql.Value(deliveryId)));
        return status is null ? new ReplayOutcome(ReplayStatus.NotFound) : new ReplayOutcome(ReplayStatus.NotDead, status.ToString());
    }
}

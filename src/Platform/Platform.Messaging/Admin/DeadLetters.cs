using Platform.Messaging.Admin;
using Platform.Messaging.Data;
using Platform.Messaging.Internal;

namespace Platform.Messaging;

/// <summary>What a replay did.</summary>
public enum DeadLetterReplay
{
    /// <summary>The delivery is pending again; its consumer runs it once more.</summary>
    Replayed,

    /// <summary>There is no such delivery.</summary>
    NotFound,

    /// <summary>The delivery is not dead (already replayed, or handled).</summary>
    NotDead,

    /// <summary>The transport could not take the message back; the dead letter was left as it was.</summary>
    TransportUnavailable,
}

/// <summary>The outcome of a replay; <paramref name="Detail"/> is the delivery's status (NotDead) or the transport's error.</summary>
public sealed record DeadLetterReplayOutcome(DeadLetterReplay Status, string? Detail = null);

/// <summary>The dead letters of this product's consumers, for the admin endpoint and the operations pages.</summary>
public interface IDeadLetters
{
    /// <summary>Oldest first, at most <paramref name="take"/>, after the delivery id <paramref name="after"/> (keyset).</summary>
    Task<DeadLetterPage> ListAsync(int take, Guid? after, CancellationToken cancellationToken);

    /// <summary>Puts dead letter <paramref name="deliveryId"/> back in front of its consumer.</summary>
    Task<DeadLetterReplayOutcome> ReplayAsync(Guid deliveryId, CancellationToken cancellationToken);
}

internal sealed class DeadLetters(MessagingDbContext db, IDeadLetterReplayer replayer) : IDeadLetters
{
    public async Task<DeadLetterPage> ListAsync(int take, Guid? after, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        var sql = new Sql(db);
        var parameters = new List<(string, object)> { ("@status", DeliveryStatus.Dead), ("@take", take + 1) };
        if (after is { } a)
        {
            parameters.Add(("@after", sql.Value(a)));
        }

        var rows = await sql.QueryAsync(
            $"""
            SELECT id, message_id, consumer, message_type, attempts, last_error, created_at, payload FROM {sql.Table<Delivery>()}
            WHERE status = @status{(after is null ? "" : " AND id > @after")}
            ORDER BY id
            LIMIT @take
            """,
            r => new DeadLetter(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetInt32(4), Sql.ReadString(r, 5), Sql.ReadTime(r, 6)!.Value, r.GetString(7)),
            cancellationToken,
            [.. parameters]);
        var items = rows.Take(take).ToList();
        return new DeadLetterPage(items, rows.Count > take ? items[^1].Id.ToString() : null);
    }

    public async Task<DeadLetterReplayOutcome> ReplayAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        var outcome = await replayer.ReplayAsync(db, deliveryId, cancellationToken);
        return new DeadLetterReplayOutcome(
            outcome.Status switch
            {
                ReplayStatus.Replayed => DeadLetterReplay.Replayed,
                ReplayStatus.NotDead => DeadLetterReplay.NotDead,
                ReplayStatus.TransportUnavailable => DeadLetterReplay.TransportUnavailable,
                _ => DeadLetterReplay.NotFound,
            },
            outcome.Detail);
    }
}

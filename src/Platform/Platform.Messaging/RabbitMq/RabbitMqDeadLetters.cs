using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Messaging.Admin;
using Platform.Messaging.Data;
using Platform.Messaging.Inbox;
using Platform.Messaging.Internal;
using RabbitMQ.Client;

namespace Platform.Messaging.RabbitMq;

/// <summary>
/// The dead-letter record in RabbitMQ mode is the same <c>messaging.deliveries</c> row the in-process transport
/// uses, one per (message, consumer): a consumer that gives up writes it as <c>dead</c> before rejecting the message
/// to the DLX, so the admin list and the health check work unchanged. A replay republishes the row's message to the
/// consumer's queue and sets the row <c>pending</c> in one database transaction; the consumer sets it <c>done</c>
/// when the replayed message is handled, or <c>dead</c> again when it gives up again.
/// </summary>
internal sealed class RabbitMqDeadLetters(
    IServiceScopeFactory scopes,
    RabbitMqConnections connections,
    RabbitMqTopology topology,
    IOptions<RabbitMqOptions> options,
    TimeProvider time) : IDeadLetterReplayer
{
    /// <summary>Records (or re-records) the message as dead for its consumer.</summary>
    public async Task RecordDeadAsync(DeliveredMessage message, int attempts, string error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sql = new Sql(scope.ServiceProvider.GetRequiredService<MessagingDbContext>());
        var now = time.GetUtcNow();
        await sql.ExecuteAsync(
            $"""
            INSERT INTO {sql.Table<Delivery>()} (id, message_id, consumer, message_type, payload, correlation_id, occurred_at, status, attempts, next_attempt_at, last_error, created_at)
            VALUES (@id, @messageId, @consumer, @messageType, @payload, @correlationId, @occurredAt, '{DeliveryStatus.Dead}', @attempts, @now, @error, @now)
            ON CONFLICT (message_id, consumer) DO UPDATE SET status = '{DeliveryStatus.Dead}', attempts = excluded.attempts,
                last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at, locked_until = NULL, locked_by = NULL
            """,
            cancellationToken,
            ("@id", sql.Value(Guid.CreateVersion7(now))),
            ("@messageId", sql.Value(message.MessageId)),
            ("@consumer", message.Consumer),
            ("@messageType", message.MessageType),
            ("@payload", message.Payload),
            ("@correlationId", Sql.Value(message.TraceParent ?? message.CorrelationId)),
            ("@occurredAt", sql.Value(message.OccurredAt)),
            ("@attempts", attempts),
            ("@now", sql.Value(now)),
            ("@error", error));
    }

    /// <summary>Marks a replayed dead letter handled.</summary>
    public async Task MarkReplayHandledAsync(Guid deliveryId, int attempts, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sql = new Sql(scope.ServiceProvider.GetRequiredService<MessagingDbContext>());
        await sql.ExecuteAsync(
            $"UPDATE {sql.Table<Delivery>()} SET status = '{DeliveryStatus.Done}', attempts = @attempts, handled_at = @now WHERE id = @id AND status <> '{DeliveryStatus.Done}'",
            cancellationToken, ("@attempts", attempts), ("@now", sql.Value(time.GetUtcNow())), ("@id", sql.Value(deliveryId)));
    }

    public async Task<ReplayOutcome> ReplayAsync(MessagingDbContext db, Guid deliveryId, CancellationToken cancellationToken)
    {
        var sql = new Sql(db);
        var table = sql.Table<Delivery>();
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(
                async token =>
                {
                    // The conditional UPDATE locks the row (PostgreSQL) or the database (SQLite) until the publish is
                    // confirmed and the transaction commits: two admins cannot both replay it, and a consumer that
                    // finishes the replay first waits for this commit before it marks the row done.
                    await using var transaction = await db.Database.BeginTransactionAsync(token);
                    var rows = await sql.QueryAsync(
                        $"""
                        UPDATE {table} SET status = '{DeliveryStatus.Pending}', attempts = 0, next_attempt_at = @now, locked_until = NULL, locked_by = NULL
                        WHERE id = @id AND status = '{DeliveryStatus.Dead}'
                        RETURNING message_id, consumer, message_type, payload, correlation_id, occurred_at
                        """,
                        r => new DeliveredMessage(deliveryId, r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), MessagingTelemetry.TraceIdOf(Sql.ReadString(r, 4)), Sql.ReadTime(r, 5)!.Value, 0, Sql.ReadString(r, 4)),
                        token,
                        ("@now", sql.Value(time.GetUtcNow())), ("@id", sql.Value(deliveryId)));
                    if (rows.Count == 0)
                    {
                        await transaction.RollbackAsync(token);
                        return await InProcessReplayer.NotReplayableAsync(sql, deliveryId, token);
                    }

                    await PublishReplayAsync(rows[0], token);
                    await transaction.CommitAsync(token);
                    return new ReplayOutcome(ReplayStatus.Replayed);
                },
                cancellationToken);
        }
        catch (TransportUnavailableException ex)
        {
            return new ReplayOutcome(ReplayStatus.TransportUnavailable, ex.Message);
        }
    }

    private async Task PublishReplayAsync(DeliveredMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(message, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            throw new TransportUnavailableException(ex.GetBaseException().Message, ex);
        }
    }

    private async Task PublishAsync(DeliveredMessage message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ConfirmTimeout);
        var connection = await connections.PublisherAsync(timeout.Token);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), timeout.Token);
        var properties = RabbitMqMessages.Properties(
            new MessageEnvelope(message.MessageId, message.MessageType, message.Payload, message.OccurredAt, message.CorrelationId),
            MessagingTelemetry.TraceParentOf(message.TraceParent) ?? RabbitMqMessages.TraceParent(message.CorrelationId, null));
        properties.Headers![RabbitMqMessages.ReplayHeader] = message.DeliveryId.ToString();
        // Straight into the consumer's queue through the default exchange; mandatory, so a queue that no longer
        // exists (consumer renamed) fails the replay instead of dropping the message.
        await channel.BasicPublishAsync("", topology.QueueOf(message.Consumer), mandatory: true, properties, Encoding.UTF8.GetBytes(message.Payload), timeout.Token);
        await channel.CloseAsync(timeout.Token);
    }
}

internal sealed class TransportUnavailableException(string message, Exception inner) : Exception(message, inner);

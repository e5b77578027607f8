using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Messaging.Data;
using Platform.Messaging.Inbox;
using Platform.Messaging.Internal;

namespace Platform.Messaging.Transport;

/// <summary>
/// The default transport: a durable queue table in the product database. Publishing stores one pending delivery
/// per subscribed consumer; a message published again (a dispatcher died before marking it) is ignored by the
/// unique (message_id, consumer) key.
/// </summary>
internal sealed class InProcessTransport(IServiceScopeFactory scopes, ConsumerRegistry consumers, DeliverySignal signal, TimeProvider time) : IMessageTransport
{
    public async Task PublishAsync(IReadOnlyList<MessageEnvelope> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var rows = messages.SelectMany(m => consumers.ConsumersOf(m.MessageType).Select(c => (Message: m, Consumer: c))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        var sql = new Sql(db);
        var table = sql.Table<Delivery>();
        var insert = $"""
            INSERT INTO {table} (id, message_id, consumer, message_type, payload, correlation_id, occurred_at, status, attempts, next_attempt_at, created_at)
            VALUES (@id, @messageId, @consumer, @messageType, @payload, @correlationId, @occurredAt, '{DeliveryStatus.Pending}', 0, @now, @now)
            ON CONFLICT (message_id, consumer) DO NOTHING
            """;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(
            async token =>
            {
                var now = time.GetUtcNow();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                foreach (var (message, consumer) in rows)
                {
                    await sql.ExecuteAsync(insert, token,
                        ("@id", sql.Value(Guid.CreateVersion7(now))),
                        ("@messageId", sql.Value(message.MessageId)),
                        ("@consumer", consumer),
                        ("@messageType", message.MessageType),
                        ("@payload", message.Payload),
                        ("@correlationId", Sql.Value(message.TraceParent ?? message.CorrelationId)),
                        ("@occurredAt", sql.Value(message.OccurredAt)),
                        ("@now", sql.Value(now)));
                }

                await transaction.CommitAsync(token);
            },
            cancellationToken);
        signal.Notify();
    }
}

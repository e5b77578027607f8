using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Messaging.Internal;

namespace Platform.Messaging.Outbox;

/// <summary>
/// Publishes one module's outbox. Claims a batch of undispatched rows with a lease (conditional UPDATE; on
/// PostgreSQL the candidate rows are locked with SKIP LOCKED so nodes take different batches), hands them to the
/// transport, then marks them dispatched. If the process dies in between, the rows are claimed again once the
/// lease expires and published a second time; the transport and the consumers' inbox absorb the duplicate.
/// </summary>
internal sealed partial class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IMessageTransport transport,
    OutboxSignal<TContext> signal,
    MessagingNode node,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return PollingLoop.RunAsync(
            async cancellationToken =>
            {
                var claimed = await RunOnceAsync(cancellationToken);
                await CleanupIfDueAsync(cancellationToken);
                return claimed;
            },
            settings.OutboxBatchSize,
            signal,
            settings.PollInterval,
            ex => LogRoundFailed(ex, typeof(TContext).Name),
            stoppingToken);
    }

    /// <summary>Claims, publishes and marks one batch; returns how many rows were claimed.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var sql = new Sql(scope.ServiceProvider.GetRequiredService<TContext>());
        var table = sql.Table<OutboxMessage>();
        var now = time.GetUtcNow();
        var lease = node.NewLeaseToken();
        var claimed = await sql.QueryAsync(
            $"""
            UPDATE {table} SET locked_until = @until, locked_by = @lease, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM {table}
                WHERE dispatched_at IS NULL AND (locked_until IS NULL OR locked_until < @now)
                ORDER BY occurred_at
                LIMIT @limit{sql.SkipLocked})
            RETURNING id, message_type, payload, occurred_at, correlation_id
            """,
            r => new MessageEnvelope(r.GetGuid(0), r.GetString(1), r.GetString(2), Sql.ReadTime(r, 3)!.Value, MessagingTelemetry.TraceIdOf(Sql.ReadString(r, 4)))
            {
                TraceParent = MessagingTelemetry.TraceParentOf(Sql.ReadString(r, 4)),
            },
            cancellationToken,
            ("@until", sql.Value(now + settings.LeaseDuration)), ("@lease", lease), ("@now", sql.Value(now)), ("@limit", settings.OutboxBatchSize));
        if (claimed.Count == 0)
        {
            return 0;
        }

        var (ids, parameters) = sql.InList(claimed.Select(m => m.MessageId).ToList());
        try
        {
            await transport.PublishAsync(claimed, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Give the rows back at once instead of waiting for the lease to run out.
            LogPublishFailed(ex, claimed.Count, typeof(TContext).Name);
            await sql.ExecuteAsync(
                $"UPDATE {table} SET locked_until = NULL, locked_by = NULL WHERE locked_by = @lease AND id IN {ids}",
                cancellationToken, [("@lease", lease), .. parameters]);
            return 0;
        }

        // Published: mark even if someone else re-claimed after our lease ran out; they publish a harmless duplicate.
        await sql.ExecuteAsync(
            $"UPDATE {table} SET dispatched_at = @now, locked_until = NULL, locked_by = NULL WHERE dispatched_at IS NULL AND id IN {ids}",
            cancellationToken, [("@now", sql.Value(time.GetUtcNow())), .. parameters]);
        MessagingTelemetry.Dispatched.Add(claimed.Count, new KeyValuePair<string, object?>("outbox", typeof(TContext).Name));
        return claimed.Count;
    }

    private async Task CleanupIfDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        if (now < _nextCleanup)
        {
            return;
        }

        _nextCleanup = now + settings.CleanupInterval;
        await using var scope = scopes.CreateAsyncScope();
        var sql = new Sql(scope.ServiceProvider.GetRequiredService<TContext>());
        var deleted = await sql.ExecuteAsync(
            $"DELETE FROM {sql.Table<OutboxMessage>()} WHERE dispatched_at IS NOT NULL AND dispatched_at < @cutoff",
            cancellationToken, ("@cutoff", sql.Value(now - settings.Retention)));
        if (deleted > 0)
        {
            LogCleanedUp(deleted, typeof(TContext).Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox round of {Context} failed; retrying after the poll interval")]
    private partial void LogRoundFailed(Exception exception, string context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} messages of {Context} failed; they stay in the outbox")]
    private partial void LogPublishFailed(Exception exception, int count, string context);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} dispatched outbox messages of {Context} past retention")]
    private partial void LogCleanedUp(int count, string context);
}

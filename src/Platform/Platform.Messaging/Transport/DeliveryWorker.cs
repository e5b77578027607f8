using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Messaging.Data;
using Platform.Messaging.Inbox;
using Platform.Messaging.Internal;

namespace Platform.Messaging.Transport;

/// <summary>
/// Runs pending deliveries of the in-process transport. Claims due rows with a lease (several workers and nodes
/// never run the same delivery at once while the lease holds), invokes the consumer, and marks the row done, or
/// schedules a retry with exponential back-off and jitter, or dead-letters it after <see cref="MessagingOptions.MaxAttempts"/>.
/// </summary>
internal sealed partial class DeliveryWorker(
    IServiceProvider services,
    ConsumerRegistry consumers,
    DeliverySignal signal,
    MessagingNode node,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
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
            settings.DeliveryBatchSize,
            signal,
            settings.PollInterval,
            ex => LogRoundFailed(ex),
            stoppingToken);
    }

    /// <summary>Claims and runs one batch of due deliveries; returns how many were claimed.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = services.CreateAsyncScope();
        var sql = new Sql(scope.ServiceProvider.GetRequiredService<MessagingDbContext>());
        var table = sql.Table<Delivery>();
        var now = time.GetUtcNow();
        var lease = node.NewLeaseToken();
        var claimed = await sql.QueryAsync(
            $"""
            UPDATE {table} SET locked_until = @until, locked_by = @lease
            WHERE id IN (
                SELECT id FROM {table}
                WHERE status = '{DeliveryStatus.Pending}' AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now)
                ORDER BY next_attempt_at
                LIMIT @limit{sql.SkipLocked})
            RETURNING id, message_id, consumer, message_type, payload, correlation_id, occurred_at, attempts
            """,
            r => new DeliveredMessage(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4), MessagingTelemetry.TraceIdOf(Sql.ReadString(r, 5)), Sql.ReadTime(r, 6)!.Value, r.GetInt32(7), Sql.ReadString(r, 5)),
            cancellationToken,
            ("@until", sql.Value(now + settings.LeaseDuration)), ("@lease", lease), ("@now", sql.Value(now)), ("@limit", settings.DeliveryBatchSize));

        try
        {
            // A consumer's deliveries of this round run in one transaction (savepoint each) and the successful ones are
            // marked done in one statement: a few commits per round instead of two per delivery.
            var done = new List<Guid>(claimed.Count);
            foreach (var group in claimed.GroupBy(d => d.Consumer, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var deliveries = group.ToList();
                var invoker = consumers.Find(group.Key);
                var outcomes = invoker is null
                    ? deliveries.Select(_ => (Exception?)new InvalidOperationException($"No consumer '{group.Key}' is registered on node {node.Id}.")).ToArray()
                    : await invoker.InvokeManyAsync(services, deliveries, cancellationToken);
                for (var i = 0; i < deliveries.Count; i++)
                {
                    if (outcomes[i] is { } failure)
                    {
                        await FailedAsync(sql, table, lease, deliveries[i], failure, cancellationToken);
                    }
                    else
                    {
                        done.Add(deliveries[i].DeliveryId);
                    }
                }
            }

            if (done.Count > 0)
            {
                var (ids, parameters) = sql.InList(done);
                await sql.ExecuteAsync(
                    $"UPDATE {table} SET status = '{DeliveryStatus.Done}', attempts = attempts + 1, handled_at = @now, locked_until = NULL, locked_by = NULL WHERE locked_by = @lease AND id IN {ids}",
                    cancellationToken, [("@now", sql.Value(time.GetUtcNow())), ("@lease", lease), .. parameters]);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand back what this round did not finish instead of making other nodes wait out the lease
            // (what was handled but not yet marked is skipped by the inbox when it comes round again).
            await sql.ExecuteAsync(
                $"UPDATE {table} SET locked_until = NULL, locked_by = NULL WHERE locked_by = @lease AND status = '{DeliveryStatus.Pending}'",
                CancellationToken.None, ("@lease", lease));
            throw;
        }

        return claimed.Count;
    }

    private async Task FailedAsync(Sql sql, string table, string lease, DeliveredMessage delivery, Exception failure, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var error = $"{failure.GetType().FullName}: {failure.Message}";
        if (error.Length > 2000)
        {
            error = error[..2000];
        }

        LogHandlerFailed(failure, delivery.MessageId, delivery.Consumer, delivery.Attempts + 1);
        MessagingTelemetry.Failures.Add(1, new KeyValuePair<string, object?>("consumer", delivery.Consumer));
        var now = time.GetUtcNow();
        var attempts = delivery.Attempts + 1;
        var dead = attempts >= settings.MaxAttempts;
        await sql.ExecuteAsync(
            $"UPDATE {table} SET status = @status, attempts = @attempts, next_attempt_at = @next, last_error = @error, locked_until = NULL, locked_by = NULL WHERE id = @id AND locked_by = @lease",
            cancellationToken,
            ("@status", dead ? DeliveryStatus.Dead : DeliveryStatus.Pending),
            ("@attempts", attempts),
            ("@next", sql.Value(now + RetryDelay(attempts, settings))),
            ("@error", error),
            ("@id", sql.Value(delivery.DeliveryId)),
            ("@lease", lease));
        if (dead)
        {
            LogDeadLettered(delivery.MessageId, delivery.Consumer, attempts);
            MessagingTelemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("consumer", delivery.Consumer));
        }
    }

    /// <summary>
    /// Exponential back-off with "equal jitter": the n-th retry waits between half and all of
    /// <c>base · 2^(n-1)</c>, capped at <see cref="MessagingOptions.RetryMaxDelay"/>, so retries of many failed
    /// messages spread out instead of arriving together.
    /// </summary>
    internal static TimeSpan RetryDelay(int failedAttempts, MessagingOptions settings)
    {
        var exponent = Math.Min(Math.Max(failedAttempts - 1, 0), 30);
        var ceiling = Math.Min(settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), settings.RetryMaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter, not security.
        var jittered = (ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(jittered);
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
        await using var scope = services.CreateAsyncScope();
        var sql = new Sql(scope.ServiceProvider.GetRequiredService<MessagingDbContext>());
        var deleted = await sql.ExecuteAsync(
            $"DELETE FROM {sql.Table<Delivery>()} WHERE status = '{DeliveryStatus.Done}' AND handled_at < @cutoff",
            cancellationToken, ("@cutoff", sql.Value(now - settings.Retention)));
        if (deleted > 0)
        {
            LogCleanedUp(deleted);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery round failed; retrying after the poll interval")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} failed on message {MessageId} (attempt {Attempt})")]
    private partial void LogHandlerFailed(Exception exception, Guid messageId, string consumer, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} is dead for {Consumer} after {Attempts} attempts")]
    private partial void LogDeadLettered(Guid messageId, string consumer, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} completed deliveries past retention")]
    private partial void LogCleanedUp(int count);
}

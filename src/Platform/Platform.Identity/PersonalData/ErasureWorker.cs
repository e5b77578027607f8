using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Identity.Data;
using Platform.Privacy;

namespace Platform.Identity.PersonalData;

/// <summary>Wakes the erasure job right after a request commits (it also polls).</summary>
internal sealed class ErasureSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll interval elapsed.
        }
    }
}

/// <summary>
/// The durable erasure job, on every node: claims due steps with a lease (a conditional UPDATE, so two nodes never run
/// one step at once), runs the module's <see cref="IPersonalDataSource.EraseAsync"/> in its own scope, marks the step
/// done (only while still holding the lease), and completes the request when no step is left. A failure is retried with
/// exponential back-off; a node dying mid-step leaves the lease to expire and another node runs it again, which the
/// sources' idempotence makes harmless.
/// </summary>
internal sealed class ErasureWorker(IServiceScopeFactory scopes, ErasureSettings settings, ErasureSignal signal, TimeProvider time, ILogger<ErasureWorker> logger)
    : BackgroundService
{
    private readonly string _node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Runs the due steps once; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<(Guid RequestId, string Source)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
            due = [.. (await Due(db.ErasureSteps, now)
                .OrderBy(s => s.NextAttemptAt)
                .Take(ErasureSettings.BatchSize)
                .Select(s => new { s.RequestId, s.Source })
                .ToListAsync(cancellationToken)).Select(s => (s.RequestId, s.Source))];
        }

        var claimed = 0;
        foreach (var (requestId, source) in due)
        {
            if (await TryRunAsync(requestId, source, cancellationToken))
            {
                claimed++;
            }
        }

        return claimed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Erasure round failed; retried at the next poll");
            }

            if (claimed < ErasureSettings.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static IQueryable<ErasureStep> Due(IQueryable<ErasureStep> steps, DateTimeOffset now) =>
        steps.Where(s => s.CompletedAt == null && s.NextAttemptAt <= now && (s.LockedUntil == null || s.LockedUntil <= now));

    private async Task<bool> TryRunAsync(Guid requestId, string source, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var now = time.GetUtcNow();
        var lease = $"{_node}/{Guid.NewGuid().ToString("N")[..12]}";
        var claimed = await Due(db.ErasureSteps, now)
            .Where(s => s.RequestId == requestId && s.Source == source)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.LockedUntil, now + settings.LeaseDuration)
                .SetProperty(x => x.LockedBy, lease)
                .SetProperty(x => x.Attempts, x => x.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            return false; // Another node took it.
        }

        var request = await db.ErasureRequests.AsNoTracking().SingleAsync(r => r.Id == requestId, cancellationToken);
        var subject = new PersonalDataSubject(request.UserId, request.Email, request.Phone, request.RequestedAt);
        try
        {
            await using (var work = scopes.CreateAsyncScope())
            {
                var module = work.ServiceProvider.GetServices<IPersonalDataSource>().FirstOrDefault(s => s.Name == source)
                    ?? throw new InvalidOperationException($"No personal-data source '{source}' is registered on this node.");
                await module.EraseAsync(subject, cancellationToken);
            }

            var done = time.GetUtcNow();
            await db.ErasureSteps
                .Where(s => s.RequestId == requestId && s.Source == source && s.LockedBy == lease)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.CompletedAt, done)
                    .SetProperty(x => x.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(x => x.LockedBy, (string?)null)
                    .SetProperty(x => x.LastError, (string?)null), cancellationToken);
            logger.LogInformation("Erasure {RequestId}: {Source} done", requestId, source);
            await CompleteIfDoneAsync(db, requestId, done, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempts = await db.ErasureSteps.Where(s => s.RequestId == requestId && s.Source == source).Select(s => s.Attempts).SingleAsync(cancellationToken);
            var retryAt = time.GetUtcNow() + settings.DelayAfter(attempts);
            var error = ex.GetType().Name + ": " + ex.Message;
            error = error.Length > 1000 ? error[..1000] : error;
            await db.ErasureSteps
                .Where(s => s.RequestId == requestId && s.Source == source && s.LockedBy == lease)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.NextAttemptAt, retryAt)
                    .SetProperty(x => x.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(x => x.LockedBy, (string?)null)
                    .SetProperty(x => x.LastError, error), cancellationToken);
            logger.LogWarning(ex, "Erasure {RequestId}: {Source} failed (attempt {Attempts}); retried at {RetryAt}", requestId, source, attempts, retryAt);
        }

        return true;
    }

    /// <summary>
    /// The last step to finish completes the request and forgets the contact details it carried. Each finisher checks
    /// after its own commit, so when two finish together at least one sees nothing left; the status condition makes the
    /// second completion a no-op.
    /// </summary>
    private static async Task CompleteIfDoneAsync(AppIdentityDbContext db, Guid requestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.ErasureSteps.AnyAsync(s => s.RequestId == requestId && s.CompletedAt == null, cancellationToken))
        {
            return;
        }

        await db.ErasureRequests
            .Where(r => r.Id == requestId && r.Status == ErasureStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ErasureStatus.Completed)
                .SetProperty(r => r.CompletedAt, now)
                .SetProperty(r => r.Email, (string?)null)
                .SetProperty(r => r.Phone, (string?)null), cancellationToken);
    }
}

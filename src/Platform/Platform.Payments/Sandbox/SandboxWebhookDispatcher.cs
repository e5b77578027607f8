using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Payments.Data;
using Platform.Payments.Webhooks;

namespace Platform.Payments.Sandbox;

/// <summary>Wakes the delivery worker when an event was stored, so delivery does not wait for the next poll.</summary>
internal sealed class SandboxDeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}

/// <summary>
/// Delivers stored Sandbox events like Stripe does: signed POSTs, at least once, retried with exponential
/// back-off until a 2xx, and after <c>MaxDeliveryAttempts</c> left as <c>failed</c> in the table for an
/// admin to see. A lease (conditional update of <c>locked_until</c>) keeps nodes from sending one event twice at once.
/// </summary>
internal sealed class SandboxWebhookDispatcher(
    IServiceScopeFactory scopes,
    IWebhookSender sender,
    IPaymentWebhooks webhooks,
    PaymentsSettings settings,
    TimeProvider time,
    ILogger<SandboxWebhookDispatcher> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Expires open sessions whose time has passed (emitting <c>checkout.session.expired</c>).</summary>
    public async Task<int> ExpireDueSessionsAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var now = time.GetUtcNow();
        var due = await db.Sessions.AsNoTracking().Where(s => s.Status == "open" && s.ExpiresAt <= now)
            .OrderBy(s => s.ExpiresAt).Select(s => s.Id).Take(50).ToListAsync(cancellationToken);
        var expired = 0;
        foreach (var id in due)
        {
            var session = await db.Sessions.FirstAsync(s => s.Id == id, cancellationToken);
            if (session.Status == "open" && await SandboxPaymentProvider.TryExpireAsync(db, session, now, cancellationToken))
            {
                expired++;
            }

            // Paid or expired by another node meanwhile, or done: start the next one from a clean tracker.
            db.ChangeTracker.Clear();
        }

        return expired;
    }

    /// <summary>Attempts every event that is due; returns how many were attempted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var now = time.GetUtcNow();
        var due = await db.Events.AsNoTracking()
            .Where(e => e.Status == "pending" && e.NextAttemptAt <= now && (e.LockedUntil == null || e.LockedUntil < now))
            .OrderBy(e => e.NextAttemptAt)
            .Select(e => e.Id)
            .Take(50)
            .ToListAsync(cancellationToken);

        var attempted = 0;
        foreach (var id in due)
        {
            var leaseUntil = now + Lease;
            var claimed = await db.Events
                .Where(e => e.Id == id && e.Status == "pending" && (e.LockedUntil == null || e.LockedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.LockedUntil, leaseUntil), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var evt = await db.Events.FirstAsync(e => e.Id == id, cancellationToken);
            await AttemptAsync(evt, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            attempted++;
        }

        return attempted;
    }

    private async Task AttemptAsync(SandboxEventRow evt, CancellationToken cancellationToken)
    {
        WebhookDeliveryResult result;
        if (evt.TargetUrl is null || !Uri.TryCreate(evt.TargetUrl, UriKind.Absolute, out var target))
        {
            result = new WebhookDeliveryResult(false, null, "No webhook URL: set Payments:Sandbox:WebhookUrl.");
        }
        else
        {
            var secret = await webhooks.GetSecretAsync(cancellationToken);
            var header = StripeWebhookSignature.Sign(evt.Payload, secret, time.GetUtcNow());
            result = await sender.SendAsync(new WebhookDelivery(target, evt.Id, evt.Payload, header), cancellationToken);
        }

        var now = time.GetUtcNow();
        evt.Attempts++;
        evt.LockedUntil = null;
        evt.LastStatusCode = result.StatusCode;
        if (result.Succeeded)
        {
            evt.Status = "delivered";
            evt.DeliveredAt = now;
            evt.LastError = null;
            logger.LogInformation("Delivered {EventType} {EventId} to {Target} (attempt {Attempt})", evt.Type, evt.Id, evt.TargetUrl, evt.Attempts);
            return;
        }

        evt.LastError = result.Error is { Length: > 1000 } error ? error[..1000] : result.Error;
        if (evt.Attempts >= settings.SandboxMaxDeliveryAttempts)
        {
            evt.Status = "failed";
            logger.LogError("Gave up delivering {EventType} {EventId} to {Target} after {Attempts} attempts: {Error}",
                evt.Type, evt.Id, evt.TargetUrl, evt.Attempts, evt.LastError);
            return;
        }

        evt.NextAttemptAt = now + BackOff(evt.Attempts);
        logger.LogWarning("Delivery of {EventType} {EventId} to {Target} failed (attempt {Attempt}: {Error}); next try at {NextAttempt}",
            evt.Type, evt.Id, evt.TargetUrl, evt.Attempts, evt.LastError, evt.NextAttemptAt);
    }

    /// <summary>Base × 2^(attempt−1), capped.</summary>
    public TimeSpan BackOff(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.SandboxRetryBaseDelay.Ticks * factor, settings.SandboxRetryMaxDelay.Ticks));
        return delay;
    }
}

/// <summary>Runs the dispatcher: on every new event and every poll interval.</summary>
internal sealed class SandboxWebhookWorker(SandboxWebhookDispatcher dispatcher, SandboxDeliverySignal signal, PaymentsSettings settings, ILogger<SandboxWebhookWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.ExpireDueSessionsAsync(stoppingToken);
                await dispatcher.DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sandbox webhook delivery pass failed; retrying at the next interval");
            }

            try
            {
                await signal.WaitAsync(settings.SandboxPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

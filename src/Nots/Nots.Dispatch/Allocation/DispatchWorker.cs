using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nots.Contracts.Dispatch;
using Nots.Dispatch.Data;
using Nots.Dispatch.Live;

namespace Nots.Dispatch.Allocation;

/// <summary>
/// Runs on every node: expires unanswered offers (each claimed by a versioned update, so exactly one node resolves it)
/// and makes the next offer for auto jobs that are waiting (new, rejected or expired). Woken at once by local commits.
/// </summary>
internal sealed class DispatchWorker(IServiceScopeFactory scopes, BoardSignal signal, DispatchOptions options, TimeProvider time, ILogger<DispatchWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Dispatch worker pass failed; will try again");
            }

            try
            {
                await signal.WaitWorkerAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: expire what is due, then offer what waits. Returns how many jobs it touched.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DispatchDbContext>();
        var actions = scope.ServiceProvider.GetRequiredService<JobActions>();
        var auto = scope.ServiceProvider.GetRequiredService<AutoDispatcher>();
        var now = time.GetUtcNow();
        var touched = 0;
        var expired = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatuses.Offered && j.OfferExpiresAt != null && j.OfferExpiresAt <= now)
            .OrderBy(j => j.OfferExpiresAt).Select(j => j.Id).Take(50).ToListAsync(cancellationToken);
        foreach (var id in expired)
        {
            if (await actions.ExpireAsync(id, cancellationToken))
            {
                touched++;
            }
        }

        var waiting = await db.Jobs.AsNoTracking()
            .Where(j => j.Auto && j.Status == JobStatuses.Unassigned && j.PickupAt > now)
            .OrderBy(j => j.PickupAt).Select(j => j.Id).Take(50).ToListAsync(cancellationToken);
        foreach (var id in waiting)
        {
            await auto.OfferNextAsync(id, cancellationToken);
            touched++;
        }

        return touched;
    }
}

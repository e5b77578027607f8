using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NovaTech.Inventory.Data;
using NovaTech.Inventory.Domain;

namespace NovaTech.Inventory.Reservations;

/// <summary>
/// Gives back the units of reservations whose time ran out. Runs on every node: each release is a conditional
/// status change (<c>WHERE status = 'active'</c>), so exactly one node releases a given reservation.
/// </summary>
internal sealed class ReservationExpiryWorker(IServiceScopeFactory scopes, IOptions<InventoryOptions> options, TimeProvider time, ILogger<ReservationExpiryWorker> logger) : BackgroundService
{
    /// <summary>Releases every reservation due now; returns how many this call released.</summary>
    public async Task<int> ReleaseExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        var reservations = scope.ServiceProvider.GetRequiredService<StockReservations>();
        var now = time.GetUtcNow();
        var released = 0;
        while (true)
        {
            var due = await db.Reservations.AsNoTracking()
                .Where(r => r.Status == ReservationStatus.Active && r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt).Select(r => r.Id).Take(100).ToListAsync(cancellationToken);
            var before = released;
            foreach (var id in due)
            {
                if (await reservations.ExpireAsync(id, cancellationToken) == Contracts.Inventory.ReservationOutcome.Done)
                {
                    released++;
                }
            }

            if (due.Count < 100 || released == before)
            {
                return released;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ExpiryWorker)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ExpiryInterval, time);
        do
        {
            try
            {
                var released = await ReleaseExpiredAsync(stoppingToken);
                if (released > 0)
                {
                    logger.LogInformation("Released {Count} expired stock reservations", released);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Releasing expired reservations failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

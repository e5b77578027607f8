using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaTech.Contracts.Inventory;
using Platform.Messaging;

namespace NovaTech.Inventory.Data;

/// <summary>
/// The shared plumbing of every stock change: one transaction inside the provider's execution strategy (required
/// for explicit transactions on PostgreSQL with retries), and the integration events that say what availability
/// became, written to the outbox in that same transaction.
/// </summary>
internal sealed class StockWriter(InventoryDbContext db, IOptions<InventoryOptions> options, TimeProvider time)
{
    public InventoryDbContext Db => db;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Runs <paramref name="work"/> in a transaction; it commits when the work returns <c>Commit = true</c>.</summary>
    public Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (result, commit) = await work(ct);
            if (commit)
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            else
            {
                await transaction.RollbackAsync(ct);
            }

            return result;
        }, cancellationToken);
    }

    /// <summary>
    /// Adds <see cref="StockLevelChangedIntegrationEvent"/> for each SKU (totals read inside the transaction, so they
    /// include this change) and <see cref="LowStockReachedIntegrationEvent"/> when availability crossed the threshold.
    /// </summary>
    /// <param name="availableDeltas">SKU → change of available units this transaction made.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task PublishLevelsAsync(IReadOnlyDictionary<string, int> availableDeltas, CancellationToken cancellationToken)
    {
        var skus = availableDeltas.Keys.ToList();
        var totals = await db.StockLevels.Where(s => skus.Contains(s.Sku))
            .GroupBy(s => s.Sku)
            .Select(g => new { Sku = g.Key, OnHand = g.Sum(x => x.OnHand), Reserved = g.Sum(x => x.Reserved) })
            .ToListAsync(cancellationToken);
        var now = Now;
        var threshold = options.Value.LowStockThreshold;
        foreach (var total in totals)
        {
            var available = Math.Max(0, total.OnHand - total.Reserved);
            db.AddIntegrationEvent(new StockLevelChangedIntegrationEvent(total.Sku, available, total.OnHand, now));
            var before = available - availableDeltas[total.Sku];
            if (before > threshold && available <= threshold)
            {
                db.AddIntegrationEvent(new LowStockReachedIntegrationEvent(total.Sku, available, threshold, now));
            }
        }
    }
}

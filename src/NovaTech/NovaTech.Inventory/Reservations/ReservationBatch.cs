using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NovaTech.Contracts.Inventory;
using NovaTech.Inventory.Data;
using NovaTech.Inventory.Domain;
using Platform.Persistence;

namespace NovaTech.Inventory.Reservations;

/// <summary>One reservation to hold: the SKUs (each once) and how long.</summary>
internal sealed record ReserveRequest(Guid ReservationId, string Reference, IReadOnlyList<(string Sku, int Quantity)> Wanted, TimeSpan TimeToLive);

/// <summary>
/// Holds the reservations of every checkout waiting at that moment in one transaction (one commit for many
/// checkouts). The batch first locks every stock row it may touch, in (SKU, warehouse) order, the order every other
/// stock write uses too, so batches on different nodes and single writes never deadlock (PostgreSQL: <c>FOR UPDATE</c>;
/// SQLite: the write transaction already holds the database's single write lock). It then plans each reservation
/// in turn against what the ones before it left, so it never over-commits, and writes each row's total change with
/// a conditional UPDATE that still refuses to go below zero. A stock-level event per SKU covers the whole batch.
/// </summary>
internal sealed class ReservationBatch(IServiceScopeFactory scopes, ILogger<ReservationBatch> logger)
    : GroupTransaction<InventoryDbContext, ReserveRequest, ReservationResult>(scopes, logger)
{
    public Task<ReservationResult> ReserveAsync(ReserveRequest request) => SubmitAsync(request);

    protected override async Task RunBatchAsync(InventoryDbContext db, IServiceProvider services, IReadOnlyList<ReserveRequest> requests, Outcome[] outcomes, CancellationToken cancellationToken)
    {
        var writer = services.GetRequiredService<StockWriter>();
        var skus = requests.SelectMany(r => r.Wanted.Select(w => w.Sku)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (db.Database.IsNpgsql())
        {
            var table = db.Model.FindEntityType(typeof(StockLevel))!.GetSchemaQualifiedTableName();
            // COLLATE "C": byte order, the same as the ordinal order every other stock write locks rows in.
            var lockRows = $"SELECT 1 FROM {table} WHERE sku = ANY({{0}}) ORDER BY sku COLLATE \"C\", warehouse_code COLLATE \"C\" FOR UPDATE";
            await db.Database.ExecuteSqlRawAsync(lockRows, [skus], cancellationToken);
        }

        var ids = requests.Select(r => r.ReservationId).Distinct().ToList();
        var existing = await db.Reservations.AsNoTracking().Include(r => r.Lines).Where(r => ids.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var available = await db.StockLevels.AsNoTracking().Where(s => skus.Contains(s.Sku))
            .ToDictionaryAsync(s => (s.Sku, s.WarehouseCode), s => s.OnHand - s.Reserved, cancellationToken);

        var now = writer.Now;
        var taken = new Dictionary<(string Sku, string Warehouse), int>();
        var answered = new Dictionary<Guid, ReservationResult>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            if (answered.TryGetValue(request.ReservationId, out var earlier))
            {
                outcomes[i] = new(earlier);
                continue;
            }

            if (existing.TryGetValue(request.ReservationId, out var held))
            {
                outcomes[i] = new(ReservationResult.Held(held.Lines.Select(l => new ReservationAllocation(l.Sku, l.WarehouseCode, l.Quantity)).ToList(), held.ExpiresAt));
                continue;
            }

            var stock = available.Where(a => request.Wanted.Any(w => w.Sku == a.Key.Sku)).Select(a => (a.Key.Sku, a.Key.WarehouseCode, a.Value)).ToList();
            var plan = WarehousePlanner.Choose(request.Wanted, stock);
            ReservationResult result;
            if (plan.ShortSku is { } shortSku)
            {
                result = ReservationResult.Insufficient(shortSku, plan.Available);
            }
            else
            {
                foreach (var (sku, warehouse, quantity) in plan.Allocations)
                {
                    available[(sku, warehouse)] -= quantity;
                    taken[(sku, warehouse)] = taken.GetValueOrDefault((sku, warehouse)) + quantity;
                }

                var expiresAt = now + request.TimeToLive;
                db.Reservations.Add(Reservation.Hold(request.ReservationId, request.Reference, plan.Allocations, now, expiresAt));
                result = ReservationResult.Held(plan.Allocations.Select(a => new ReservationAllocation(a.Sku, a.Warehouse, a.Quantity)).ToList(), expiresAt);
            }

            answered[request.ReservationId] = result;
            outcomes[i] = new(result);
        }

        foreach (var ((sku, warehouse), quantity) in taken.OrderBy(t => t.Key.Sku, StringComparer.Ordinal).ThenBy(t => t.Key.Warehouse, StringComparer.Ordinal))
        {
            var updated = await db.StockLevels
                .Where(s => s.Sku == sku && s.WarehouseCode == warehouse && s.OnHand - s.Reserved >= quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved + quantity).SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
            if (updated == 0)
            {
                // The rows were locked and read above, so this is not a lost race but a broken invariant: fail the batch.
                throw new InvalidOperationException($"Stock of {sku}@{warehouse} changed under a locked reservation batch.");
            }
        }

        if (taken.Count > 0)
        {
            var deltas = taken.GroupBy(t => t.Key.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => -g.Sum(t => t.Value), StringComparer.Ordinal);
            await writer.PublishLevelsAsync(deltas, cancellationToken);
        }
    }
}

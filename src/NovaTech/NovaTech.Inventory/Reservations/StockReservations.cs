using Microsoft.EntityFrameworkCore;
using NovaTech.Contracts.Inventory;
using NovaTech.Inventory.Data;
using NovaTech.Inventory.Domain;

namespace NovaTech.Inventory.Reservations;

/// <summary>
/// Reservations with conditional UPDATEs: <c>reserved = reserved + q WHERE on_hand - reserved &gt;= q</c> for every
/// line in one transaction (all or nothing). PostgreSQL takes the row locks in (SKU, warehouse) order so two checkouts
/// never deadlock; SQLite's write transaction (BEGIN IMMEDIATE) serialises writers on the file. A lost race (0 rows
/// updated) rolls back, re-reads and re-plans. Status changes are conditional (<c>WHERE status = 'active'</c>), so a
/// payment, a cancel and the expiry worker on different nodes agree on one winner.
/// </summary>
internal sealed class StockReservations(StockWriter writer) : IStockReservations
{
    private const int MaxAttempts = 10;

    private InventoryDbContext Db => writer.Db;

    public async Task<ReservationResult> ReserveAsync(Guid reservationId, string reference, IReadOnlyList<ReservationLine> lines, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || lines.Any(l => l.Quantity < 1) || timeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentException("A reservation needs at least one line of at least one unit and a positive time to live.", nameof(lines));
        }

        var wanted = lines.GroupBy(l => l.Sku, StringComparer.Ordinal).Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity))).ToList();
        var skus = wanted.Select(w => w.Sku).ToList();
        for (var attempt = 1; ; attempt++)
        {
            if (await ExistingAsync(reservationId, cancellationToken) is { } existing)
            {
                return existing;
            }

            var stock = await Db.StockLevels.AsNoTracking().Where(s => skus.Contains(s.Sku))
                .Select(s => new { s.Sku, s.WarehouseCode, Available = s.OnHand - s.Reserved })
                .ToListAsync(cancellationToken);
            var plan = WarehousePlanner.Choose(wanted, stock.Select(s => (s.Sku, s.WarehouseCode, s.Available)).ToList());
            if (plan.ShortSku is { } shortSku)
            {
                return ReservationResult.Insufficient(shortSku, plan.Available);
            }

            var now = writer.Now;
            var expiresAt = now + timeToLive;
            var held = await writer.InTransactionAsync(async ct =>
            {
                foreach (var (sku, warehouse, quantity) in plan.Allocations.OrderBy(a => a.Sku, StringComparer.Ordinal).ThenBy(a => a.Warehouse, StringComparer.Ordinal))
                {
                    var updated = await Db.StockLevels
                        .Where(s => s.Sku == sku && s.WarehouseCode == warehouse && s.OnHand - s.Reserved >= quantity)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved + quantity).SetProperty(x => x.Version, x => x.Version + 1), ct);
                    if (updated == 0)
                    {
                        return (false, false);
                    }
                }

                Db.Reservations.Add(Reservation.Hold(reservationId, reference, plan.Allocations, now, expiresAt));
                await writer.PublishLevelsAsync(wanted.ToDictionary(w => w.Sku, w => -w.Quantity, StringComparer.Ordinal), ct);
                return (true, true);
            }, cancellationToken);

            if (held)
            {
                return ReservationResult.Held(plan.Allocations.Select(a => new ReservationAllocation(a.Sku, a.Warehouse, a.Quantity)).ToList(), expiresAt);
            }

            if (attempt == MaxAttempts)
            {
                // Still losing races after re-planning: report the line as short rather than spin.
                return ReservationResult.Insufficient(wanted[0].Sku, 0);
            }
        }
    }

    public Task<ReservationOutcome> CommitAsync(Guid reservationId, CancellationToken cancellationToken = default) =>
        CloseAsync(reservationId, ReservationStatus.Committed, cancellationToken);

    public Task<ReservationOutcome> ReleaseAsync(Guid reservationId, CancellationToken cancellationToken = default) =>
        CloseAsync(reservationId, ReservationStatus.Released, cancellationToken);

    /// <summary>Releases one reservation whose time ran out (the expiry worker's call).</summary>
    public Task<ReservationOutcome> ExpireAsync(Guid reservationId, CancellationToken cancellationToken = default) =>
        CloseAsync(reservationId, ReservationStatus.Expired, cancellationToken);

    private Task<ReservationOutcome> CloseAsync(Guid reservationId, string target, CancellationToken cancellationToken) =>
        writer.InTransactionAsync(async ct =>
        {
            var now = writer.Now;
            var won = await Db.Reservations.Where(r => r.Id == reservationId && r.Status == ReservationStatus.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, target).SetProperty(r => r.ClosedAt, now), ct);
            if (won == 0)
            {
                var status = await Db.Reservations.Where(r => r.Id == reservationId).Select(r => r.Status).FirstOrDefaultAsync(ct);
                var outcome = status switch
                {
                    null => ReservationOutcome.NotFound,
                    ReservationStatus.Committed => target == ReservationStatus.Committed ? ReservationOutcome.AlreadyDone : ReservationOutcome.NotActive,
                    _ => target == ReservationStatus.Committed ? ReservationOutcome.NotActive : ReservationOutcome.AlreadyDone,
                };
                return (outcome, false);
            }

            var reservation = await Db.Reservations.AsNoTracking().Include(r => r.Lines).SingleAsync(r => r.Id == reservationId, ct);
            var lines = reservation.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).ThenBy(l => l.WarehouseCode, StringComparer.Ordinal).ToList();
            var commit = target == ReservationStatus.Committed;
            foreach (var line in lines)
            {
                var (sku, warehouse, quantity) = (line.Sku, line.WarehouseCode, line.Quantity);
                var updated = commit
                    ? await Db.StockLevels.Where(s => s.Sku == sku && s.WarehouseCode == warehouse)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand - quantity).SetProperty(x => x.Reserved, x => x.Reserved - quantity).SetProperty(x => x.Version, x => x.Version + 1), ct)
                    : await Db.StockLevels.Where(s => s.Sku == sku && s.WarehouseCode == warehouse)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved - quantity).SetProperty(x => x.Version, x => x.Version + 1), ct);
                if (updated != 1)
                {
                    throw new InvalidOperationException($"Stock row {sku}@{warehouse} of reservation {reservationId} is missing.");
                }
            }

            if (commit)
            {
                var keys = lines.Select(l => l.Sku).Distinct().ToList();
                var after = await Db.StockLevels.AsNoTracking().Where(s => keys.Contains(s.Sku)).ToListAsync(ct);
                foreach (var line in lines)
                {
                    var onHand = after.Single(s => s.Sku == line.Sku && s.WarehouseCode == line.WarehouseCode).OnHand;
                    Db.Movements.Add(StockMovement.Record(line.Sku, line.WarehouseCode, -line.Quantity, onHand, MovementReasons.Sale, reservation.Reference, null, now));
                }
            }

            var deltas = lines.GroupBy(l => l.Sku, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => commit ? 0 : g.Sum(l => l.Quantity), StringComparer.Ordinal);
            await writer.PublishLevelsAsync(deltas, ct);
            return (ReservationOutcome.Done, true);
        }, cancellationToken);

    public async Task<int> ReturnAsync(Guid reservationId, string sku, int quantity, Guid returnId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        var keyPrefix = $"return:{returnId:N}:";
        return await writer.InTransactionAsync(async ct =>
        {
            var earlier = await Db.Movements.Where(m => m.IdempotencyKey != null && m.IdempotencyKey.StartsWith(keyPrefix)).Select(m => m.Delta).ToListAsync(ct);
            if (earlier.Count > 0)
            {
                return (earlier.Sum(), false);
            }

            var reservation = await Db.Reservations.AsNoTracking().Include(r => r.Lines)
                .FirstOrDefaultAsync(r => r.Id == reservationId && r.Status == ReservationStatus.Committed, ct);
            if (reservation is null)
            {
                return (0, false);
            }

            var now = writer.Now;
            var left = quantity;
            foreach (var line in reservation.Lines.Where(l => l.Sku == sku).OrderBy(l => l.WarehouseCode, StringComparer.Ordinal))
            {
                var take = Math.Min(left, line.Quantity - line.ReturnedQuantity);
                if (take <= 0)
                {
                    continue;
                }

                var warehouse = line.WarehouseCode;
                var claimed = await Db.ReservedStock
                    .Where(l => l.ReservationId == reservationId && l.Sku == sku && l.WarehouseCode == warehouse && l.ReturnedQuantity + take <= l.Quantity)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.ReturnedQuantity, l => l.ReturnedQuantity + take), ct);
                if (claimed == 0)
                {
                    continue;
                }

                await Db.StockLevels.Where(s => s.Sku == sku && s.WarehouseCode == warehouse)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + take).SetProperty(x => x.Version, x => x.Version + 1), ct);
                var onHand = await Db.StockLevels.Where(s => s.Sku == sku && s.WarehouseCode == warehouse).Select(s => s.OnHand).SingleAsync(ct);
                Db.Movements.Add(StockMovement.Record(sku, warehouse, take, onHand, MovementReasons.Return, reservation.Reference, null, now, keyPrefix + warehouse));
                left -= take;
                if (left == 0)
                {
                    break;
                }
            }

            var returned = quantity - left;
            if (returned == 0)
            {
                return (0, false);
            }

            await writer.PublishLevelsAsync(new Dictionary<string, int>(StringComparer.Ordinal) { [sku] = returned }, ct);
            return (returned, true);
        }, cancellationToken);
    }

    private async Task<ReservationResult?> ExistingAsync(Guid reservationId, CancellationToken cancellationToken)
    {
        var existing = await Db.Reservations.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.Id == reservationId, cancellationToken);
        return existing is null
            ? null
            : ReservationResult.Held(existing.Lines.Select(l => new ReservationAllocation(l.Sku, l.WarehouseCode, l.Quantity)).ToList(), existing.ExpiresAt);
    }
}

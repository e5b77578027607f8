using Microsoft.EntityFrameworkCore;
using NovaTech.Contracts.Inventory;
using NovaTech.Inventory.Data;
using NovaTech.Inventory.Domain;

namespace NovaTech.Inventory.Reservations;

/// <summary>
/// Reservations: holds go through <see cref="ReservationBatch"/> (the checkouts waiting at one moment share one
/// transaction that locks their stock rows in (SKU, warehouse) order, then conditional UPDATEs
/// <c>reserved = reserved + q WHERE on_hand - reserved &gt;= q</c>). Commit, release and expiry update the rows in the
/// same order, so nothing deadlocks on PostgreSQL; SQLite's write transaction (BEGIN IMMEDIATE) serialises writers on
/// the file. Status changes are conditional (<c>WHERE status = 'active'</c>), so a payment, a cancel and the expiry
/// worker on different nodes agree on one winner.
/// </summary>
internal sealed class StockReservations(StockWriter writer, ReservationBatch batch) : IStockReservations
{
    private InventoryDbContext Db => writer.Db;

    public async Task<ReservationResult> ReserveAsync(Guid reservationId, string reference, IReadOnlyList<ReservationLine> lines, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || lines.Any(l => l.Quantity < 1) || timeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentException("A reservation needs at least one line of at least one unit and a positive time to live.", nameof(lines));
        }

        var wanted = lines.GroupBy(l => l.Sku, StringComparer.Ordinal).Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity))).ToList();
        cancellationToken.ThrowIfCancellationRequested();

        // Not abandoned on cancellation: once handed over, the hold commits with its batch (or the expiry worker frees it).
        return await batch.ReserveAsync(new ReserveRequest(reservationId, reference, wanted, timeToLive));
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
}

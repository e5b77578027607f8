using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaTech.Inventory.Data;
using NovaTech.Inventory.Domain;
using NovaTech.Inventory.Features.Stock;
using NovaTech.Inventory.Features.Warehouses;

namespace NovaTech.Inventory.Features.Merchant;

/// <summary>One SKU's stock across warehouses in the merchant's stock list.</summary>
public sealed record SkuStockRow(string Sku, int OnHand, int Reserved, int Available, IReadOnlyList<WarehouseStockResponse> Warehouses);

/// <summary>A page of SKUs in SKU order; <c>NextAfter</c> continues (null at the end).</summary>
public sealed record SkuStockPage(IReadOnlyList<SkuStockRow> Items, string? NextAfter);

/// <summary>A SKU at or below the low-stock threshold.</summary>
public sealed record LowStockRow(string Sku, int Available, int OnHand);

/// <summary>Units held for an order that is not paid yet.</summary>
public sealed record ReservationInFlight(Guid Id, string Reference, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, IReadOnlyList<ReservedUnits> Lines);

/// <summary>Units of one SKU held in one warehouse.</summary>
public sealed record ReservedUnits(string Sku, string Warehouse, int Quantity);

/// <summary>
/// The inventory module's surface for the host's merchant console: stock per SKU per warehouse, low stock, the movement
/// ledger, reservations in flight and the adjustment handler of <c>PUT inventory/{sku}/warehouses/{code}</c> (same row
/// lock, ledger entry and stock events). Callers authorise (staff) first.
/// </summary>
public interface IMerchantInventory
{
    /// <summary>Reasons a merchant may give when setting on-hand by hand.</summary>
    static IReadOnlyList<string> AdjustmentReasons { get; } = [.. MovementReasons.Manual.Order(StringComparer.Ordinal)];

    /// <summary>The low-stock threshold (<c>Inventory:LowStockThreshold</c>).</summary>
    int LowStockThreshold { get; }

    /// <summary>Every warehouse, by code.</summary>
    Task<IReadOnlyList<WarehouseResponse>> WarehousesAsync(CancellationToken cancellationToken);

    /// <summary>SKUs with stock records, in SKU order after <paramref name="after"/>, optionally those starting with <paramref name="search"/>.</summary>
    Task<SkuStockPage> ListAsync(string? search, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>SKUs whose available units (all warehouses) are at or below the threshold, fewest first.</summary>
    Task<IReadOnlyList<LowStockRow>> LowStockAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Stock of one SKU per warehouse (empty warehouses list when never stocked).</summary>
    Task<StockResponse> StockAsync(string sku, CancellationToken cancellationToken);

    /// <summary>The SKU's ledger, newest first.</summary>
    Task<IReadOnlyList<MovementResponse>> MovementsAsync(string sku, int limit, CancellationToken cancellationToken);

    /// <summary>Active reservations (held for unpaid orders), oldest first; optionally those holding <paramref name="sku"/> or for order <paramref name="reference"/>.</summary>
    Task<IReadOnlyList<ReservationInFlight>> ReservationsAsync(string? sku, string? reference, int limit, CancellationToken cancellationToken);

    /// <summary>Every reservation (any status) made for order <paramref name="reference"/>, oldest first, with its status.</summary>
    Task<IReadOnlyList<(ReservationInFlight Reservation, string Status)>> ReservationsOfAsync(string reference, CancellationToken cancellationToken);

    /// <summary><c>PUT inventory/{sku}/warehouses/{code}</c>: sets the counted on-hand figure with a reason (the caller checked the fields' ranges).</summary>
    Task<StockResponse> AdjustAsync(string sku, string warehouse, AdjustStockRequest request, ClaimsPrincipal user, CancellationToken cancellationToken);
}

internal sealed class MerchantInventory(InventoryDbContext db, StockWriter writer, IOptions<InventoryOptions> options) : IMerchantInventory
{
    public int LowStockThreshold => options.Value.LowStockThreshold;

    public async Task<IReadOnlyList<WarehouseResponse>> WarehousesAsync(CancellationToken cancellationToken) =>
        await db.Warehouses.AsNoTracking().OrderBy(w => w.Code).Select(w => new WarehouseResponse(w.Code, w.Name, w.Country, w.Address)).ToListAsync(cancellationToken);

    public async Task<SkuStockPage> ListAsync(string? search, string? after, int limit, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit, 1, 200);
        var skus = db.StockLevels.AsNoTracking().Select(s => s.Sku);
        if (search?.Trim() is { Length: > 0 } prefix)
        {
            prefix = prefix.Length > 64 ? prefix[..64] : prefix;
            skus = skus.Where(s => s.StartsWith(prefix));
        }

        if (!string.IsNullOrEmpty(after))
        {
            skus = skus.Where(s => string.Compare(s, after) > 0);
        }

        var page = await skus.Distinct().OrderBy(s => s).Take(take + 1).ToListAsync(cancellationToken);
        var shown = page.Take(take).ToList();
        var levels = await db.StockLevels.AsNoTracking().Where(s => shown.Contains(s.Sku)).ToListAsync(cancellationToken);
        var rows = shown.Select(sku =>
        {
            var of = levels.Where(l => l.Sku == sku).OrderBy(l => l.WarehouseCode, StringComparer.Ordinal).ToList();
            return new SkuStockRow(sku, of.Sum(l => l.OnHand), of.Sum(l => l.Reserved), of.Sum(l => l.Available),
                [.. of.Select(l => new WarehouseStockResponse(l.WarehouseCode, l.OnHand, l.Reserved, l.Available))]);
        }).ToList();
        return new SkuStockPage(rows, page.Count > take ? shown[^1] : null);
    }

    public async Task<IReadOnlyList<LowStockRow>> LowStockAsync(int limit, CancellationToken cancellationToken)
    {
        var threshold = LowStockThreshold;
        return await db.StockLevels.AsNoTracking()
            .GroupBy(s => s.Sku)
            .Select(g => new { Sku = g.Key, Available = g.Sum(s => s.OnHand - s.Reserved), OnHand = g.Sum(s => s.OnHand) })
            .Where(g => g.Available <= threshold)
            .OrderBy(g => g.Available).ThenBy(g => g.Sku)
            .Take(Math.Clamp(limit, 1, 500))
            .Select(g => new LowStockRow(g.Sku, g.Available, g.OnHand))
            .ToListAsync(cancellationToken);
    }

    public Task<StockResponse> StockAsync(string sku, CancellationToken cancellationToken) =>
        StockEndpoints.ReadAsync(db, StockLevel.NormaliseSku(sku), cancellationToken);

    public async Task<IReadOnlyList<MovementResponse>> MovementsAsync(string sku, int limit, CancellationToken cancellationToken) =>
        (await StockEndpoints.MovementsAsync(sku, db, cancellationToken, limit)).Value!;

    public async Task<IReadOnlyList<ReservationInFlight>> ReservationsAsync(string? sku, string? reference, int limit, CancellationToken cancellationToken)
    {
        var query = db.Reservations.AsNoTracking().Include(r => r.Lines).Where(r => r.Status == ReservationStatus.Active);
        if (!string.IsNullOrWhiteSpace(sku))
        {
            var wanted = sku.Trim();
            query = query.Where(r => r.Lines.Any(l => l.Sku == wanted));
        }

        if (!string.IsNullOrWhiteSpace(reference))
        {
            var order = reference.Trim();
            query = query.Where(r => r.Reference == order);
        }

        var rows = await query.OrderBy(r => r.CreatedAt).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ReservationInFlight(r.Id, r.Reference, r.CreatedAt, r.ExpiresAt,
            [.. r.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => new ReservedUnits(l.Sku, l.WarehouseCode, l.Quantity))]))];
    }

    public async Task<IReadOnlyList<(ReservationInFlight Reservation, string Status)>> ReservationsOfAsync(string reference, CancellationToken cancellationToken)
    {
        var rows = await db.Reservations.AsNoTracking().Include(r => r.Lines).Where(r => r.Reference == reference)
            .OrderBy(r => r.CreatedAt).Take(50).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (new ReservationInFlight(r.Id, r.Reference, r.CreatedAt, r.ExpiresAt,
            [.. r.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => new ReservedUnits(l.Sku, l.WarehouseCode, l.Quantity))]), r.Status))];
    }

    public async Task<StockResponse> AdjustAsync(string sku, string warehouse, AdjustStockRequest request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await StockEndpoints.AdjustAsync(sku, warehouse, request, writer, user, cancellationToken)).Value!;
}

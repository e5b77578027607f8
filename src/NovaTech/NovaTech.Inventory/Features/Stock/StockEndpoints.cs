using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NovaTech.Inventory.Data;
using NovaTech.Inventory.Domain;
using Platform.Web;

namespace NovaTech.Inventory.Features.Stock;

/// <summary>Body of <c>PUT inventory/{sku}/warehouses/{code}</c>: the counted on-hand quantity and why it changed.</summary>
public sealed record AdjustStockRequest(
    [property: Range(0, 1_000_000)] int OnHand,
    [property: Required, StringLength(20, MinimumLength = 1)] string Reason,
    [property: StringLength(100)] string? Note = null);

/// <summary>Stock of one SKU in one warehouse.</summary>
public sealed record WarehouseStockResponse(string Code, int OnHand, int Reserved, int Available);

/// <summary>Stock of one SKU across warehouses.</summary>
public sealed record StockResponse(string Sku, int OnHand, int Reserved, int Available, IReadOnlyList<WarehouseStockResponse> Warehouses);

/// <summary>One ledger entry.</summary>
public sealed record MovementResponse(string Warehouse, int Delta, int OnHandAfter, string Reason, string? Reference, string? Actor, DateTimeOffset OccurredAt);

internal static class StockEndpoints
{
    public static void MapStock(this RouteGroupBuilder group)
    {
        group.MapPut("inventory/{sku}/warehouses/{code}", AdjustAsync).WithName("AdjustStock");
        group.MapGet("inventory/{sku}", GetAsync).WithName("GetStock");
        group.MapGet("inventory/{sku}/movements", MovementsAsync).WithName("ListStockMovements");
    }

    /// <summary>
    /// Sets on hand to the counted figure. The row is locked first (a no-op UPDATE: a row lock on PostgreSQL, the
    /// write lock on SQLite), so the ledger's delta is computed from the value no one else can change meanwhile.
    /// </summary>
    internal static async Task<Ok<StockResponse>> AdjustAsync(string sku, string code, AdjustStockRequest request, StockWriter writer, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var normalisedSku = StockLevel.NormaliseSku(sku);
        var warehouseCode = Warehouse.NormaliseCode(code);
        var reason = request.Reason.Trim().ToLowerInvariant();
        if (!MovementReasons.Manual.Contains(reason))
        {
            throw new DomainException(InventoryErrors.InvalidAdjustment, $"Reason must be one of: {string.Join(", ", MovementReasons.Manual.Order())}.");
        }

        var db = writer.Db;
        if (!await db.Warehouses.AnyAsync(w => w.Code == warehouseCode, cancellationToken))
        {
            throw DomainException.NotFound(InventoryErrors.UnknownWarehouse, $"There is no warehouse {warehouseCode}.");
        }

        var actor = user.FindFirstValue("sub");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await writer.InTransactionAsync(async ct =>
                {
                    var locked = await db.StockLevels.Where(s => s.Sku == normalisedSku && s.WarehouseCode == warehouseCode)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), ct);
                    var current = locked == 0 ? null : await db.StockLevels.SingleAsync(s => s.Sku == normalisedSku && s.WarehouseCode == warehouseCode, ct);
                    var before = current?.OnHand ?? 0;
                    var reserved = current?.Reserved ?? 0;
                    var delta = request.OnHand - before;
                    if (reason == MovementReasons.Receipt && delta < 0 || reason == MovementReasons.Damage && delta > 0)
                    {
                        throw new DomainException(InventoryErrors.InvalidAdjustment, $"A {reason} cannot {(delta < 0 ? "lower" : "raise")} on hand (now {before}).");
                    }

                    if (request.OnHand < reserved)
                    {
                        throw DomainException.Conflict(InventoryErrors.OnHandBelowReserved, $"{reserved} units of {normalisedSku} are reserved in {warehouseCode}; on hand cannot go below that.");
                    }

                    if (current is null)
                    {
                        db.StockLevels.Add(StockLevel.Empty(normalisedSku, warehouseCode));
                        await db.SaveChangesAsync(ct);
                    }

                    var onHand = request.OnHand;
                    await db.StockLevels.Where(s => s.Sku == normalisedSku && s.WarehouseCode == warehouseCode)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, onHand), ct);
                    if (delta != 0)
                    {
                        db.Movements.Add(StockMovement.Record(normalisedSku, warehouseCode, delta, onHand, reason, request.Note, actor, writer.Now));
                        await writer.PublishLevelsAsync(new Dictionary<string, int>(StringComparer.Ordinal) { [normalisedSku] = delta }, ct);
                    }

                    return (true, true);
                }, cancellationToken);
                break;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Two first adjustments of a new SKU raced to insert its row; the loser retries against that row.
            }
        }

        return TypedResults.Ok(await ReadAsync(db, normalisedSku, cancellationToken));
    }

    private static async Task<Ok<StockResponse>> GetAsync(string sku, InventoryDbContext db, CancellationToken cancellationToken)
    {
        var normalisedSku = StockLevel.NormaliseSku(sku);
        var stock = await ReadAsync(db, normalisedSku, cancellationToken);
        return stock.Warehouses.Count == 0
            ? throw DomainException.NotFound(InventoryErrors.UnknownSku, $"No stock has ever been recorded for {normalisedSku}.")
            : TypedResults.Ok(stock);
    }

    internal static async Task<Ok<List<MovementResponse>>> MovementsAsync(string sku, InventoryDbContext db, CancellationToken cancellationToken, int limit = 100)
    {
        var normalisedSku = StockLevel.NormaliseSku(sku);
        var take = Math.Clamp(limit, 1, 500);
        var rows = await db.Movements.AsNoTracking().Where(m => m.Sku == normalisedSku)
            .OrderByDescending(m => m.OccurredAt).ThenByDescending(m => m.Id).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(m => new MovementResponse(m.WarehouseCode, m.Delta, m.OnHandAfter, m.Reason, m.Reference, m.Actor, m.OccurredAt)).ToList());
    }

    internal static async Task<StockResponse> ReadAsync(InventoryDbContext db, string sku, CancellationToken cancellationToken)
    {
        var levels = await db.StockLevels.AsNoTracking().Where(s => s.Sku == sku).OrderBy(s => s.WarehouseCode).ToListAsync(cancellationToken);
        var warehouses = levels.Select(l => new WarehouseStockResponse(l.WarehouseCode, l.OnHand, l.Reserved, l.Available)).ToList();
        return new StockResponse(sku, levels.Sum(l => l.OnHand), levels.Sum(l => l.Reserved), levels.Sum(l => l.Available), warehouses);
    }
}

using Microsoft.AspNetCore.Mvc;
using NovaTech.Inventory.Features.Merchant;
using NovaTech.Inventory.Features.Stock;
using NovaTech.Inventory.Features.Warehouses;
using Platform.Identity;
using Platform.Web;

namespace NovaTech.Web.Merchant;

/// <summary>Stock of every SKU per warehouse, with reservations in flight.</summary>
public sealed record StockListModel(Desk Desk, SkuStockPage Page, IReadOnlyList<WarehouseResponse> Warehouses, IReadOnlyList<ReservationInFlight> Reservations, string? Query, bool FirstPage);

/// <summary>One SKU: stock per warehouse, the adjustment form, the ledger, its reservations.</summary>
public sealed record SkuStockModel(Desk Desk, StockResponse Stock, IReadOnlyList<WarehouseResponse> Warehouses, IReadOnlyList<MovementResponse> Movements,
    IReadOnlyList<ReservationInFlight> Reservations, string? Problem, IReadOnlyDictionary<string, string> Values);

/// <summary>Inventory pages: the same queries and adjustment handler as <c>inventory/*</c> (staff).</summary>
internal static class MerchantInventoryPages
{
    public static void MapMerchantInventoryPages(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/merchant/inventory").RequireAuthorization(PlatformPolicies.Staff).ExcludeFromDescription();
        staff.MapGet("", ListAsync);
        staff.MapGet("{sku}", SkuAsync);
        staff.MapPost("{sku}/adjust", AdjustAsync);
    }

    private static async Task<IResult> ListAsync(string? q, string? after, HttpContext http, MerchantContext merchant, IMerchantInventory inventory)
    {
        var cancellationToken = http.RequestAborted;
        var page = await inventory.ListAsync(q, after, 50, cancellationToken);
        var reservations = await inventory.ReservationsAsync(null, null, 50, cancellationToken);
        return Pages.Render<StockListPage>(new StockListModel(merchant.Desk(http, "inventory"), page, await inventory.WarehousesAsync(cancellationToken), reservations,
            q?.Trim(), string.IsNullOrEmpty(after)));
    }

    private static Task<IResult> SkuAsync(string sku, HttpContext http, MerchantContext merchant, IMerchantInventory inventory) =>
        SkuPageAsync(sku, http, merchant, inventory, null, StatusCodes.Status200OK, new Dictionary<string, string>());

    private static async Task<IResult> SkuPageAsync(string sku, HttpContext http, MerchantContext merchant, IMerchantInventory inventory, string? problem, int status,
        IReadOnlyDictionary<string, string> values)
    {
        var cancellationToken = http.RequestAborted;
        var desk = merchant.Desk(http, "inventory");
        StockResponse stock;
        try
        {
            stock = await inventory.StockAsync(sku, cancellationToken);
        }
        catch (DomainException exception)
        {
            return Pages.Render<MerchantMessagePage>(new MerchantMessageModel(desk, "Not a SKU", exception.Message, "/merchant/inventory", "All stock"), StatusCodes.Status404NotFound);
        }

        var movements = await inventory.MovementsAsync(stock.Sku, 100, cancellationToken);
        var reservations = await inventory.ReservationsAsync(stock.Sku, null, 50, cancellationToken);
        return Pages.Render<SkuPage>(new SkuStockModel(desk, stock, await inventory.WarehousesAsync(cancellationToken), movements, reservations, problem, values), status);
    }

    private static async Task<IResult> AdjustAsync(string sku, [FromForm] string? warehouse, [FromForm] string? onHand, [FromForm] string? reason, [FromForm] string? note,
        HttpContext http, MerchantContext merchant, IMerchantInventory inventory)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["warehouse"] = warehouse ?? "", ["onHand"] = onHand ?? "", ["reason"] = reason ?? "", ["note"] = note ?? "",
        };
        var isNumber = int.TryParse(onHand?.Trim(), out var counted);
        var problem = string.IsNullOrWhiteSpace(warehouse) ? "Choose a warehouse."
            : !isNumber || counted is < 0 or > 1_000_000 ? "Enter the counted units on hand (a whole number from 0 to 1,000,000)."
            : !IMerchantInventory.AdjustmentReasons.Contains(reason ?? "") ? "Choose a reason."
            : note is { Length: > 100 } ? "The note is at most 100 characters." : null;
        if (problem is null)
        {
            try
            {
                var stock = await inventory.AdjustAsync(sku, warehouse!, new AdjustStockRequest(counted, reason!, string.IsNullOrWhiteSpace(note) ? null : note.Trim()), http.User, http.RequestAborted);
                var level = stock.Warehouses.FirstOrDefault(w => string.Equals(w.Code, warehouse, StringComparison.OrdinalIgnoreCase));
                MerchantContext.SetFlash(http, new Flash(true, $"{stock.Sku} in {warehouse}: {level?.OnHand ?? counted} on hand, {level?.Available ?? counted} available."));
                return Pages.SeeOther($"/merchant/inventory/{Uri.EscapeDataString(stock.Sku)}");
            }
            catch (DomainException exception)
            {
                return await SkuPageAsync(sku, http, merchant, inventory, exception.Message, MerchantPages.StatusOf(exception), values);
            }
        }

        return await SkuPageAsync(sku, http, merchant, inventory, problem, StatusCodes.Status422UnprocessableEntity, values);
    }
}

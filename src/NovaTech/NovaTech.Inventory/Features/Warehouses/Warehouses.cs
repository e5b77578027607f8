using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using NovaTech.Inventory.Data;
using NovaTech.Inventory.Domain;
using Platform.Web;

namespace NovaTech.Inventory.Features.Warehouses;

/// <summary>Body of <c>POST warehouses</c>.</summary>
public sealed record CreateWarehouseRequest(
    [property: Required, StringLength(16, MinimumLength = 2)] string Code,
    [property: Required, StringLength(100, MinimumLength = 1)] string Name,
    [property: Required, StringLength(2, MinimumLength = 2)] string Country,
    [property: StringLength(500)] string? Address = null);

/// <summary>A warehouse as the API shows it.</summary>
public sealed record WarehouseResponse(string Code, string Name, string Country, string? Address);

internal static class WarehouseEndpoints
{
    public static void MapWarehouses(this RouteGroupBuilder group)
    {
        group.MapPost("warehouses", CreateAsync).WithName("CreateWarehouse");
        group.MapGet("warehouses", ListAsync).WithName("ListWarehouses");
    }

    private static async Task<Created<WarehouseResponse>> CreateAsync(CreateWarehouseRequest request, InventoryDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var warehouse = Warehouse.Create(request.Code, request.Name, request.Country, request.Address, time.GetUtcNow());
        if (await db.Warehouses.AnyAsync(w => w.Code == warehouse.Code, cancellationToken))
        {
            throw DomainException.Conflict(InventoryErrors.WarehouseExists, $"Warehouse {warehouse.Code} already exists.");
        }

        db.Warehouses.Add(warehouse);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request created the same code between our check and insert: the primary key decided.
            throw DomainException.Conflict(InventoryErrors.WarehouseExists, $"Warehouse {warehouse.Code} already exists.");
        }

        return TypedResults.Created($"warehouses/{warehouse.Code}", ToResponse(warehouse));
    }

    private static async Task<Ok<List<WarehouseResponse>>> ListAsync(InventoryDbContext db, CancellationToken cancellationToken)
    {
        var warehouses = await db.Warehouses.AsNoTracking().OrderBy(w => w.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(warehouses.Select(ToResponse).ToList());
    }

    private static WarehouseResponse ToResponse(Warehouse w) => new(w.Code, w.Name, w.Country, w.Address);
}

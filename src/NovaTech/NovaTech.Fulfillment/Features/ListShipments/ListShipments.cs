using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NovaTech.Fulfillment.Data;

namespace NovaTech.Fulfillment.Features.ListShipments;

/// <summary>Staff views of shipments: every shipment of an order, or one by id.</summary>
internal static class ListShipments
{
    public const string GetShipmentRoute = "GetShipment";

    public static void Map(IEndpointRouteBuilder staff)
    {
        staff.MapGet("orders/{number}/shipments", ListAsync)
            .WithName("ListShipments")
            .WithSummary("Every shipment of an order, oldest first, with its tracking timeline.");
        staff.MapGet("shipments/{id:guid}", GetAsync)
            .WithName(GetShipmentRoute)
            .WithSummary("One shipment with its tracking timeline.");
    }

    public static async Task<Ok<IReadOnlyList<ShipmentResponse>>> ListAsync(string number, FulfillmentDbContext db, CancellationToken cancellationToken)
    {
        var shipments = await db.Shipments.AsNoTracking().Where(s => s.OrderNumber == number).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ShipmentResponse>>([.. shipments.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Select(ShipmentViews.ToResponse)]);
    }

    public static async Task<Results<Ok<ShipmentResponse>, NotFound>> GetAsync(Guid id, FulfillmentDbContext db, CancellationToken cancellationToken)
    {
        var shipment = await db.Shipments.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return shipment is null ? TypedResults.NotFound() : TypedResults.Ok(ShipmentViews.ToResponse(shipment));
    }
}

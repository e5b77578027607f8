using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NovaTech.Fulfillment.Data;
using Platform.Web;

namespace NovaTech.Fulfillment.Features.PackingSlip;

internal static class PrintPackingSlip
{
    public static void Map(IEndpointRouteBuilder staff) =>
        staff.MapGet("shipments/{id:guid}/packing-slip.pdf", HandleAsync)
            .WithName("PrintPackingSlip")
            .WithSummary("The shipment's packing slip as a PDF.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");

    public static async Task<FileContentHttpResult> HandleAsync(Guid id, FulfillmentDbContext db, CancellationToken cancellationToken)
    {
        var shipment = await db.Shipments.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw DomainException.NotFound(FulfillmentErrors.ShipmentNotFound, $"There is no shipment {id}.");
        return TypedResults.File(PackingSlipDocument.Render(shipment), "application/pdf", $"packing-slip-{shipment.OrderNumber}-{shipment.Id:N}.pdf");
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NovaTech.Contracts.Fulfillment;
using NovaTech.Contracts.Ordering;
using NovaTech.Fulfillment.Data;
using NovaTech.Fulfillment.Domain;
using NovaTech.Fulfillment.Domain.Rules;
using NovaTech.Fulfillment.Notifications;
using Platform.Messaging;
using Platform.Web;

namespace NovaTech.Fulfillment.Features.CreateShipment;

/// <summary>Units of order lines leaving a warehouse with a carrier.</summary>
public sealed record CreateShipmentRequest(
    [Required, StringLength(20, MinimumLength = 1)] string Warehouse,
    [Required, StringLength(20, MinimumLength = 1)] string Carrier,
    [Required, StringLength(60, MinimumLength = 6)] string TrackingNumber,
    [Required, MinLength(1), MaxLength(200)] IReadOnlyList<CreateShipmentLine> Lines);

/// <summary>How many units of an order line are in the parcel.</summary>
public sealed record CreateShipmentLine(Guid LineId, [Range(1, 10_000)] int Quantity);

internal static class CreateShipment
{
    public static void Map(IEndpointRouteBuilder merchants) =>
        merchants.MapPost("orders/{number}/shipments", HandleAsync)
            .WithName("CreateShipment")
            .WithSummary("Ship units of a paid order from a warehouse (partial shipments allowed).");

    public static async Task<CreatedAtRoute<CreatedShipmentResponse>> HandleAsync(
        string number, CreateShipmentRequest request, [FromServices] IOrderLookup orders, FulfillmentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var order = await orders.FindForFulfilmentAsync(number, cancellationToken)
            ?? throw DomainException.NotFound(FulfillmentErrors.OrderNotFound, $"There is no order {number}.");
        ShippableQuantities.EnsureShippable(order);
        var requested = request.Lines.Select(l => (l.LineId, l.Quantity)).ToList();
        var tracking = Shipment.NormaliseTrackingNumber(request.TrackingNumber);
        var carrier = Carriers.Find(request.Carrier)?.Code ?? request.Carrier;

        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var progress = await OrderLocks.LockAsync(db, order.OrderNumber, token);
                var shipped = await ShippedAsync(db, order.OrderNumber, token);

                // Clear answers first (which line, how many are left), then the database's own guard below.
                var lines = ShippableQuantities.Take(order, requested, shipped);
                var shipment = Shipment.Dispatch(order.OrderNumber, request.Warehouse, carrier, tracking, lines, Recipient(order), time.GetUtcNow());
                if (await db.Shipments.AnyAsync(s => s.Carrier == shipment.Carrier && s.TrackingNumber == shipment.TrackingNumber, token))
                {
                    throw TrackingNumberInUse(shipment);
                }

                foreach (var line in lines)
                {
                    var orderLine = order.Lines.First(l => l.LineId == line.LineId);
                    var max = ShippableQuantities.Shippable(orderLine);
                    if (!await OrderLocks.TryAddShippedAsync(db, order.OrderNumber, line.LineId, line.Quantity, max, token))
                    {
                        var now = await ShippedAsync(db, order.OrderNumber, token);
                        throw ShippableQuantities.OverShipment(orderLine, ShippableQuantities.Remaining(orderLine, now));
                    }
                }

                var fullyShipped = ShippableQuantities.FullyShipped(order, await ShippedAsync(db, order.OrderNumber, token));
                progress.FullyShipped = fullyShipped;
                db.Shipments.Add(shipment);
                db.AddIntegrationEvent(new ShipmentDispatchedIntegrationEvent(
                    shipment.OrderNumber, shipment.Id, shipment.Warehouse, shipment.Carrier, shipment.TrackingNumber,
                    [.. lines.Select(l => new ShippedLine(l.LineId, l.Sku, l.Quantity))], fullyShipped, shipment.CreatedAt));
                ShipmentNotifications.RequestDispatched(db, shipment, fullyShipped);
                await db.SaveChangesAsync(token);
                await transaction.CommitAsync(token);
                return TypedResults.CreatedAtRoute(new CreatedShipmentResponse(ShipmentViews.ToResponse(shipment), fullyShipped), ListShipments.ListShipments.GetShipmentRoute, new { id = shipment.Id });
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // The only unique key a new shipment can hit is (carrier, tracking number): another request took it first.
            throw DomainException.Conflict(FulfillmentErrors.TrackingNumberInUse, $"Tracking number {tracking} is already on another shipment.");
        }
    }

    private static async Task<Dictionary<Guid, int>> ShippedAsync(FulfillmentDbContext db, string orderNumber, CancellationToken cancellationToken) =>
        await db.ShippedQuantities.AsNoTracking().Where(s => s.OrderNumber == orderNumber).ToDictionaryAsync(s => s.LineId, s => s.Quantity, cancellationToken);

    private static ShipmentRecipient Recipient(OrderForFulfilment order)
    {
        var address = order.ShippingAddress;
        return new ShipmentRecipient(order.Email, string.IsNullOrWhiteSpace(order.Phone) ? null : order.Phone.Trim(),
            address.Name, address.Line1, address.Line2, address.City, address.Postcode, address.Country);
    }

    private static DomainException TrackingNumberInUse(Shipment shipment) =>
        DomainException.Conflict(FulfillmentErrors.TrackingNumberInUse, $"Tracking number {shipment.TrackingNumber} is already on another shipment.");
}

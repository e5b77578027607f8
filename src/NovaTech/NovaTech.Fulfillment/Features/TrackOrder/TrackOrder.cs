using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Ordering;
using NovaTech.Fulfillment.Data;
using NovaTech.Fulfillment.Domain;
using Platform.Identity;
using Platform.Web;

namespace NovaTech.Fulfillment.Features.TrackOrder;

/// <summary>What a customer sees of their order's parcels.</summary>
public sealed record OrderTrackingResponse(string OrderNumber, bool Delivered, IReadOnlyList<ParcelResponse> Parcels);

/// <summary>One parcel: who carries it, where it is, what is in it, and its journey so far.</summary>
public sealed record ParcelResponse(
    Guid ShipmentId,
    string CarrierName,
    string TrackingNumber,
    string TrackingUrl,
    string Status,
    IReadOnlyList<ShipmentLineResponse> Items,
    IReadOnlyList<TrackingEventResponse> Timeline);

internal static class TrackOrder
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("orders/{number}/tracking", HandleAsync)
            .AllowAnonymous()
            .WithName("TrackOrder")
            .WithSummary("The tracking timeline of an order: for staff, the signed-in customer whose email is on the order, or a guest with the order token (?token=).");

    public static async Task<Ok<OrderTrackingResponse>> HandleAsync(
        string number, string? token, ClaimsPrincipal user, IAuthorizationService authorization, IServiceProvider services,
        [FromServices] IOrderLookup orders, FulfillmentDbContext db, CancellationToken cancellationToken)
    {
        // Anyone who may not see the order gets the same 404 as for an order that does not exist.
        var notFound = DomainException.NotFound(FulfillmentErrors.OrderNotFound, $"There is no order {number} you can see.");
        var order = await orders.FindForFulfilmentAsync(number, cancellationToken) ?? throw notFound;
        if (!await MaySeeAsync(order, token, user, authorization, services, cancellationToken))
        {
            throw notFound;
        }

        var shipments = await db.Shipments.AsNoTracking().Where(s => s.OrderNumber == order.OrderNumber).ToListAsync(cancellationToken);
        var fullyShipped = await db.Orders.AsNoTracking().Where(o => o.OrderNumber == order.OrderNumber).Select(o => o.FullyShipped).FirstOrDefaultAsync(cancellationToken);
        var parcels = shipments.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Select(s => new ParcelResponse(s.Id, s.CarrierInfo.Name, s.TrackingNumber, s.TrackingUrl, s.Status.ToString(),
                [.. s.Lines.Select(l => new ShipmentLineResponse(l.LineId, l.Sku, l.Name, l.Quantity))], ShipmentViews.Timeline(s)))
            .ToList();
        var delivered = fullyShipped && shipments.Count > 0 && shipments.All(s => s.Status == ShipmentStatus.Delivered);
        return TypedResults.Ok(new OrderTrackingResponse(order.OrderNumber, delivered, parcels));
    }

    private static async Task<bool> MaySeeAsync(OrderForFulfilment order, string? token, ClaimsPrincipal user,
        IAuthorizationService authorization, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated == true)
        {
            if ((await authorization.AuthorizeAsync(user, PlatformPolicies.Staff)).Succeeded)
            {
                return true;
            }

            // Ordering tells us the order's email, not its account: the signed-in owner is matched by email.
            var email = user.FindFirstValue("email");
            if (!string.IsNullOrEmpty(email) && string.Equals(email.Trim(), order.Email.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return !string.IsNullOrEmpty(token)
            && services.GetService<IOrderTokens>() is { } tokens
            && await tokens.IsOrderTokenValidAsync(order.OrderNumber, token, cancellationToken);
    }
}

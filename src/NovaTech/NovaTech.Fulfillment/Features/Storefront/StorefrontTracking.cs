using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using NovaTech.Contracts.Ordering;
using NovaTech.Fulfillment.Data;
using NovaTech.Fulfillment.Features.TrackOrder;
using Platform.Web;

namespace NovaTech.Fulfillment.Features.Storefront;

/// <summary>The fulfilment module's read surface for the storefront's order page: the same answer as <c>GET orders/{number}/tracking</c>.</summary>
public interface IStorefrontTracking
{
    /// <summary>The order's parcels and their timelines, or null for an order the caller may not see.</summary>
    Task<OrderTrackingResponse?> TrackAsync(string orderNumber, string? token, ClaimsPrincipal user, CancellationToken cancellationToken);
}

internal sealed class StorefrontTracking(IAuthorizationService authorization, IServiceProvider services, IOrderLookup orders, FulfillmentDbContext db) : IStorefrontTracking
{
    public async Task<OrderTrackingResponse?> TrackAsync(string orderNumber, string? token, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            return (await TrackOrder.TrackOrder.HandleAsync(orderNumber, token, user, authorization, services, orders, db, cancellationToken)).Value;
        }
        catch (DomainException exception) when (exception.Code == FulfillmentErrors.OrderNotFound)
        {
            return null;
        }
    }
}

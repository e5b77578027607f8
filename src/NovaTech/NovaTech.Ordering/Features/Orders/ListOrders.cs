using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Features.Carts;
using Platform.Identity;
using Platform.Web;

namespace NovaTech.Ordering.Features.Orders;

/// <summary>One of the customer's orders in their order history.</summary>
public sealed record OrderSummaryResponse(string OrderNumber, string Status, string FulfilmentStatus, long TotalPence, string Currency, int Units, DateTimeOffset PlacedAt);

/// <summary>A page of the customer's orders, newest first; pass <c>NextCursor</c> as <c>cursor</c> for the next page (null at the end).</summary>
public sealed record OrderListResponse(IReadOnlyList<OrderSummaryResponse> Items, string? NextCursor);

/// <summary><c>GET orders?limit=&amp;cursor=</c>: the signed-in customer's own orders, newest first (keyset pagination).</summary>
internal static class ListOrders
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    public static void MapListOrders(this RouteGroupBuilder api) =>
        api.MapGet("orders", ListAsync).RequireAuthorization(PlatformPolicies.Authenticated).WithTags("Orders").WithName("ListMyOrders");

    internal static async Task<Ok<OrderListResponse>> ListAsync(int? limit, string? cursor, OrderingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var customer = CartEndpoints.CustomerIdOf(user);
        if (customer is null)
        {
            return TypedResults.Ok(new OrderListResponse([], null));
        }

        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            throw new DomainException("invalid_limit", $"limit is between 1 and {MaxLimit}.");
        }

        var query = db.Orders.AsNoTracking().Where(o => o.CustomerId == customer);
        if (!string.IsNullOrEmpty(cursor))
        {
            var (at, number) = Decode(cursor);
            query = query.Where(o => o.PlacedAt < at || (o.PlacedAt == at && string.Compare(o.Number, number) < 0));
        }

        var rows = await query.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Number).Take(take + 1)
            .Select(o => new { o.Number, o.Status, o.Fulfilment, o.TotalPence, o.Currency, Units = o.Lines.Sum(l => l.Quantity), o.PlacedAt })
            .ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(o => new OrderSummaryResponse(o.Number, o.Status.ToString(), o.Fulfilment.ToString(), o.TotalPence, o.Currency, o.Units, o.PlacedAt)).ToList();
        var next = rows.Count > take ? Encode(items[^1].PlacedAt, items[^1].OrderNumber) : null;
        return TypedResults.Ok(new OrderListResponse(items, next));
    }

    internal static string Encode(DateTimeOffset at, string number) =>
        at.UtcTicks.ToString(CultureInfo.InvariantCulture) + "_" + number;

    internal static (DateTimeOffset At, string Number) Decode(string cursor)
    {
        var parts = cursor.Split('_', 2);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || parts[1].Length is 0 or > 20)
        {
            throw new DomainException("invalid_cursor", "The cursor is not one this list gave out.");
        }

        return (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
    }
}

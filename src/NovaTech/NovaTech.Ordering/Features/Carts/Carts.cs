using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaTech.Contracts.Catalog;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Domain;
using Platform.Identity;
using Platform.Web;

namespace NovaTech.Ordering.Features.Carts;

/// <summary>Body of <c>POST carts/{id}/items</c>: adds units (to any already in the cart).</summary>
public sealed record AddCartItemRequest(
    [property: Required, StringLength(64, MinimumLength = 1)] string Sku,
    [property: Range(1, 1000)] int Quantity);

/// <summary>Body of <c>PUT carts/{id}/items/{sku}</c>: the new quantity (0 removes the item).</summary>
public sealed record SetCartItemRequest([property: Range(0, 1000)] int Quantity);

/// <summary>Answer of <c>POST carts</c>.</summary>
public sealed record CartCreatedResponse(Guid Id);

/// <summary>One cart line with today's price; <c>PriceChanged</c> when it differs from what the shopper last saw.</summary>
public sealed record CartItemResponse(string Sku, string ProductName, string VariantName, int Quantity, long UnitPricePence, long LineTotalPence,
    bool PriceChanged, long PreviousUnitPricePence, bool Purchasable);

/// <summary>A cart.</summary>
public sealed record CartResponse(Guid Id, string Status, IReadOnlyList<CartItemResponse> Items, long SubtotalPence, int MaxQuantityPerLine);

internal static class CartEndpoints
{
    public const string CookieName = "novatech_cart";

    public static void MapCarts(this RouteGroupBuilder api)
    {
        var carts = api.MapGroup("carts").WithTags("Carts");
        carts.MapPost("", CreateAsync).AllowAnonymous().WithName("CreateCart");
        carts.MapGet("{id:guid}", GetAsync).AllowAnonymous().WithName("GetCart");
        carts.MapPost("{id:guid}/items", AddItemAsync).AllowAnonymous().WithName("AddCartItem");
        carts.MapPut("{id:guid}/items/{sku}", SetItemAsync).AllowAnonymous().WithName("SetCartItemQuantity");
        carts.MapDelete("{id:guid}/items/{sku}", RemoveItemAsync).AllowAnonymous().WithName("RemoveCartItem");
        carts.MapPost("{id:guid}/merge", MergeAsync).RequireAuthorization(PlatformPolicies.Authenticated).WithName("MergeCart");
    }

    internal static async Task<Created<CartCreatedResponse>> CreateAsync(OrderingDbContext db, TimeProvider time, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        var cart = Cart.Create(CustomerIdOf(user), time.GetUtcNow());
        db.Carts.Add(cart);
        await db.SaveChangesAsync(cancellationToken);
        SetCookie(http, cart.Id);
        return TypedResults.Created($"carts/{cart.Id}", new CartCreatedResponse(cart.Id));
    }

    internal static async Task<Ok<CartResponse>> GetAsync(Guid id, OrderingDbContext db, [FromServices] ICatalogLookup catalog, ClaimsPrincipal user, IOptions<OrderingOptions> options, CancellationToken cancellationToken)
    {
        var cart = await LoadAsync(db, id, user, cancellationToken, tracked: false);
        return TypedResults.Ok(await ToResponseAsync(cart, catalog, options.Value, cancellationToken));
    }

    internal static async Task<Ok<CartResponse>> AddItemAsync(Guid id, AddCartItemRequest request, OrderingDbContext db, [FromServices] ICatalogLookup catalog,
        ClaimsPrincipal user, IOptions<OrderingOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var cart = await LoadAsync(db, id, user, cancellationToken);
        var sku = request.Sku.Trim();
        var info = (await catalog.GetSkusAsync([sku], cancellationToken)).GetValueOrDefault(sku);
        if (info is null)
        {
            throw Unknown(sku);
        }

        if (!info.Purchasable)
        {
            var notForSale = new DomainException(OrderingErrors.SkuNotPurchasable, $"{sku} is not for sale at the moment.");
            notForSale.Details["sku"] = sku;
            throw notForSale;
        }

        cart.Add(sku, request.Quantity, info.PricePence, options.Value.Limits, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ToResponseAsync(cart, catalog, options.Value, cancellationToken));
    }

    internal static async Task<Ok<CartResponse>> SetItemAsync(Guid id, string sku, SetCartItemRequest request, OrderingDbContext db, [FromServices] ICatalogLookup catalog,
        ClaimsPrincipal user, IOptions<OrderingOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var cart = await LoadAsync(db, id, user, cancellationToken);
        cart.SetQuantity(sku, request.Quantity, options.Value.Limits, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ToResponseAsync(cart, catalog, options.Value, cancellationToken));
    }

    internal static async Task<Ok<CartResponse>> RemoveItemAsync(Guid id, string sku, OrderingDbContext db, [FromServices] ICatalogLookup catalog,
        ClaimsPrincipal user, IOptions<OrderingOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var cart = await LoadAsync(db, id, user, cancellationToken);
        cart.Remove(sku, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ToResponseAsync(cart, catalog, options.Value, cancellationToken));
    }

    /// <summary>
    /// Sign-in: the anonymous cart <paramref name="id"/> joins the customer's open cart (or becomes it). Returns the
    /// customer's cart, whose id the storefront keeps from now on.
    /// </summary>
    internal static async Task<Ok<CartResponse>> MergeAsync(Guid id, OrderingDbContext db, [FromServices] ICatalogLookup catalog,
        ClaimsPrincipal user, IOptions<OrderingOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var customerId = CustomerIdOf(user) ?? throw DomainException.NotFound(OrderingErrors.CartNotFound, "Sign in first.");
        var incoming = await LoadAsync(db, id, user, cancellationToken);
        var now = time.GetUtcNow();
        var target = await db.Carts.Include(c => c.Items)
            .Where(c => c.CustomerId == customerId && c.Status == CartStatus.Active && c.Id != id)
            .OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        if (incoming.CustomerId == customerId)
        {
            target = null;
        }

        if (target is null)
        {
            if (incoming.CustomerId is null)
            {
                incoming.ClaimFor(customerId, now);
            }

            target = incoming;
        }
        else
        {
            target.MergeFrom(incoming, options.Value.Limits, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ToResponseAsync(target, catalog, options.Value, cancellationToken));
    }

    /// <summary>Makes <paramref name="cartId"/> the browser's cart.</summary>
    public static void SetCookie(HttpContext http, Guid cartId) =>
        http.Response.Cookies.Append(CookieName, cartId.ToString(), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = TimeSpan.FromDays(30),
            IsEssential = true,
        });

    public static Guid? CustomerIdOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : null;

    /// <summary>An anonymous cart is reachable by its id; a customer's cart only by that customer.</summary>
    public static async Task<Cart> LoadAsync(OrderingDbContext db, Guid id, ClaimsPrincipal user, CancellationToken cancellationToken, bool tracked = true)
    {
        var query = tracked ? db.Carts : db.Carts.AsNoTracking();
        var cart = await query.Include(c => c.Items).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (cart is null || (cart.CustomerId is { } owner && owner != CustomerIdOf(user)))
        {
            throw DomainException.NotFound(OrderingErrors.CartNotFound, "There is no such cart.");
        }

        return cart;
    }

    public static DomainException Unknown(string sku)
    {
        var exception = new DomainException(OrderingErrors.UnknownSku, $"There is no product with SKU {sku}.");
        exception.Details["sku"] = sku;
        return exception;
    }

    private static async Task<CartResponse> ToResponseAsync(Cart cart, ICatalogLookup catalog, OrderingOptions options, CancellationToken cancellationToken)
    {
        var skus = cart.Items.Select(i => i.Sku).ToList();
        var infos = skus.Count == 0 ? new Dictionary<string, SkuInfo>() : await catalog.GetSkusAsync(skus, cancellationToken);
        var items = cart.Items.OrderBy(i => i.AddedAt).ThenBy(i => i.Sku, StringComparer.Ordinal).Select(i =>
        {
            var info = infos.GetValueOrDefault(i.Sku);
            var price = info?.PricePence ?? i.UnitPricePence;
            return new CartItemResponse(i.Sku, info?.ProductName ?? i.Sku, info?.VariantName ?? "", i.Quantity, price, price * i.Quantity,
                price != i.UnitPricePence, i.UnitPricePence, info?.Purchasable ?? false);
        }).ToList();
        return new CartResponse(cart.Id, cart.Status, items, items.Sum(i => i.LineTotalPence), options.MaxQuantityPerLine);
    }
}

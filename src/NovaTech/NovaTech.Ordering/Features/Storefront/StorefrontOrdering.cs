using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NovaTech.Contracts.Catalog;
using NovaTech.Contracts.Inventory;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Domain;
using NovaTech.Ordering.Features.Carts;
using NovaTech.Ordering.Features.Checkout;
using NovaTech.Ordering.Features.Orders;
using NovaTech.Ordering.Features.Payments;
using Platform.Payments;
using Platform.Web;

namespace NovaTech.Ordering.Features.Storefront;

/// <summary>A delivery option for a cart and destination, priced as checkout will price it.</summary>
public sealed record ShippingOption(string Method, long PricePence, DateOnly EarliestDelivery, DateOnly LatestDelivery);

/// <summary>
/// The ordering module's command and query surface for the host's server-rendered storefront. Every call runs the same
/// handler as the matching API endpoint (<c>carts</c>, <c>checkout</c>, <c>orders</c>), so rules, errors
/// (<see cref="DomainException"/> with the API's codes) and side effects such as the <c>novatech_cart</c> cookie are
/// identical.
/// </summary>
public interface IStorefrontOrdering
{
    /// <summary>Name of the anonymous cart cookie the API and the storefront share.</summary>
    static string CartCookie => CartEndpoints.CookieName;

    /// <summary>The countries we deliver to (ISO codes, GB first).</summary>
    static IReadOnlyList<string> Countries => ShippingAddress.Countries;

    /// <summary><c>POST carts</c>: a new cart; sets the cart cookie on <paramref name="http"/>'s response.</summary>
    Task<Guid> CreateCartAsync(ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken);

    /// <summary><c>GET carts/{id}</c>, or null when the cart does not exist or belongs to someone else.</summary>
    Task<CartResponse?> FindCartAsync(Guid cartId, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>Units in an open cart the user may see (0 otherwise): one cheap query for the page header.</summary>
    Task<int> CountCartItemsAsync(Guid cartId, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>POST carts/{id}/items</c>.</summary>
    Task<CartResponse> AddItemAsync(Guid cartId, string sku, int quantity, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>PUT carts/{id}/items/{sku}</c> (0 removes).</summary>
    Task<CartResponse> SetQuantityAsync(Guid cartId, string sku, int quantity, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>DELETE carts/{id}/items/{sku}</c>.</summary>
    Task<CartResponse> RemoveItemAsync(Guid cartId, string sku, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>The delivery options to <paramref name="country"/> for the cart's weight; empty for a country we do not deliver to.</summary>
    Task<IReadOnlyList<ShippingOption>> ShippingOptionsAsync(Guid cartId, string country, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>The delivery options to <paramref name="country"/> for a parcel of <paramref name="weightGrams"/> ordered now; empty for a country we do not deliver to.</summary>
    IReadOnlyList<ShippingOption> QuoteDelivery(string country, int weightGrams);

    /// <summary><c>POST checkout</c>: places the order and opens the payment session (the request is validated by the caller).</summary>
    Task<CheckoutResponse> CheckoutAsync(CheckoutRequest request, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken);

    /// <summary><c>GET orders/{number}</c>: for its customer, staff or the guest token; null for everyone else.</summary>
    Task<OrderResponse?> FindOrderAsync(string number, string? token, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>POST orders/{number}/cancel</c>.</summary>
    Task<OrderResponse> CancelOrderAsync(string number, string? token, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>GET orders</c>: the signed-in customer's orders, newest first (empty for anyone else).</summary>
    Task<OrderListResponse> ListOrdersAsync(ClaimsPrincipal user, string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Sign-in or registration: the basket follows the shopper. The anonymous cart <paramref name="anonymousCartId"/> joins
    /// the customer's open cart or becomes it (<c>POST carts/{id}/merge</c>); without one, the customer's latest open cart
    /// is picked up. Points the cart cookie at the result and returns its id (null when the customer has no open cart).
    /// </summary>
    Task<Guid?> TakeOverCartAsync(Guid? anonymousCartId, ClaimsPrincipal customer, HttpContext http, CancellationToken cancellationToken);
}

internal sealed class StorefrontOrdering(
    OrderingDbContext db,
    ICatalogLookup catalog,
    IStockReservations reservations,
    IPaymentProvider payments,
    Checkout.OrderBatch placing,
    IOptions<OrderingOptions> options,
    TimeProvider time,
    OrderPayments orders,
    IAuthorizationService authorization,
    ILoggerFactory loggers) : IStorefrontOrdering
{
    public async Task<Guid> CreateCartAsync(ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken) =>
        (await CartEndpoints.CreateAsync(db, time, user, http, cancellationToken)).Value!.Id;

    public async Task<CartResponse?> FindCartAsync(Guid cartId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            return (await CartEndpoints.GetAsync(cartId, db, catalog, user, options, cancellationToken)).Value;
        }
        catch (DomainException exception) when (exception.Code == OrderingErrors.CartNotFound)
        {
            return null;
        }
    }

    public Task<int> CountCartItemsAsync(Guid cartId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var customer = CartEndpoints.CustomerIdOf(user);
        return db.Carts.AsNoTracking()
            .Where(c => c.Id == cartId && c.Status == CartStatus.Active && (c.CustomerId == null || c.CustomerId == customer))
            .SelectMany(c => c.Items).SumAsync(i => i.Quantity, cancellationToken);
    }

    public async Task<CartResponse> AddItemAsync(Guid cartId, string sku, int quantity, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await CartEndpoints.AddItemAsync(cartId, new AddCartItemRequest(sku, quantity), db, catalog, user, options, time, cancellationToken)).Value!;

    public async Task<CartResponse> SetQuantityAsync(Guid cartId, string sku, int quantity, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await CartEndpoints.SetItemAsync(cartId, sku, new SetCartItemRequest(quantity), db, catalog, user, options, time, cancellationToken)).Value!;

    public async Task<CartResponse> RemoveItemAsync(Guid cartId, string sku, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await CartEndpoints.RemoveItemAsync(cartId, sku, db, catalog, user, options, time, cancellationToken)).Value!;

    public async Task<IReadOnlyList<ShippingOption>> ShippingOptionsAsync(Guid cartId, string country, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var code = (country ?? "").Trim().ToUpperInvariant();
        if (!ShippingAddress.Countries.Contains(code))
        {
            return [];
        }

        var cart = await CartEndpoints.LoadAsync(db, cartId, user, cancellationToken, tracked: false);
        var infos = cart.Items.Count == 0 ? new Dictionary<string, SkuInfo>() : await catalog.GetSkusAsync(cart.Items.Select(i => i.Sku).ToList(), cancellationToken);
        var weight = cart.Items.Sum(i => (infos.GetValueOrDefault(i.Sku)?.WeightGrams ?? 0) * i.Quantity);
        return QuoteDelivery(code, weight);
    }

    public IReadOnlyList<ShippingOption> QuoteDelivery(string country, int weightGrams)
    {
        var code = (country ?? "").Trim().ToUpperInvariant();
        if (!ShippingAddress.Countries.Contains(code))
        {
            return [];
        }

        var zone = code == "GB" ? ShippingZone.Uk : ShippingZone.Eu;
        var now = time.GetUtcNow();
        var quotes = new List<ShippingOption>();
        foreach (var method in ShippingRates.Methods)
        {
            try
            {
                var quote = ShippingRates.Quote(method, zone, weightGrams, now);
                quotes.Add(new ShippingOption(quote.Method, quote.PricePence, quote.EarliestDelivery, quote.LatestDelivery));
            }
            catch (DomainException exception) when (exception.Code == OrderingErrors.ShippingMethodUnavailable)
            {
                // Not offered to this zone.
            }
        }

        return quotes;
    }

    public async Task<CheckoutResponse> CheckoutAsync(CheckoutRequest request, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken) =>
        (await CheckoutEndpoint.CheckoutAsync(request, db, catalog, reservations, payments, placing, options, time, user, http, loggers, cancellationToken)).Value!;

    public async Task<OrderResponse?> FindOrderAsync(string number, string? token, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            return (await OrderEndpoints.GetAsync(number, token, orders, user, authorization, cancellationToken)).Value;
        }
        catch (DomainException exception) when (exception.Code == OrderingErrors.OrderNotFound)
        {
            return null;
        }
    }

    public async Task<OrderResponse> CancelOrderAsync(string number, string? token, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await OrderEndpoints.CancelAsync(number, token, orders, user, authorization, cancellationToken)).Value!;

    public async Task<OrderListResponse> ListOrdersAsync(ClaimsPrincipal user, string? cursor, int limit, CancellationToken cancellationToken) =>
        (await ListOrders.ListAsync(limit, cursor, db, user, cancellationToken)).Value!;

    public async Task<Guid?> TakeOverCartAsync(Guid? anonymousCartId, ClaimsPrincipal customer, HttpContext http, CancellationToken cancellationToken)
    {
        var customerId = CartEndpoints.CustomerIdOf(customer);
        if (customerId is null)
        {
            return null;
        }

        Guid? cartId = null;
        if (anonymousCartId is { } anonymous)
        {
            try
            {
                var merged = (await CartEndpoints.MergeAsync(anonymous, db, catalog, customer, options, time, cancellationToken)).Value!;
                cartId = merged.Status == CartStatus.Active ? merged.Id : null;
            }
            catch (DomainException exception) when (exception.Code is OrderingErrors.CartNotFound or OrderingErrors.CartNotActive)
            {
                // Someone else's, checked out or merged already: nothing to bring along.
            }
            catch (DbUpdateConcurrencyException)
            {
                // The same cart merged by a parallel sign-in: that one wins; pick up its result below.
            }

            db.ChangeTracker.Clear();
        }

        cartId ??= await db.Carts.AsNoTracking()
            .Where(c => c.CustomerId == customerId && c.Status == CartStatus.Active)
            .OrderByDescending(c => c.UpdatedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (cartId is { } id)
        {
            CartEndpoints.SetCookie(http, id);
        }

        return cartId;
    }
}

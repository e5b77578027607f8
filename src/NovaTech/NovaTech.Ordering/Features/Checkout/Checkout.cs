using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NovaTech.Contracts.Catalog;
using NovaTech.Contracts.Inventory;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Domain;
using NovaTech.Ordering.Features.Carts;
using Platform.Payments;
using Platform.Web;

namespace NovaTech.Ordering.Features.Checkout;

/// <summary>Delivery address at checkout.</summary>
public sealed record AddressRequest(
    [property: Required] string Name,
    [property: Required] string Line1,
    string? Line2,
    [property: Required] string City,
    [property: Required] string Postcode,
    [property: Required] string Country);

/// <summary>Body of <c>POST checkout</c>.</summary>
public sealed record CheckoutRequest(
    [property: Required] Guid? CartId,
    [property: Required, EmailAddress, StringLength(254)] string Email,
    [property: Required] AddressRequest ShippingAddress,
    [property: Required] string ShippingMethod);

/// <summary>The placed order and where to pay for it. Keep <c>OrderToken</c>: it lets a guest see the order.</summary>
public sealed record CheckoutResponse(string OrderNumber, string Status, long TotalPence, long SubtotalPence, long ShippingPence, long VatPence,
    string CheckoutUrl, string OrderToken, DateOnly EarliestDelivery, DateOnly LatestDelivery, DateTimeOffset ReservedUntil);

/// <summary>A price that differs from what the shopper last saw.</summary>
public sealed record PriceChange(string Sku, long PreviousUnitPricePence, long UnitPricePence);

internal static class CheckoutEndpoint
{
    public static void MapCheckout(this RouteGroupBuilder api) =>
        api.MapPost("checkout", CheckoutAsync).AllowAnonymous().WithTags("Checkout").WithName("Checkout");

    /// <summary>
    /// Places the order in three steps so no payment call ever runs inside a transaction: (1) reserve stock (Inventory's
    /// transaction); (2) create the payment session for the order about to be saved; (3) save the order with its session
    /// and close the cart (one transaction, shared with the other checkouts of that moment: <see cref="OrderBatch"/>). A crash between steps leaves a reservation that expires on its own and, at
    /// worst, a payment session that no one was given and that expires unpaid.
    /// </summary>
    internal static async Task<Created<CheckoutResponse>> CheckoutAsync(CheckoutRequest request, OrderingDbContext db, [FromServices] ICatalogLookup catalog,
        IStockReservations reservations, IPaymentProvider payments, OrderBatch orders, IOptions<OrderingOptions> options, TimeProvider time, ClaimsPrincipal user,
        HttpContext http, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var address = ShippingAddress.Create(request.ShippingAddress.Name, request.ShippingAddress.Line1, request.ShippingAddress.Line2,
            request.ShippingAddress.City, request.ShippingAddress.Postcode, request.ShippingAddress.Country);
        var cart = await CartEndpoints.LoadAsync(db, request.CartId!.Value, user, cancellationToken);
        if (cart.Status != CartStatus.Active)
        {
            throw DomainException.Conflict(OrderingErrors.CartNotActive, "This cart has already been checked out.");
        }

        if (cart.Items.Count == 0)
        {
            throw new DomainException(OrderingErrors.CartEmpty, "The cart is empty.");
        }

        var now = time.GetUtcNow();
        var infos = await catalog.GetSkusAsync(cart.Items.Select(i => i.Sku).ToList(), cancellationToken);
        foreach (var item in cart.Items)
        {
            var info = infos.GetValueOrDefault(item.Sku) ?? throw CartEndpoints.Unknown(item.Sku);
            if (!info.Purchasable)
            {
                var gone = new DomainException(OrderingErrors.SkuNotPurchasable, $"{item.Sku} is no longer for sale; remove it from the cart.");
                gone.Details["sku"] = item.Sku;
                throw gone;
            }
        }

        // A changed price is shown, never silently charged: the cart takes the new prices and the shopper confirms by checking out again.
        var changes = cart.Items.Where(i => infos[i.Sku].PricePence != i.UnitPricePence)
            .Select(i => new PriceChange(i.Sku, i.UnitPricePence, infos[i.Sku].PricePence)).ToList();
        if (changes.Count > 0)
        {
            foreach (var change in changes)
            {
                cart.AcceptPrice(change.Sku, change.UnitPricePence, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            var changed = DomainException.Conflict(OrderingErrors.PriceChanged,
                $"Prices changed since you added them: {string.Join(", ", changes.Select(c => $"{c.Sku} is now £{c.UnitPricePence / 100m:0.00} (was £{c.PreviousUnitPricePence / 100m:0.00})"))}. Check out again to accept.");
            changed.Details["changes"] = changes;
            throw changed;
        }

        var lines = cart.Items.OrderBy(i => i.AddedAt).ThenBy(i => i.Sku, StringComparer.Ordinal)
            .Select(i => infos[i.Sku])
            .Select(info => new NewOrderLine(info.Sku, info.ProductName, info.VariantName, info.PricePence,
                cart.Items.Single(i => i.Sku == info.Sku).Quantity, info.VatRateBasisPoints, info.WeightGrams))
            .ToList();
        var shipping = ShippingRates.Quote(request.ShippingMethod, address.Zone, lines.Sum(l => l.WeightGrams * l.Quantity), now);

        var number = OrderNumbers.Next(now);
        var reservationId = Guid.CreateVersion7(now);
        var held = await reservations.ReserveAsync(reservationId, number, lines.Select(l => new ReservationLine(l.Sku, l.Quantity)).ToList(), settings.ReservationTtl, cancellationToken);
        if (!held.Succeeded)
        {
            var shortage = DomainException.Conflict(OrderingErrors.InsufficientStock,
                held.Available == 0 ? $"{held.ShortSku} is out of stock." : $"Only {held.Available} of {held.ShortSku} left in stock.");
            shortage.Details["sku"] = held.ShortSku;
            shortage.Details["available"] = held.Available;
            throw shortage;
        }

        var order = Order.Place(number, cart.Id, CartEndpoints.CustomerIdOf(user), request.Email, address, shipping, lines, reservationId, now, out var guestToken);
        CheckoutSession session;
        try
        {
            var returnBase = (settings.StorefrontBaseUrl ?? $"{http.Request.Scheme}://{http.Request.Host}").TrimEnd('/');
            session = await payments.CreateCheckoutSessionAsync(new CheckoutSessionRequest(number, order.TotalPence, order.Currency, $"NovaTech order {number}",
                $"{returnBase}/orders/{number}/confirmation", $"{returnBase}/cart")
            {
                LineItems = order.Lines.Select(l => new CheckoutLineItem($"{l.ProductName} {l.VariantName}".Trim(), l.UnitPricePence, l.Quantity))
                    .Append(new CheckoutLineItem($"Delivery ({shipping.Method})", order.ShippingPence)).Where(l => l.UnitAmountPence > 0).ToList(),
                CustomerEmail = order.Email,
                IdempotencyKey = "novatech-checkout-" + number,
                ExpiresAt = time.GetUtcNow() + settings.PaymentSessionLifetime,
                Metadata = new Dictionary<string, string> { ["order_number"] = number },
            }, cancellationToken);
        }
        catch (Exception ex)
        {
            await reservations.ReleaseAsync(reservationId, CancellationToken.None);
            if (ex is not PaymentException)
            {
                throw;
            }

            loggers.CreateLogger(typeof(CheckoutEndpoint)).LogWarning(ex, "Payment session for {Order} failed; no order placed", number);
            throw DomainException.Conflict(OrderingErrors.PaymentUnavailable, "Payment could not be started. Nothing was charged; please try again.");
        }

        order.AttachPaymentSession(session.Id, session.Url, now);
        try
        {
            await orders.SaveAsync(order);
        }
        catch
        {
            // The session's URL was never handed out, so it cannot be paid; it expires on its own.
            await reservations.ReleaseAsync(reservationId, CancellationToken.None);
            throw;
        }

        var url = session.Url;
        return TypedResults.Created($"orders/{number}", new CheckoutResponse(number, nameof(OrderStatus.PendingPayment), order.TotalPence, order.SubtotalPence,
            order.ShippingPence, order.VatPence, url ?? "", guestToken, shipping.EarliestDelivery, shipping.LatestDelivery, held.ExpiresAt!.Value));
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using NovaTech.Contracts.Catalog;
using NovaTech.Fulfillment.Features.Storefront;
using NovaTech.Ordering.Features.Addresses;
using NovaTech.Ordering.Features.Checkout;
using NovaTech.Ordering.Features.Storefront;
using Platform.Web;

namespace NovaTech.Web.Storefront;

/// <summary>
/// Basket, checkout and order pages. Forms post with an antiforgery token and answer with 303 See Other
/// (post/redirect/get); every change goes through the ordering module's handlers via <see cref="IStorefrontOrdering"/>,
/// so the basket is the same one the API sees (cookie <c>novatech_cart</c>).
/// </summary>
internal static class ShopPages
{
    /// <summary>Holds "number:token" of the guest's latest order, so the payment page's return lands on the order.</summary>
    public const string OrderCookie = "novatech_order";

    public static void MapShopPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cart", CartAsync);
        app.MapPost("/cart/items", AddAsync);
        app.MapPost("/cart/items/{sku}", UpdateAsync);
        app.MapPost("/cart/items/{sku}/remove", RemoveAsync);
        app.MapGet("/checkout", CheckoutAsync);
        app.MapPost("/checkout", PlaceOrderAsync);
        app.MapGet("/orders/{number}/confirmation", ConfirmationAsync);
        app.MapGet("/orders/{number}", OrderAsync);
        app.MapPost("/orders/{number}/cancel", CancelAsync);
    }

    private static async Task<IResult> CartAsync(HttpContext http, ShopContext shop, IStorefrontOrdering ordering, ICatalogLookup catalog)
    {
        var chrome = await shop.ChromeAsync(http, withForm: true);
        var cart = ShopContext.CartIdOf(http) is { } id ? await ordering.FindCartAsync(id, http.User, http.RequestAborted) : null;
        if (cart is { Status: not "active" })
        {
            cart = null;
        }

        var skus = cart?.Items.Select(i => i.Sku).ToList() ?? [];
        var slugs = skus.Count == 0
            ? new Dictionary<string, string>()
            : (await catalog.GetSkusAsync(skus, http.RequestAborted)).ToDictionary(s => s.Key, s => s.Value.Slug, StringComparer.Ordinal);
        var delivery = cart is { Items.Count: > 0 } ? ordering.QuoteDelivery("GB", 0) : [];
        return Pages.Render<CartPage>(new CartModel(chrome, cart, slugs, delivery));
    }

    private static async Task<IResult> AddAsync([FromForm] string? sku, [FromForm] string? quantity, [FromForm] string? returnTo, HttpContext http, IStorefrontOrdering ordering)
    {
        var back = returnTo is { Length: > 3 } path && path.StartsWith("/p/", StringComparison.Ordinal) && !path.Contains("//", StringComparison.Ordinal) ? path : "/cart";
        if (string.IsNullOrWhiteSpace(sku) || !int.TryParse(quantity, out var units) || units is < 1 or > 1000)
        {
            ShopContext.SetFlash(http, new Flash(false, "Choose an option and a quantity of at least 1."));
            return Pages.SeeOther(back);
        }

        var productPage = back == "/cart" ? back : $"{back}?sku={Uri.EscapeDataString(sku)}";
        try
        {
            await WithCartAsync(http, ordering, cartId => ordering.AddItemAsync(cartId, sku, units, http.User, http.RequestAborted));
            ShopContext.SetFlash(http, new Flash(true, "Added to your basket.", "View basket and check out", "/cart"));
        }
        catch (DomainException exception)
        {
            ShopContext.SetFlash(http, new Flash(false, exception.Message));
        }

        return Pages.SeeOther(productPage);
    }

    /// <summary>Runs <paramref name="change"/> on the visitor's open cart, starting a new one when there is none (or it was checked out).</summary>
    private static async Task WithCartAsync(HttpContext http, IStorefrontOrdering ordering, Func<Guid, Task> change)
    {
        if (ShopContext.CartIdOf(http) is { } existing)
        {
            try
            {
                await change(existing);
                return;
            }
            catch (DomainException exception) when (exception.Code is "cart_not_found" or "cart_not_active")
            {
                // Fall through to a fresh cart.
            }
        }

        var created = await ordering.CreateCartAsync(http.User, http, http.RequestAborted);
        await change(created);
    }

    private static async Task<IResult> UpdateAsync(string sku, [FromForm] string? quantity, HttpContext http, IStorefrontOrdering ordering)
    {
        if (ShopContext.CartIdOf(http) is not { } cartId)
        {
            return Pages.SeeOther("/cart");
        }

        try
        {
            if (!int.TryParse(quantity, out var units) || units < 0)
            {
                throw new DomainException("quantity_limit", "Enter a quantity of 0 or more.");
            }

            await ordering.SetQuantityAsync(cartId, sku, units, http.User, http.RequestAborted);
            ShopContext.SetFlash(http, new Flash(true, units == 0 ? "Item removed." : "Basket updated."));
        }
        catch (DomainException exception)
        {
            ShopContext.SetFlash(http, new Flash(false, exception.Message));
        }

        return Pages.SeeOther("/cart");
    }

    private static async Task<IResult> RemoveAsync(string sku, HttpContext http, IStorefrontOrdering ordering)
    {
        if (ShopContext.CartIdOf(http) is { } cartId)
        {
            try
            {
                await ordering.RemoveItemAsync(cartId, sku, http.User, http.RequestAborted);
                ShopContext.SetFlash(http, new Flash(true, "Item removed."));
            }
            catch (DomainException exception)
            {
                ShopContext.SetFlash(http, new Flash(false, exception.Message));
            }
        }

        return Pages.SeeOther("/cart");
    }

    private static async Task<IResult> CheckoutAsync(Guid? address, HttpContext http, ShopContext shop, IStorefrontOrdering ordering, IStorefrontAddresses addresses)
    {
        var cart = ShopContext.CartIdOf(http) is { } id ? await ordering.FindCartAsync(id, http.User, http.RequestAborted) : null;
        if (cart is not { Status: "active", Items.Count: > 0 })
        {
            return Pages.SeeOther("/cart");
        }

        var chrome = await shop.ChromeAsync(http, withForm: true);
        var form = new CheckoutForm { Email = chrome.UserName, Country = "GB", ShippingMethod = "standard" };

        // A signed-in customer's saved address fills the form: the one picked, else the first.
        var saved = await addresses.ListAsync(http.User, http.RequestAborted);
        if ((saved.FirstOrDefault(a => a.Id == address) ?? (saved.Count > 0 ? saved[0] : null)) is { } chosen)
        {
            (form.Name, form.Line1, form.Line2, form.City, form.Postcode, form.Country) = (chosen.Name, chosen.Line1, chosen.Line2, chosen.City, chosen.Postcode, chosen.Country);
        }

        var options = await ordering.ShippingOptionsAsync(cart.Id, form.Country, http.User, http.RequestAborted);
        return Pages.Render<CheckoutPage>(new CheckoutModel(chrome, cart, form, new Dictionary<string, string>(), null, options, saved));
    }

    private static async Task<IResult> PlaceOrderAsync([FromForm] CheckoutForm form, HttpContext http, ShopContext shop, IStorefrontOrdering ordering)
    {
        var cancellationToken = http.RequestAborted;
        var cart = ShopContext.CartIdOf(http) is { } id ? await ordering.FindCartAsync(id, http.User, cancellationToken) : null;
        if (cart is not { Status: "active", Items.Count: > 0 })
        {
            return Pages.SeeOther("/cart");
        }

        form.Country = (form.Country ?? "GB").Trim().ToUpperInvariant();
        var options = await ordering.ShippingOptionsAsync(cart.Id, form.Country, http.User, cancellationToken);
        var errors = form.Action == "refresh" ? new Dictionary<string, string>() : Validate(form);
        string? problem = null;
        if (form.Action != "refresh" && errors.Count == 0)
        {
            try
            {
                var placed = await ordering.CheckoutAsync(
                    new CheckoutRequest(cart.Id, form.Email!.Trim(), new AddressRequest(form.Name!, form.Line1!, form.Line2, form.City!, form.Postcode!, form.Country), form.ShippingMethod!),
                    http.User, http, cancellationToken);
                http.Response.Cookies.Append(OrderCookie, placed.OrderNumber + ":" + placed.OrderToken, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    Path = "/orders",
                    MaxAge = TimeSpan.FromDays(1),
                    IsEssential = true,
                });
                return Pages.SeeOther(placed.CheckoutUrl.Length > 0 ? placed.CheckoutUrl : $"/orders/{placed.OrderNumber}?token={Uri.EscapeDataString(placed.OrderToken)}");
            }
            catch (DomainException exception)
            {
                if (exception.Details.TryGetValue("field", out var field) && field is string name)
                {
                    errors[name.Replace("shippingAddress.", "", StringComparison.Ordinal)] = exception.Message;
                }
                else if (exception.Code == "cart_not_active")
                {
                    return Pages.SeeOther("/cart");
                }
                else
                {
                    problem = exception.Message;
                }

                // A price change updated the cart: show the new prices with the message.
                cart = await ordering.FindCartAsync(cart.Id, http.User, cancellationToken) ?? cart;
            }
        }

        var chrome = await shop.ChromeAsync(http, withForm: true);
        var status = errors.Count > 0 || problem is not null ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK;
        return Pages.Render<CheckoutPage>(new CheckoutModel(chrome, cart, form, errors, problem, options), status);
    }

    /// <summary>Presence and e-mail format here; address formats (postcodes per country) are the ordering module's rules.</summary>
    private static Dictionary<string, string> Validate(CheckoutForm form)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(form.Email))
        {
            errors["email"] = "Enter your email address.";
        }
        else if (form.Email.Length > 254 || !new EmailAddressAttribute().IsValid(form.Email.Trim()) || !form.Email.Contains('.', StringComparison.Ordinal))
        {
            errors["email"] = "Enter an email address like name@example.com.";
        }

        void Required(string? value, string field, string message, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[field] = message;
            }
            else if (value.Trim().Length > max)
            {
                errors[field] = $"Use at most {max} characters.";
            }
        }

        Required(form.Name, "name", "Enter your full name.", 100);
        Required(form.Line1, "line1", "Enter the first line of the address.", 100);
        Required(form.City, "city", "Enter the town or city.", 60);
        Required(form.Postcode, "postcode", "Enter the postcode.", 12);
        if (!IStorefrontOrdering.Countries.Contains(form.Country ?? ""))
        {
            errors["country"] = "Choose a country we deliver to.";
        }

        if (string.IsNullOrWhiteSpace(form.ShippingMethod))
        {
            errors["shippingMethod"] = "Choose a delivery option.";
        }

        return errors;
    }

    private static IResult ConfirmationAsync(string number, HttpContext http)
    {
        var normalised = number.Trim().ToUpperInvariant();
        if (http.Request.Cookies[OrderCookie] is { } value && value.Split(':', 2) is [var cookieNumber, var token] && cookieNumber == normalised)
        {
            return Pages.SeeOther($"/orders/{normalised}?token={Uri.EscapeDataString(token)}");
        }

        return Pages.SeeOther($"/orders/{normalised}");
    }

    private static async Task<IResult> OrderAsync(string number, string? token, HttpContext http, ShopContext shop, IStorefrontOrdering ordering, IStorefrontTracking tracking)
    {
        var chrome = await shop.ChromeAsync(http, withForm: true);
        var order = await ordering.FindOrderAsync(number, token, http.User, http.RequestAborted);
        if (order is null)
        {
            return Pages.Render<MessagePage>(new MessageModel(chrome, "Order not found",
                "We could not find that order. Use the link from your confirmation e-mail, or sign in to see your orders.", "Sign in", "/account"), StatusCodes.Status404NotFound);
        }

        var parcels = await tracking.TrackAsync(order.OrderNumber, token, http.User, http.RequestAborted);
        return Pages.Render<OrderPage>(new OrderModel(chrome, order, string.IsNullOrEmpty(token) ? null : token, parcels));
    }

    private static async Task<IResult> CancelAsync(string number, [FromForm] string? token, HttpContext http, IStorefrontOrdering ordering)
    {
        var back = $"/orders/{Uri.EscapeDataString(number)}" + (string.IsNullOrEmpty(token) ? "" : "?token=" + Uri.EscapeDataString(token));
        try
        {
            await ordering.CancelOrderAsync(number, token, http.User, http.RequestAborted);
            ShopContext.SetFlash(http, new Flash(true, "Your order was cancelled. Any payment will be refunded to your card."));
        }
        catch (DomainException exception)
        {
            ShopContext.SetFlash(http, new Flash(false, exception.Message));
        }

        return Pages.SeeOther(back);
    }
}

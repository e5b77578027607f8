using NovaTech.Fulfillment.Features.TrackOrder;
using NovaTech.Ordering.Features.Carts;
using NovaTech.Ordering.Features.Orders;
using NovaTech.Ordering.Features.Storefront;

namespace NovaTech.Web.Storefront;

/// <summary>The basket page.</summary>
public sealed record CartModel(Chrome Chrome, CartResponse? Cart, IReadOnlyDictionary<string, string> Slugs, IReadOnlyList<ShippingOption> Delivery);

/// <summary>The checkout form as posted (plain strings: every check and message is ours, shown beside its field).</summary>
public sealed class CheckoutForm
{
    public string? Email { get; set; }

    public string? Name { get; set; }

    public string? Line1 { get; set; }

    public string? Line2 { get; set; }

    public string? City { get; set; }

    public string? Postcode { get; set; }

    public string? Country { get; set; }

    public string? ShippingMethod { get; set; }

    /// <summary><c>refresh</c> recalculates delivery for a changed country; anything else places the order.</summary>
    public string? Action { get; set; }
}

/// <summary>The checkout page.</summary>
public sealed record CheckoutModel(
    Chrome Chrome,
    CartResponse Cart,
    CheckoutForm Form,
    IReadOnlyDictionary<string, string> Errors,
    string? Problem,
    IReadOnlyList<ShippingOption> Options,
    IReadOnlyList<NovaTech.Ordering.Features.Addresses.SavedAddressResponse>? Saved = null)
{
    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    public ShippingOption? SelectedOption => Options.FirstOrDefault(o => o.Method == Form.ShippingMethod) ?? (Options.Count > 0 ? Options[0] : null);
}

/// <summary>An order's page: status, lines, totals, delivery and the parcels' journeys.</summary>
public sealed record OrderModel(Chrome Chrome, OrderResponse Order, string? Token, OrderTrackingResponse? Tracking)
{
    public bool CanCancel => Order.Status is "PendingPayment" or "Paid" && (Tracking is null || Tracking.Parcels.Count == 0);

    public bool HasInvoice => Order.PaidAt is not null;

    public string TokenQuery => Token is null ? "" : "?token=" + Uri.EscapeDataString(Token);

    public static string StatusText(string status) => status switch
    {
        "PendingPayment" => "Awaiting payment",
        "Paid" => "Paid — being prepared",
        "Fulfilling" => "Partly shipped",
        "Shipped" => "Shipped",
        "Delivered" => "Delivered",
        "Cancelled" => "Cancelled",
        "PaymentFailed" => "Payment failed",
        "Refunded" => "Refunded",
        "PartiallyRefunded" => "Partly refunded",
        _ => status,
    };
}

/// <summary>Countries by ISO code, for people.</summary>
public static class Countries
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["GB"] = "United Kingdom", ["IE"] = "Ireland", ["FR"] = "France", ["DE"] = "Germany", ["ES"] = "Spain", ["IT"] = "Italy",
        ["FI"] = "Finland", ["NL"] = "Netherlands", ["BE"] = "Belgium", ["AT"] = "Austria", ["DK"] = "Denmark", ["LU"] = "Luxembourg",
        ["PT"] = "Portugal", ["PL"] = "Poland", ["SE"] = "Sweden", ["CZ"] = "Czechia",
    };

    public static string Name(string code) => Names.GetValueOrDefault(code, code);

    /// <summary>The countries we deliver to, the UK first, then by name.</summary>
    public static IReadOnlyList<string> Delivered { get; } =
        [.. IStorefrontOrdering.Countries.OrderBy(c => c == "GB" ? 0 : 1).ThenBy(Name, StringComparer.Ordinal)];
}

using NovaTech.Ordering.Domain;

namespace NovaTech.Ordering;

/// <summary>Settings under <c>Ordering:*</c>.</summary>
internal sealed class OrderingOptions
{
    public const string SectionName = "Ordering";

    /// <summary>Most units of one SKU in a cart/order (default 10).</summary>
    public int MaxQuantityPerLine { get; set; } = 10;

    /// <summary>Most different SKUs in a cart (default 30).</summary>
    public int MaxCartLines { get; set; } = 30;

    /// <summary>How long checkout holds the stock while the customer pays (default 15 minutes).</summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long the hosted payment page accepts payment (default 35 minutes; providers require at least 30, and a
    /// margin keeps a slow request from crossing that line between our clock read and the provider's check).
    /// </summary>
    public TimeSpan PaymentSessionLifetime { get; set; } = TimeSpan.FromMinutes(35);

    /// <summary>Public base URL of the storefront for payment return links; unset → the request's own base.</summary>
    public string? StorefrontBaseUrl { get; set; }

    public CartLimits Limits => new(MaxQuantityPerLine, MaxCartLines);
}

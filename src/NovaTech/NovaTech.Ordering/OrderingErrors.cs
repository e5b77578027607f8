namespace NovaTech.Ordering;

/// <summary>Stable problem codes of the ordering module.</summary>
internal static class OrderingErrors
{
    public const string CartNotFound = "cart_not_found";
    public const string CartNotActive = "cart_not_active";
    public const string CartEmpty = "cart_empty";
    public const string CartFull = "cart_full";
    public const string QuantityLimit = "quantity_limit";
    public const string UnknownSku = "unknown_sku";
    public const string SkuNotPurchasable = "sku_not_purchasable";
    public const string NotInCart = "not_in_cart";
    public const string PriceChanged = "price_changed";
    public const string InsufficientStock = "insufficient_stock";
    public const string InvalidAddress = "invalid_address";
    public const string UnsupportedDestination = "unsupported_destination";
    public const string ShippingMethodUnavailable = "shipping_method_unavailable";
    public const string OrderNotFound = "order_not_found";
    public const string InvalidTransition = "invalid_order_transition";
    public const string NotCancellable = "order_not_cancellable";
    public const string NotRefundable = "order_not_refundable";
    public const string InvalidRefund = "invalid_refund";
    public const string RefundFailed = "refund_failed";
    public const string PaymentUnavailable = "payment_provider_unavailable";
    public const string InvoiceNotAvailable = "invoice_not_available";
    public const string AddressNotFound = "address_not_found";
    public const string AddressBookFull = "address_book_full";
}

using Platform.Web;

namespace NovaTech.Fulfillment;

/// <summary>Stable error codes of the fulfilment module; each is thrown as a <see cref="DomainException"/>.</summary>
internal static class FulfillmentErrors
{
    public const string OrderNotFound = "order_not_found";
    public const string OrderNotShippable = "order_not_shippable";
    public const string UnknownOrderLine = "unknown_order_line";
    public const string DuplicateOrderLine = "duplicate_order_line";
    public const string InvalidQuantity = "invalid_quantity";
    public const string OverShipment = "over_shipment";
    public const string UnsupportedCarrier = "unsupported_carrier";
    public const string InvalidTrackingNumber = "invalid_tracking_number";
    public const string InvalidWarehouse = "invalid_warehouse";
    public const string TrackingNumberInUse = "tracking_number_in_use";
    public const string NoLines = "no_lines";
    public const string ShipmentNotFound = "shipment_not_found";
    public const string UnknownTrackingNumber = "unknown_tracking_number";
    public const string InvalidSignature = "invalid_signature";
    public const string InvalidCarrierEvent = "invalid_carrier_event";
}

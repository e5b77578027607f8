namespace NovaTech.Inventory;

/// <summary>Stable problem codes of the inventory module.</summary>
internal static class InventoryErrors
{
    public const string InvalidWarehouse = "invalid_warehouse";
    public const string WarehouseExists = "warehouse_exists";
    public const string UnknownWarehouse = "unknown_warehouse";
    public const string InvalidSku = "invalid_sku";
    public const string UnknownSku = "unknown_sku";
    public const string InvalidAdjustment = "invalid_adjustment";
    public const string OnHandBelowReserved = "on_hand_below_reserved";
    public const string InvalidEmail = "invalid_email";
    public const string SkuNotOfProduct = "sku_not_found";
    public const string SkuInStock = "sku_in_stock";
    public const string AlertClosed = "alert_closed";
    public const string InvalidUnsubscribeToken = "invalid_unsubscribe_token";
}

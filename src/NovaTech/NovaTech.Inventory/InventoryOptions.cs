namespace NovaTech.Inventory;

/// <summary>Settings under <c>Inventory:*</c>.</summary>
internal sealed class InventoryOptions
{
    public const string SectionName = "Inventory";

    /// <summary>Available at or below this raises <c>LowStockReachedIntegrationEvent</c> once per crossing (default 5).</summary>
    public int LowStockThreshold { get; set; } = 5;

    /// <summary>How often this node releases expired reservations (default 15 s).</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Run the expiry worker on this node (default true; safe on every node).</summary>
    public bool ExpiryWorker { get; set; } = true;

    /// <summary>Back-in-stock subscriptions one client IP may make per minute (default 10).</summary>
    public int StockAlertsPerMinute { get; set; } = 10;

    /// <summary>Public base URL of the shop for links in back-in-stock emails (default http://localhost:5090).</summary>
    public string StorefrontBaseUrl { get; set; } = "http://localhost:5090";
}

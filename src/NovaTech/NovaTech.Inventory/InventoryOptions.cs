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
}

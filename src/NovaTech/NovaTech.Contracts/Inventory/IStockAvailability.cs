namespace NovaTech.Contracts.Inventory;

/// <summary>
/// How many units of some SKUs can be sold right now (on hand − reserved, all warehouses), for the storefront's product
/// page and the merchant dashboard. Implemented by NovaTech.Inventory with one grouped query.
/// </summary>
public interface IStockAvailability
{
    /// <summary>Available units per SKU (keys as asked); a SKU with no stock record is absent (treat as 0).</summary>
    Task<IReadOnlyDictionary<string, int>> GetAvailableAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default);
}

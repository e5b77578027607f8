using Microsoft.EntityFrameworkCore;
using NovaTech.Contracts.Inventory;
using NovaTech.Inventory.Data;

namespace NovaTech.Inventory.Features.Stock;

/// <summary>Available units per SKU across warehouses, in one grouped query.</summary>
internal sealed class StockAvailability(InventoryDbContext db) : IStockAvailability
{
    public async Task<IReadOnlyDictionary<string, int>> GetAvailableAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var asked = skus.Distinct(StringComparer.Ordinal).ToDictionary(s => s, s => s.Trim(), StringComparer.Ordinal);
        var wanted = asked.Values.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<string, int>(StringComparer.Ordinal);
        }

        var rows = await db.StockLevels.AsNoTracking().Where(s => wanted.Contains(s.Sku))
            .GroupBy(s => s.Sku).Select(g => new { Sku = g.Key, Available = g.Sum(s => s.OnHand - s.Reserved) })
            .ToDictionaryAsync(r => r.Sku, r => Math.Max(0, r.Available), StringComparer.Ordinal, cancellationToken);
        return asked.Where(a => rows.ContainsKey(a.Value)).ToDictionary(a => a.Key, a => rows[a.Value], StringComparer.Ordinal);
    }
}

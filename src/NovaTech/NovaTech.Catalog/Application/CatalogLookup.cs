using Microsoft.EntityFrameworkCore;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using NovaTech.Contracts.Catalog;

namespace NovaTech.Catalog.Application;

/// <summary>The catalog's answer to other modules asking about SKUs (prices, weights, whether they can be sold).</summary>
internal sealed class CatalogLookup(CatalogDbContext db) : ICatalogLookup
{
    public async Task<IReadOnlyDictionary<string, SkuInfo>> GetSkusAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var wanted = skus.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<string, SkuInfo>(StringComparer.Ordinal);
        }

        var rows = await db.Variants.AsNoTracking()
            .Where(v => wanted.Contains(v.Sku))
            .Join(db.Products, v => v.ProductId, p => p.Id, (v, p) => new
            {
                v.Sku,
                p.Id,
                ProductName = p.Name,
                VariantName = v.Name,
                v.PricePence,
                p.VatRateBasisPoints,
                v.WeightGrams,
                p.Status,
                p.Slug,
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(
            r => r.Sku,
            r => new SkuInfo(r.Sku, r.Id, r.ProductName, r.VariantName, r.PricePence, r.VatRateBasisPoints, r.WeightGrams, r.Status == ProductStatus.Active, r.Slug),
            StringComparer.Ordinal);
    }
}

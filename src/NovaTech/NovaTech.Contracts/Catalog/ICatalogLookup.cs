namespace NovaTech.Contracts.Catalog;

/// <summary>What other NovaTech modules may ask the catalog: the current facts about SKUs. Implemented by NovaTech.Catalog.</summary>
public interface ICatalogLookup
{
    /// <summary>The SKUs that exist (any status), keyed by SKU (case-sensitive as stored); unknown SKUs are absent.</summary>
    Task<IReadOnlyDictionary<string, SkuInfo>> GetSkusAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default);
}

/// <summary>A sellable variant as the catalog describes it now.</summary>
/// <param name="Sku">Stock keeping unit.</param>
/// <param name="ProductId">Owning product.</param>
/// <param name="ProductName">Product name for order lines.</param>
/// <param name="VariantName">Variant description, e.g. "Black, 256 GB".</param>
/// <param name="PricePence">Unit price including VAT, in pence.</param>
/// <param name="VatRateBasisPoints">VAT rate included in the price, in basis points (2000 = 20 %).</param>
/// <param name="WeightGrams">Shipping weight.</param>
/// <param name="Purchasable">True when the product is active and the variant can be sold.</param>
/// <param name="Slug">Product slug for links.</param>
public sealed record SkuInfo(
    string Sku,
    Guid ProductId,
    string ProductName,
    string VariantName,
    long PricePence,
    int VatRateBasisPoints,
    int WeightGrams,
    bool Purchasable,
    string Slug);

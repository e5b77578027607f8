using NovaTech.Catalog.Domain;
using NovaTech.Catalog.Features.Products;
using NovaTech.Contracts.Catalog;

namespace NovaTech.Catalog.Application;

/// <summary>Turns a product into its API response and into the integration event consumers index.</summary>
internal static class ProductMapping
{
    public static string StatusText(ProductStatus status) => status.ToString().ToLowerInvariant();

    public static ProductResponse ToResponse(Product p, Brand brand, Category category) => new(
        p.Id,
        p.Slug,
        p.Name,
        new BrandRef(brand.Name, brand.Slug),
        new CategoryRef(category.Name, category.Slug, category.PathSlugs),
        p.DescriptionMarkdown,
        p.DescriptionHtml,
        StatusText(p.Status),
        p.MerchantId,
        "GBP",
        p.VatRateBasisPoints,
        p.MinPricePence,
        p.ImageUrls,
        [.. p.Specs.OrderBy(s => s.Position).Select(s => new SpecResponse(s.Name, s.Kind.ToString().ToLowerInvariant(), s.DisplayValue, s.NumberValue, s.Unit, s.BooleanValue, s.Filterable))],
        [.. p.Variants.OrderBy(v => v.Position).Select(v => new VariantResponse(v.Sku, v.Name, v.PricePence, v.Attributes, v.WeightGrams, v.Gtin))],
        p.Version,
        p.CreatedAt,
        p.UpdatedAt);

    public static ProductChangedIntegrationEvent ToEvent(Product p, Brand brand, Category category, DateTimeOffset now) => new(
        p.Id,
        p.Version,
        p.Slug,
        p.Name,
        brand.Name,
        brand.Slug,
        category.Slug,
        category.Name,
        category.PathSlugs,
        p.DescriptionText.Length > 4000 ? p.DescriptionText[..4000] : p.DescriptionText,
        StatusText(p.Status),
        p.MerchantId,
        p.ImageUrls.FirstOrDefault(),
        p.CreatedAt,
        now,
        [.. p.Variants.OrderBy(v => v.Position).Select(v => new ProductVariantData(v.Sku, v.Name, v.PricePence, v.Attributes))],
        [.. p.Specs.OrderBy(s => s.Position).Select(s => new ProductSpecData(s.Name, s.DisplayValue, s.Filterable))]);
}

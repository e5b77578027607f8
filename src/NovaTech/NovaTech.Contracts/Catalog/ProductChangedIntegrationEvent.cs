using Platform.Messaging;

namespace NovaTech.Contracts.Catalog;

/// <summary>
/// A product was created, edited, published or archived. Raised by NovaTech.Catalog through its outbox after every
/// committed change with the product's full current state (event-carried state), so consumers such as the search
/// index never call back into the catalog. Consumers keep the highest <paramref name="Version"/> they have seen and
/// ignore older or repeated events (delivery is at least once and unordered).
/// </summary>
/// <param name="ProductId">The product.</param>
/// <param name="Version">The product's version after the change; grows by one with every change.</param>
/// <param name="Slug">URL slug (unique).</param>
/// <param name="Name">Product name.</param>
/// <param name="Brand">Brand name.</param>
/// <param name="BrandSlug">Brand slug.</param>
/// <param name="CategorySlug">Slug of the product's (leaf) category.</param>
/// <param name="CategoryName">Name of the product's category.</param>
/// <param name="CategoryPath">Slugs from the root category down to and including <paramref name="CategorySlug"/>.</param>
/// <param name="DescriptionText">The description as plain text (Markdown stripped).</param>
/// <param name="Status"><c>draft</c>, <c>active</c> or <c>archived</c>; only active products are sold and found.</param>
/// <param name="MerchantId">The merchant account that owns the product.</param>
/// <param name="ImageUrl">The first image, if any.</param>
/// <param name="CreatedAt">When the product was created.</param>
/// <param name="OccurredAt">When this change was committed.</param>
/// <param name="Variants">The sellable variants.</param>
/// <param name="Specs">The specification attributes.</param>
[IntegrationEventName("novatech.catalog.product-changed.v1")]
public sealed record ProductChangedIntegrationEvent(
    Guid ProductId,
    int Version,
    string Slug,
    string Name,
    string Brand,
    string BrandSlug,
    string CategorySlug,
    string CategoryName,
    IReadOnlyList<string> CategoryPath,
    string DescriptionText,
    string Status,
    Guid MerchantId,
    string? ImageUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset OccurredAt,
    IReadOnlyList<ProductVariantData> Variants,
    IReadOnlyList<ProductSpecData> Specs) : IIntegrationEvent;

/// <summary>A variant inside <see cref="ProductChangedIntegrationEvent"/>.</summary>
/// <param name="Sku">Stock keeping unit (unique across the catalog).</param>
/// <param name="Name">Variant description, e.g. "Black, 256 GB".</param>
/// <param name="PricePence">Unit price including VAT, in pence (GBP).</param>
/// <param name="Attributes">Variant attributes such as colour or storage.</param>
public sealed record ProductVariantData(string Sku, string Name, long PricePence, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A specification attribute inside <see cref="ProductChangedIntegrationEvent"/>.</summary>
/// <param name="Name">Attribute name, e.g. "Screen size".</param>
/// <param name="Value">Display value, e.g. "55 in", "Yes", "OLED".</param>
/// <param name="Filterable">True when shoppers can filter and facet on it.</param>
public sealed record ProductSpecData(string Name, string Value, bool Filterable);

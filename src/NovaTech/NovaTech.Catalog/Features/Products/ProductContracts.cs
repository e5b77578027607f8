using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace NovaTech.Catalog.Features.Products;

/// <summary>
/// A product as a merchant writes it (create and full edit). Brand and category are names (created on first use);
/// the category may be a path such as <c>TV &amp; Video &gt; Televisions</c>. <c>specs</c> values are strings such as
/// "55 in" (number with unit), "Yes"/"No" (boolean) or text, or JSON numbers and booleans. <c>filterableSpecs</c>,
/// when given, lists the specs shoppers can filter on; otherwise every short spec is filterable.
/// </summary>
public sealed record ProductRequest(
    [Required, StringLength(200, MinimumLength = 1)] string Name,
    [Required, StringLength(80, MinimumLength = 1)] string Brand,
    [Required, StringLength(400, MinimumLength = 1)] string Category,
    [StringLength(20_000)] string? Description,
    [RegularExpression("^(draft|active)$")] string? Status,
    [StringLength(120)] string? Slug,
    int? VatRateBasisPoints,
    [MaxLength(20)] IReadOnlyList<string>? ImageUrls,
    Dictionary<string, JsonElement>? Specs,
    IReadOnlyList<string>? FilterableSpecs,
    [Required, MinLength(1), MaxLength(100)] IReadOnlyList<VariantRequest> Variants,
    int? Version);

/// <summary>A variant in a product request. Prices are pence including VAT.</summary>
public sealed record VariantRequest(
    [Required, StringLength(64, MinimumLength = 1)] string Sku,
    [Range(1, 100_000_000)] long PricePence,
    Dictionary<string, string>? Attributes,
    [Range(0, 1_000_000)] int? WeightGrams,
    [StringLength(14)] string? Gtin,
    [StringLength(120)] string? Name);

public sealed record BrandRef(string Name, string Slug);

public sealed record CategoryRef(string Name, string Slug, IReadOnlyList<string> Path);

public sealed record SpecResponse(string Name, string Kind, string Value, double? Number, string? Unit, bool? Boolean, bool Filterable);

public sealed record VariantResponse(string Sku, string Name, long PricePence, IReadOnlyDictionary<string, string> Attributes, int WeightGrams, string? Gtin);

/// <summary>A product as the API shows it.</summary>
public sealed record ProductResponse(
    Guid Id,
    string Slug,
    string Name,
    BrandRef Brand,
    CategoryRef Category,
    string Description,
    string DescriptionHtml,
    string Status,
    Guid MerchantId,
    string Currency,
    int VatRateBasisPoints,
    long MinPricePence,
    IReadOnlyList<string> ImageUrls,
    IReadOnlyList<SpecResponse> Specs,
    IReadOnlyList<VariantResponse> Variants,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record ProductSummary(Guid Id, string Slug, string Name, string Status, long MinPricePence, int Version, DateTimeOffset UpdatedAt);

public sealed record ProductPage(IReadOnlyList<ProductSummary> Items, string? NextCursor);

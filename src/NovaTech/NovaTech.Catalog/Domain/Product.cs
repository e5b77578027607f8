namespace NovaTech.Catalog.Domain;

/// <summary>What a merchant says about a product in a create or edit.</summary>
internal sealed record ProductDraft(
    string Name,
    string? DescriptionMarkdown,
    ProductStatus Status,
    int VatRateBasisPoints,
    IReadOnlyList<string> ImageUrls,
    IReadOnlyList<ProductSpec> Specs,
    IReadOnlyList<VariantDraft> Variants);

/// <summary>A variant as given in a create or edit.</summary>
internal sealed record VariantDraft(string Sku, long PricePence, IReadOnlyDictionary<string, string>? Attributes, int WeightGrams, string? Gtin, string? Name);

/// <summary>
/// A product of the catalog: owned by a merchant, filed under a brand and a category, sold as one or more variants.
/// Prices are pence, GBP, including VAT at <see cref="VatRateBasisPoints"/>. <see cref="Version"/> is the optimistic
/// concurrency token: every change increments it, and an edit based on an older version is refused.
/// </summary>
internal sealed class Product
{
    public const int MaxVariants = 100;
    public const int MaxSpecs = 100;
    public static readonly int[] VatRates = [0, 500, 2000];

    private readonly List<ProductVariant> _variants = [];
    private readonly List<ProductSpec> _specs = [];

    private Product()
    {
    }

    public Guid Id { get; private set; }

    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public Guid BrandId { get; private set; }

    public Guid CategoryId { get; private set; }

    public string DescriptionMarkdown { get; private set; } = "";

    public string DescriptionHtml { get; private set; } = "";

    public string DescriptionText { get; private set; } = "";

    public ProductStatus Status { get; private set; }

    public Guid MerchantId { get; private set; }

    public int VatRateBasisPoints { get; private set; }

    public List<string> ImageUrls { get; private set; } = [];

    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<ProductVariant> Variants => _variants;

    public IReadOnlyList<ProductSpec> Specs => _specs;

    public long MinPricePence => _variants.Count == 0 ? 0 : _variants.Min(v => v.PricePence);

    public static Product Create(ProductDraft draft, Brand brand, Category category, Guid merchantId, string slug, DateTimeOffset now)
    {
        if (draft.Status == ProductStatus.Archived)
        {
            throw CatalogErrors.Invalid("invalid_status", "A new product is draft or active.");
        }

        var product = new Product
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = merchantId,
            CreatedAt = now,
            Version = 1,
        };
        product.Apply(draft, brand, category, slug, now);
        return product;
    }

    /// <summary>Replaces the product's content. Variants are matched by SKU; those not listed are removed.</summary>
    public void Update(ProductDraft draft, Brand brand, Category category, string slug, int expectedVersion, DateTimeOffset now)
    {
        EnsureVersion(expectedVersion);
        if (Status == ProductStatus.Archived)
        {
            throw Platform.Web.DomainException.Conflict("product_archived", "An archived product cannot be edited.");
        }

        if (draft.Status == ProductStatus.Archived)
        {
            throw CatalogErrors.Invalid("invalid_status", "Archive a product with its archive action.");
        }

        Apply(draft, brand, category, slug, now);
        Version++;
    }

    public void Archive(int? expectedVersion, DateTimeOffset now)
    {
        if (expectedVersion is { } expected)
        {
            EnsureVersion(expected);
        }

        if (Status == ProductStatus.Archived)
        {
            throw Platform.Web.DomainException.Conflict("product_archived", "The product is already archived.");
        }

        Status = ProductStatus.Archived;
        UpdatedAt = now;
        Version++;
    }

    private void EnsureVersion(int expectedVersion)
    {
        if (expectedVersion != Version)
        {
            throw CatalogErrors.StaleVersion(Version);
        }
    }

    private void Apply(ProductDraft draft, Brand brand, Category category, string slug, DateTimeOffset now)
    {
        var name = draft.Name.Trim();
        if (name.Length is 0 or > 200)
        {
            throw CatalogErrors.Invalid("invalid_name", "A product name is 1 to 200 characters.");
        }

        if (!Slugs.IsValid(slug))
        {
            throw CatalogErrors.Invalid("invalid_slug", "A slug is lowercase letters and digits joined by hyphens, at most 120 characters.");
        }

        var markdown = draft.DescriptionMarkdown ?? "";
        if (markdown.Length > 20_000)
        {
            throw CatalogErrors.Invalid("invalid_description", "A description is at most 20,000 characters.");
        }

        if (!VatRates.Contains(draft.VatRateBasisPoints))
        {
            throw CatalogErrors.Invalid("invalid_vat_rate", "The VAT rate is 0, 500 or 2000 basis points (0 %, 5 %, 20 %).");
        }

        if (draft.ImageUrls.Count > 20 || draft.ImageUrls.Any(u => u.Length > 500
                || !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw CatalogErrors.Invalid("invalid_image_url", "Up to 20 image URLs, each an absolute http(s) URL of at most 500 characters.");
        }

        if (draft.Variants.Count is 0 or > MaxVariants)
        {
            throw CatalogErrors.Invalid("invalid_variants", $"A product has 1 to {MaxVariants} variants.");
        }

        if (draft.Variants.Select(v => v.Sku.Trim()).Distinct(StringComparer.Ordinal).Count() != draft.Variants.Count)
        {
            throw CatalogErrors.Invalid("duplicate_sku", "Each variant needs its own SKU.");
        }

        if (draft.Specs.Count > MaxSpecs || draft.Specs.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != draft.Specs.Count)
        {
            throw CatalogErrors.Invalid("invalid_specs", $"At most {MaxSpecs} specifications, each name once.");
        }

        var variants = new List<ProductVariant>(draft.Variants.Count);
        foreach (var input in draft.Variants)
        {
            var existing = _variants.Find(v => v.Sku == input.Sku.Trim());
            if (existing is null)
            {
                existing = ProductVariant.Create(input.Sku, input.PricePence, input.Attributes, input.WeightGrams, input.Gtin, input.Name);
            }
            else
            {
                existing.Set(input.Sku, input.PricePence, input.Attributes, input.WeightGrams, input.Gtin, input.Name);
            }

            existing.AttachTo(Id, variants.Count);
            variants.Add(existing);
        }

        Name = name;
        Slug = slug;
        BrandId = brand.Id;
        CategoryId = category.Id;
        DescriptionMarkdown = markdown;
        DescriptionHtml = MarkdownRenderer.ToHtml(markdown);
        DescriptionText = MarkdownRenderer.ToPlainText(markdown);
        Status = draft.Status;
        VatRateBasisPoints = draft.VatRateBasisPoints;
        ImageUrls = [.. draft.ImageUrls];
        UpdatedAt = now;

        _variants.Clear();
        _variants.AddRange(variants);
        _specs.Clear();
        for (var i = 0; i < draft.Specs.Count; i++)
        {
            draft.Specs[i].AttachTo(Id, i);
            _specs.Add(draft.Specs[i]);
        }
    }
}

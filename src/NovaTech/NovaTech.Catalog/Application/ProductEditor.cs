using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using NovaTech.Catalog.Features.Products;
using Platform.Messaging;
using Platform.Web;

namespace NovaTech.Catalog.Application;

/// <summary>
/// Creates and edits products: resolves (or creates) brand and category, picks a unique slug, and commits the product
/// together with its <c>ProductChanged</c> event. Unique keys are the arbiters between nodes: a race on a brand,
/// category or generated slug is retried from a clean slate; a taken SKU or explicit slug is a 409.
/// </summary>
internal sealed class ProductEditor(CatalogDbContext db, TimeProvider time)
{
    private const int Attempts = 4;

    public async Task<(Product Product, Brand Brand, Category Category)> CreateAsync(ProductRequest request, Guid merchantId, CancellationToken cancellationToken)
    {
        var draft = ToDraft(request);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow();
            var brand = await BrandAsync(request.Brand, now, cancellationToken);
            var category = await CategoryAsync(request.Category, now, cancellationToken);
            var slug = await SlugAsync(request.Slug, request.Name, null, cancellationToken);
            await EnsureSkusFreeAsync(draft, null, cancellationToken);
            var product = Product.Create(draft, brand, category, merchantId, slug, now);
            db.Products.Add(product);
            db.AddIntegrationEvent(ProductMapping.ToEvent(product, brand, category, now));
            if (await TrySaveAsync(attempt, request.Slug, cancellationToken))
            {
                return (product, brand, category);
            }
        }
    }

    public async Task<(Product Product, Brand Brand, Category Category)> UpdateAsync(Guid id, ProductRequest request, int expectedVersion, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var draft = ToDraft(request);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow();
            var product = await LoadForEditAsync(id, user, cancellationToken);
            var brand = await BrandAsync(request.Brand, now, cancellationToken);
            var category = await CategoryAsync(request.Category, now, cancellationToken);
            var slug = request.Slug is null ? product.Slug : await SlugAsync(request.Slug, request.Name, product.Id, cancellationToken);
            await EnsureSkusFreeAsync(draft, product.Id, cancellationToken);
            product.Update(draft, brand, category, slug, expectedVersion, now);
            db.AddIntegrationEvent(ProductMapping.ToEvent(product, brand, category, now));
            try
            {
                if (await TrySaveAsync(attempt, request.Slug, cancellationToken))
                {
                    return (product, brand, category);
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                var current = await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => p.Version).FirstOrDefaultAsync(cancellationToken);
                throw CatalogErrors.StaleVersion(current);
            }
        }
    }

    public async Task<(Product Product, Brand Brand, Category Category)> ArchiveAsync(Guid id, int? expectedVersion, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var product = await LoadForEditAsync(id, user, cancellationToken);
        var brand = await db.Brands.SingleAsync(b => b.Id == product.BrandId, cancellationToken);
        var category = await db.Categories.SingleAsync(c => c.Id == product.CategoryId, cancellationToken);
        product.Archive(expectedVersion, now);
        db.AddIntegrationEvent(ProductMapping.ToEvent(product, brand, category, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => p.Version).FirstOrDefaultAsync(cancellationToken);
            throw CatalogErrors.StaleVersion(current);
        }

        return (product, brand, category);
    }

    public async Task<Product> LoadForEditAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var product = await db.Products.Include(p => p.Variants).Include(p => p.Specs).AsSplitQuery()
            .SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw CatalogErrors.ProductNotFound();
        if (!CatalogUser.CanManage(user, product.MerchantId))
        {
            // Another merchant's product is none of this caller's business: indistinguishable from absent.
            throw CatalogErrors.ProductNotFound();
        }

        return product;
    }

    /// <summary>Finds a brand by its slug, or adds it (saved with the caller's change).</summary>
    public async Task<Brand> BrandAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidate = Brand.Create(name, now);
        var existing = db.Brands.Local.FirstOrDefault(b => b.Slug == candidate.Slug)
            ?? await db.Brands.FirstOrDefaultAsync(b => b.Slug == candidate.Slug, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        db.Brands.Add(candidate);
        return candidate;
    }

    /// <summary>
    /// Resolves a category by slug or by a path of names separated by <c>&gt;</c>, creating missing levels. A new
    /// category whose slug is taken elsewhere in the tree gets its parent's slug as a prefix.
    /// </summary>
    public async Task<Category> CategoryAsync(string pathOrSlug, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var names = pathOrSlug.Split('>', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length is 0 or > Category.MaxDepth)
        {
            throw CatalogErrors.Invalid("invalid_category", $"A category is a name or a path of up to {Category.MaxDepth} names separated by '>'.");
        }

        if (names.Length == 1)
        {
            var slug = Slugs.From(names[0]);
            var bySlug = db.Categories.Local.FirstOrDefault(c => c.Slug == slug)
                ?? await db.Categories.FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
            if (bySlug is not null)
            {
                return bySlug;
            }
        }

        Category? parent = null;
        foreach (var name in names)
        {
            var baseSlug = Slugs.From(name);
            var parentId = parent?.Id;
            var child = db.Categories.Local.FirstOrDefault(c => c.ParentId == parentId && Slugs.From(c.Name) == baseSlug)
                ?? (await db.Categories.Where(c => c.ParentId == parentId).ToListAsync(cancellationToken)).FirstOrDefault(c => Slugs.From(c.Name) == baseSlug);
            if (child is null)
            {
                var slug = baseSlug;
                if (await db.Categories.AnyAsync(c => c.Slug == slug, cancellationToken) && parent is not null)
                {
                    slug = Slugs.From(parent.Slug + "-" + baseSlug);
                }

                child = Category.Create(name, parent, now, slug);
                db.Categories.Add(child);
            }

            parent = child;
        }

        return parent!;
    }

    private async Task<string> SlugAsync(string? requested, string name, Guid? productId, CancellationToken cancellationToken)
    {
        if (requested is not null)
        {
            if (!Slugs.IsValid(requested))
            {
                throw CatalogErrors.Invalid("invalid_slug", "A slug is lowercase letters and digits joined by hyphens, at most 120 characters.");
            }

            if (await db.Products.AnyAsync(p => p.Slug == requested && p.Id != productId, cancellationToken))
            {
                throw CatalogErrors.SlugTaken(requested);
            }

            return requested;
        }

        var baseSlug = Slugs.From(name);
        if (baseSlug.Length == 0)
        {
            baseSlug = "product";
        }

        baseSlug = baseSlug[..Math.Min(baseSlug.Length, Slugs.MaxLength - 8)];
        var prefix = baseSlug + "-";
        var taken = await db.Products.Where(p => p.Slug == baseSlug || p.Slug.StartsWith(prefix)).Select(p => p.Slug).ToListAsync(cancellationToken);
        if (!taken.Contains(baseSlug))
        {
            return baseSlug;
        }

        var used = taken.Select(s => s.Length > prefix.Length && int.TryParse(s.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
        return prefix + (Math.Max(1, used.Max()) + 1).ToString(CultureInfo.InvariantCulture);
    }

    private async Task EnsureSkusFreeAsync(ProductDraft draft, Guid? productId, CancellationToken cancellationToken)
    {
        var skus = draft.Variants.Select(v => v.Sku.Trim()).ToList();
        var clash = await db.Variants.Where(v => skus.Contains(v.Sku) && v.ProductId != productId).Select(v => v.Sku).FirstOrDefaultAsync(cancellationToken);
        if (clash is not null)
        {
            throw CatalogErrors.SkuTaken(clash);
        }
    }

    private async Task<bool> TrySaveAsync(int attempt, string? explicitSlug, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (exception is not DbUpdateConcurrencyException && DbErrors.UniqueViolation(exception) is { } key)
        {
            if (key.Contains("sku", StringComparison.OrdinalIgnoreCase))
            {
                throw DomainException.Conflict("sku_taken", "A SKU of this product was just taken by another product.");
            }

            if (explicitSlug is not null && key.Contains("products", StringComparison.OrdinalIgnoreCase) && key.Contains("slug", StringComparison.OrdinalIgnoreCase))
            {
                throw CatalogErrors.SlugTaken(explicitSlug);
            }

            if (attempt >= Attempts)
            {
                throw DomainException.Conflict("concurrent_edit", "The catalog is busy with the same names; retry.");
            }

            // A brand, category or generated slug was created by someone else meanwhile: start again and reuse it.
            return false;
        }
    }

    public static ProductDraft ToDraft(ProductRequest request)
    {
        var status = request.Status switch
        {
            null or "draft" => ProductStatus.Draft,
            "active" => ProductStatus.Active,
            _ => throw CatalogErrors.Invalid("invalid_status", "Status is draft or active."),
        };
        var filterable = request.FilterableSpecs?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var specs = new List<ProductSpec>();
        foreach (var (name, value) in request.Specs ?? [])
        {
            bool? isFilterable = filterable is null ? null : filterable.Contains(name);
            specs.Add(value.ValueKind switch
            {
                JsonValueKind.String => ProductSpec.Parse(name, value.GetString()!, isFilterable),
                JsonValueKind.Number => ProductSpec.Number(name, value.GetDouble(), null, isFilterable),
                JsonValueKind.True => ProductSpec.Boolean(name, true, isFilterable),
                JsonValueKind.False => ProductSpec.Boolean(name, false, isFilterable),
                _ => throw CatalogErrors.Invalid("invalid_spec", $"Specification '{name}' must be a string, number or boolean."),
            });
        }

        return new ProductDraft(
            request.Name,
            request.Description,
            status,
            request.VatRateBasisPoints ?? 2000,
            request.ImageUrls ?? [],
            specs,
            [.. request.Variants.Select(v => new VariantDraft(v.Sku, v.PricePence, v.Attributes, v.WeightGrams ?? 0, v.Gtin, v.Name))]);
    }
}

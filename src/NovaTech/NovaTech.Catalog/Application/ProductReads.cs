using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using NovaTech.Catalog.Features.Products;

namespace NovaTech.Catalog.Application;

/// <summary>
/// Product reads (the API and the storefront's product page). A product this node holds (by id or slug) costs one
/// indexed lookup of its id and version, and the full product (row, variants, specs: three statements, and the
/// mapping) is read again only when that version changed; a product it does not hold is read in full at once. Every change to a product, its variants or its specs
/// goes through <see cref="Product"/> and bumps its version, so a kept response can never be stale: another node's edit
/// shows on the next read. Bounded to <see cref="Capacity"/> products per node (least recently used go first).
/// </summary>
internal sealed class ProductReads(BrandsAndCategories references) : IDisposable
{
    public const int Capacity = 20_000;

    private static readonly Func<CatalogDbContext, string, Task<ProductStamp?>> StampBySlug =
        EF.CompileAsyncQuery((CatalogDbContext db, string slug) =>
            db.Products.Where(p => p.Slug == slug).Select(p => new ProductStamp(p.Id, p.Version)).FirstOrDefault());

    private static readonly Func<CatalogDbContext, Guid, Task<ProductStamp?>> StampById =
        EF.CompileAsyncQuery((CatalogDbContext db, Guid id) =>
            db.Products.Where(p => p.Id == id).Select(p => new ProductStamp(p.Id, p.Version)).FirstOrDefault());

    private static readonly Func<CatalogDbContext, Guid, IAsyncEnumerable<Product>> FullById =
        EF.CompileAsyncQuery((CatalogDbContext db, Guid id) =>
            db.Products.AsNoTracking().Include(p => p.Variants).Include(p => p.Specs).AsSplitQuery().Where(p => p.Id == id).Take(1));

    private static readonly Func<CatalogDbContext, string, IAsyncEnumerable<Product>> FullBySlug =
        EF.CompileAsyncQuery((CatalogDbContext db, string slug) =>
            db.Products.AsNoTracking().Include(p => p.Variants).Include(p => p.Specs).AsSplitQuery().Where(p => p.Slug == slug).Take(1));

    // Each kept product is here twice, by id (Guid key) and by slug (string key).
    private readonly MemoryCache _responses = new(new MemoryCacheOptions { SizeLimit = Capacity * 2 });

    public void Dispose() => _responses.Dispose();

    /// <summary>The product <paramref name="user"/> may see by id or slug, or null: drafts and archived products only for their merchant and admins.</summary>
    public async Task<ProductResponse?> FindAsync(CatalogDbContext db, string idOrSlug, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var byId = Guid.TryParse(idOrSlug, out var id);
        object key = byId ? id : idOrSlug;
        ProductResponse? response;
        if (_responses.TryGetValue(key, out ProductResponse? kept))
        {
            // Held here: one indexed lookup says whether it is still the current version of what this id or slug names.
            var stamp = byId ? await StampById(db, id) : await StampBySlug(db, idOrSlug);
            if (stamp is null)
            {
                return null;
            }

            response = stamp.Id == kept!.Id && stamp.Version == kept.Version ? kept : await LoadAsync(byId ? FullById(db, id) : FullBySlug(db, idOrSlug), db, cancellationToken);
        }
        else
        {
            // Not held: read the product straight away (no version lookup first).
            response = await LoadAsync(byId ? FullById(db, id) : FullBySlug(db, idOrSlug), db, cancellationToken);
        }

        if (response is null)
        {
            return null;
        }

        if (!ReferenceEquals(response, kept))
        {
            // Racing loads may leave an older version here; the next read's version check then loads the current one.
            var options = new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };
            _responses.Set(response.Id, response, options);
            _responses.Set(response.Slug, response, options);
        }

        return response.Status == ProductMapping.StatusText(ProductStatus.Active) || CatalogUser.CanManage(user, response.MerchantId) ? response : null;
    }

    private async Task<ProductResponse?> LoadAsync(IAsyncEnumerable<Product> query, CatalogDbContext db, CancellationToken cancellationToken)
    {
        Product? product = null;
        await foreach (var found in query.WithCancellation(cancellationToken))
        {
            product = found;
        }

        if (product is null)
        {
            return null;
        }

        var brand = await references.BrandAsync(db, product.BrandId);
        var category = await references.CategoryAsync(db, product.CategoryId);
        return brand is null || category is null ? null : ProductMapping.ToResponse(product, brand, category);
    }

    private sealed record ProductStamp(Guid Id, int Version);
}

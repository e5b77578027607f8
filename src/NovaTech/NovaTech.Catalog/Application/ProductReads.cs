using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using NovaTech.Catalog.Features.Products;

namespace NovaTech.Catalog.Application;

/// <summary>
/// Product reads (the API and the storefront's product page). Every read asks the database for the product's id and
/// version (one indexed lookup); the full product (row, variants, specs: three statements, and the mapping) is read
/// only when this node does not already hold that exact version. Every change to a product, its variants or its specs
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

    private static readonly Func<CatalogDbContext, Guid, IAsyncEnumerable<Product>> Full =
        EF.CompileAsyncQuery((CatalogDbContext db, Guid id) =>
            db.Products.AsNoTracking().Include(p => p.Variants).Include(p => p.Specs).AsSplitQuery().Where(p => p.Id == id).Take(1));

    private readonly MemoryCache _responses = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public void Dispose() => _responses.Dispose();

    /// <summary>The product <paramref name="user"/> may see by id or slug, or null: drafts and archived products only for their merchant and admins.</summary>
    public async Task<ProductResponse?> FindAsync(CatalogDbContext db, string idOrSlug, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var stamp = Guid.TryParse(idOrSlug, out var id) ? await StampById(db, id) : await StampBySlug(db, idOrSlug);
        if (stamp is null)
        {
            return null;
        }

        if (!_responses.TryGetValue(stamp.Id, out ProductResponse? response) || response!.Version != stamp.Version)
        {
            response = await LoadAsync(db, stamp.Id, cancellationToken);
            if (response is null)
            {
                return null;
            }

            // Racing loads may leave an older version here; the next read's version check then loads the current one.
            _responses.Set(stamp.Id, response, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
        }

        return response.Status == ProductMapping.StatusText(ProductStatus.Active) || CatalogUser.CanManage(user, response.MerchantId) ? response : null;
    }

    private async Task<ProductResponse?> LoadAsync(CatalogDbContext db, Guid id, CancellationToken cancellationToken)
    {
        Product? product = null;
        await foreach (var found in Full(db, id).WithCancellation(cancellationToken))
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

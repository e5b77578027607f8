using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using NovaTech.Catalog.Application;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using NovaTech.Catalog.Features.Categories;
using NovaTech.Catalog.Features.Products;

namespace NovaTech.Catalog.Features.Storefront;

/// <summary>A product page address for the sitemap.</summary>
/// <param name="Slug">Product slug.</param>
/// <param name="UpdatedAt">Last change, for <c>lastmod</c>.</param>
public sealed record ProductUrl(string Slug, DateTimeOffset UpdatedAt);

/// <summary>
/// The catalog's read surface for the host's server-rendered storefront: the same queries as <c>GET products/{slug}</c>
/// and <c>GET categories</c>, plus the active product addresses for the sitemap.
/// </summary>
public interface IStorefrontCatalog
{
    /// <summary>The product as <c>GET products/{idOrSlug}</c> shows it to <paramref name="user"/>, or null (no such product, or a draft of someone else).</summary>
    Task<ProductResponse?> FindProductAsync(string idOrSlug, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>The category tree as <c>GET categories</c> gives it.</summary>
    Task<CategoryTree> CategoriesAsync(CancellationToken cancellationToken);

    /// <summary>How many products are active (sold and found).</summary>
    Task<int> CountActiveProductsAsync(CancellationToken cancellationToken);

    /// <summary>Active products' addresses in slug order, after <paramref name="afterSlug"/> (keyset), at most <paramref name="take"/>.</summary>
    IAsyncEnumerable<ProductUrl> ActiveProductUrlsAsync(string? afterSlug, int take, CancellationToken cancellationToken);
}

internal sealed class StorefrontCatalog(CatalogDbContext db, ProductReads products) : IStorefrontCatalog
{
    public Task<ProductResponse?> FindProductAsync(string idOrSlug, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        products.FindAsync(db, idOrSlug, user, cancellationToken);

    public async Task<CategoryTree> CategoriesAsync(CancellationToken cancellationToken) =>
        (await ListCategories.HandleAsync(db, cancellationToken)).Value!;

    public Task<int> CountActiveProductsAsync(CancellationToken cancellationToken) =>
        db.Products.CountAsync(p => p.Status == ProductStatus.Active, cancellationToken);

    public async IAsyncEnumerable<ProductUrl> ActiveProductUrlsAsync(string? afterSlug, int take, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = db.Products.AsNoTracking().Where(p => p.Status == ProductStatus.Active);
        if (afterSlug is not null)
        {
            query = query.Where(p => string.Compare(p.Slug, afterSlug) > 0);
        }

        await foreach (var row in query.OrderBy(p => p.Slug).Take(take).Select(p => new { p.Slug, p.UpdatedAt }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new ProductUrl(row.Slug, row.UpdatedAt);
        }
    }
}

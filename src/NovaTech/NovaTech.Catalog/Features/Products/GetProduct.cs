using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NovaTech.Catalog.Application;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;

namespace NovaTech.Catalog.Features.Products;

/// <summary>
/// <c>GET /products/{idOrSlug}</c> (anyone): an active product by id or slug. Drafts and archived products exist only
/// for their merchant and admins; everyone else gets 404.
/// </summary>
internal static class GetProduct
{
    public static async Task<Ok<ProductResponse>> HandleAsync(string idOrSlug, ClaimsPrincipal user, CatalogDbContext db, ProductReads products, HttpContext http, CancellationToken cancellationToken)
    {
        var product = await products.FindAsync(db, idOrSlug, user, cancellationToken) ?? throw CatalogErrors.ProductNotFound();
        http.Response.Headers.ETag = ProductVersions.ETag(product.Version);
        return TypedResults.Ok(product);
    }
}

/// <summary>
/// <c>GET /products?cursor=&amp;limit=</c> (merchant or admin): the caller's products (admins: all), any status, oldest
/// first, keyset-paginated by id.
/// </summary>
internal static class ListProducts
{
    public static async Task<Ok<ProductPage>> HandleAsync(ClaimsPrincipal user, CatalogDbContext db, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 50;
        if (take is < 1 or > 200)
        {
            throw CatalogErrors.Invalid("invalid_limit", "limit is 1 to 200.");
        }

        Guid? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = Guid.TryParse(cursor, out var parsed) ? parsed : throw CatalogErrors.Invalid("invalid_cursor", "The cursor is not one this API gave out.");
        }

        var query = db.Products.AsNoTracking();
        if (!CatalogUser.IsAdmin(user))
        {
            var merchant = CatalogUser.Id(user);
            query = query.Where(p => p.MerchantId == merchant);
        }

        if (after is { } afterId)
        {
            query = query.Where(p => p.Id.CompareTo(afterId) > 0);
        }

        var rows = await query.OrderBy(p => p.Id).Take(take + 1)
            .Select(p => new { p.Id, p.Slug, p.Name, p.Status, MinPrice = p.Variants.Min(v => (long?)v.PricePence) ?? 0, p.Version, p.UpdatedAt })
            .ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(r => new ProductSummary(r.Id, r.Slug, r.Name, ProductMapping.StatusText(r.Status), r.MinPrice, r.Version, r.UpdatedAt)).ToList();
        return TypedResults.Ok(new ProductPage(items, rows.Count > take ? items[^1].Id.ToString() : null));
    }
}

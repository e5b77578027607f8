using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using NovaTech.Catalog.Application;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using NovaTech.Catalog.Features.Import;
using NovaTech.Catalog.Features.Products;
using Platform.Web;

namespace NovaTech.Catalog.Features.Merchant;

/// <summary>What the merchant console's product list is filtered by; every part optional.</summary>
/// <param name="Search">Part of a name, slug or SKU.</param>
/// <param name="Status"><c>draft</c>, <c>active</c> or <c>archived</c>.</param>
/// <param name="Brand">A brand slug.</param>
/// <param name="Category">A category slug: that category and everything below it.</param>
public sealed record MerchantProductFilter(string? Search = null, string? Status = null, string? Brand = null, string? Category = null);

/// <summary>One choice of a filter: the slug sent back and what people read.</summary>
public sealed record MerchantFilterOption(string Slug, string Label);

/// <summary>The brands and categories the product list can be filtered by.</summary>
public sealed record MerchantFilterOptions(IReadOnlyList<MerchantFilterOption> Brands, IReadOnlyList<MerchantFilterOption> Categories);

/// <summary>
/// The catalog module's surface for the host's merchant console: the same editor (rules, optimistic concurrency, outbox
/// events) and import handlers as <c>POST/PUT products</c>, <c>products/{id}/archive</c> and <c>products/import</c>, and a
/// product list with search and filters. A merchant sees and edits their own products, an admin all. Callers authorise
/// (staff and <c>catalog:editor</c>) first and check the request's field lengths.
/// </summary>
public interface IMerchantCatalog
{
    /// <summary>The largest CSV file the import accepts.</summary>
    static int MaxImportBytes => ImportProducts.MaxBytes;

    /// <summary>
    /// Products the user manages, newest change first, optionally by status (<c>draft</c>, <c>active</c>, <c>archived</c>),
    /// a name/slug/SKU search, a brand slug and a category slug (that category and everything below it). An unknown
    /// status, brand or category throws a <see cref="DomainException"/> (400).
    /// </summary>
    Task<ProductPage> ListAsync(ClaimsPrincipal user, MerchantProductFilter filter, int skip, int limit, CancellationToken cancellationToken);

    /// <summary>The brands and categories to filter the list by, by name; categories labelled with their path.</summary>
    Task<MerchantFilterOptions> FilterOptionsAsync(CancellationToken cancellationToken);

    /// <summary>The product (any status) if the user manages it, else null.</summary>
    Task<ProductResponse?> FindAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>POST products</c>.</summary>
    Task<ProductResponse> CreateAsync(ProductRequest request, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>PUT products/{id}</c> based on <paramref name="expectedVersion"/>; a stale one throws <c>stale_version</c> (409).</summary>
    Task<ProductResponse> UpdateAsync(Guid id, ProductRequest request, int expectedVersion, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>POST products/{id}/archive</c>.</summary>
    Task<ProductResponse> ArchiveAsync(Guid id, int? expectedVersion, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>POST products/import</c>: checks the file and header now, imports the rows in the background; returns the job id.</summary>
    Task<Guid> ImportAsync(IFormFile file, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken);

    /// <summary><c>GET products/import/{jobId}</c>: progress and row errors, or null for someone else's job.</summary>
    Task<ImportJobResponse?> ImportJobAsync(Guid jobId, ClaimsPrincipal user, CancellationToken cancellationToken);
}

internal sealed class MerchantCatalog(CatalogDbContext db, ProductReads products, ProductEditor editor, ImportSignal signal, TimeProvider time) : IMerchantCatalog
{
    public async Task<ProductPage> ListAsync(ClaimsPrincipal user, MerchantProductFilter filter, int skip, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (search, status) = (filter.Search, filter.Status);
        var query = db.Products.AsNoTracking();
        if (!CatalogUser.IsAdmin(user))
        {
            var merchant = CatalogUser.Id(user);
            query = query.Where(p => p.MerchantId == merchant);
        }

        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<ProductStatus>(status, ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted))
            {
                throw new DomainException("invalid_status", "Status is draft, active or archived.");
            }

            query = query.Where(p => p.Status == wanted);
        }

        if (search?.Trim() is { Length: > 0 } term)
        {
            term = term.Length > 100 ? term[..100] : term;
            var pattern = "%" + term.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(p => EF.Functions.Like(p.Name.ToLower(), pattern, "\\") || EF.Functions.Like(p.Slug, pattern, "\\")
                || p.Variants.Any(v => EF.Functions.Like(v.Sku.ToLower(), pattern, "\\")));
        }

        if (filter.Brand?.Trim() is { Length: > 0 } brandSlug)
        {
            var brandId = await db.Brands.Where(b => b.Slug == brandSlug).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new DomainException("invalid_brand", $"There is no brand '{brandSlug}'.");
            query = query.Where(p => p.BrandId == brandId);
        }

        if (filter.Category?.Trim() is { Length: > 0 } categorySlug)
        {
            var path = await db.Categories.Where(c => c.Slug == categorySlug).Select(c => c.Path).FirstOrDefaultAsync(cancellationToken)
                ?? throw new DomainException("invalid_category", $"There is no category '{categorySlug}'.");
            query = query.Where(p => db.Categories.Any(c => c.Id == p.CategoryId && c.Path.StartsWith(path)));
        }

        var take = Math.Clamp(limit, 1, 200);
        var rows = await query.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id).Skip(Math.Max(0, skip)).Take(take + 1)
            .Select(p => new { p.Id, p.Slug, p.Name, p.Status, MinPrice = p.Variants.Min(v => (long?)v.PricePence) ?? 0, p.Version, p.UpdatedAt })
            .ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(r => new ProductSummary(r.Id, r.Slug, r.Name, ProductMapping.StatusText(r.Status), r.MinPrice, r.Version, r.UpdatedAt)).ToList();
        return new ProductPage(items, rows.Count > take ? (Math.Max(0, skip) + take).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    public async Task<MerchantFilterOptions> FilterOptionsAsync(CancellationToken cancellationToken)
    {
        var brands = await db.Brands.AsNoTracking().OrderBy(b => b.Name).Select(b => new MerchantFilterOption(b.Slug, b.Name)).ToListAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.ParentId, c.Name, c.Slug }).ToListAsync(cancellationToken);
        var byId = categories.ToDictionary(c => c.Id);
        string Label(Guid id) => byId[id].ParentId is { } parent && byId.ContainsKey(parent) ? Label(parent) + " > " + byId[id].Name : byId[id].Name;
        return new MerchantFilterOptions(
            brands,
            [.. categories.Select(c => new MerchantFilterOption(c.Slug, Label(c.Id))).OrderBy(o => o.Label, StringComparer.OrdinalIgnoreCase)]);
    }

    public async Task<ProductResponse?> FindAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var product = await products.FindAsync(db, id.ToString(), user, cancellationToken);
        return product is not null && CatalogUser.CanManage(user, product.MerchantId) ? product : null;
    }

    public async Task<ProductResponse> CreateAsync(ProductRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (product, brand, category) = await editor.CreateAsync(request, CatalogUser.Id(user), cancellationToken);
        return ProductMapping.ToResponse(product, brand, category);
    }

    public async Task<ProductResponse> UpdateAsync(Guid id, ProductRequest request, int expectedVersion, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (product, brand, category) = await editor.UpdateAsync(id, request, expectedVersion, user, cancellationToken);
        return ProductMapping.ToResponse(product, brand, category);
    }

    public async Task<ProductResponse> ArchiveAsync(Guid id, int? expectedVersion, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (product, brand, category) = await editor.ArchiveAsync(id, expectedVersion, user, cancellationToken);
        return ProductMapping.ToResponse(product, brand, category);
    }

    public async Task<Guid> ImportAsync(IFormFile file, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await ImportProducts.HandleAsync(file, user, db, signal, time, http, cancellationToken);
        return result.Result switch
        {
            Microsoft.AspNetCore.Http.HttpResults.Accepted<ImportAccepted> accepted => accepted.Value!.JobId,
            _ => throw new DomainException("unsupported_file_type", "Upload a .csv file (text/csv)."),
        };
    }

    public async Task<ImportJobResponse?> ImportJobAsync(Guid jobId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            return (await GetImportJob.HandleAsync(jobId, user, db, cancellationToken)).Value;
        }
        catch (DomainException exception) when (exception.Code == "import_not_found")
        {
            return null;
        }
    }
}

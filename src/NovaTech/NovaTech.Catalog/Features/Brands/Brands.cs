using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NovaTech.Catalog.Application;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using Platform.Web;

namespace NovaTech.Catalog.Features.Brands;

public sealed record CreateBrandRequest([Required, StringLength(80, MinimumLength = 1)] string Name);

public sealed record BrandResponse(Guid Id, string Name, string Slug);

public sealed record BrandList(IReadOnlyList<BrandResponse> Items);

/// <summary><c>GET /brands</c> (anyone), sorted by name.</summary>
internal static class ListBrands
{
    public static async Task<Ok<BrandList>> HandleAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var brands = await db.Brands.AsNoTracking().Select(b => new BrandResponse(b.Id, b.Name, b.Slug)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new BrandList([.. brands.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase)]));
    }
}

/// <summary><c>POST /brands</c> (merchant or admin); a brand whose slug exists is a 409.</summary>
internal static class CreateBrand
{
    public static async Task<Created<BrandResponse>> HandleAsync(CreateBrandRequest request, CatalogDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var brand = Brand.Create(request.Name, time.GetUtcNow());
        if (await db.Brands.AnyAsync(b => b.Slug == brand.Slug, cancellationToken))
        {
            throw DomainException.Conflict("brand_exists", $"The brand '{brand.Name}' exists.");
        }

        db.Brands.Add(brand);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (DbErrors.UniqueViolation(exception) is not null)
        {
            throw DomainException.Conflict("brand_exists", $"The brand '{brand.Name}' exists.");
        }

        return TypedResults.Created($"brands/{brand.Slug}", new BrandResponse(brand.Id, brand.Name, brand.Slug));
    }
}

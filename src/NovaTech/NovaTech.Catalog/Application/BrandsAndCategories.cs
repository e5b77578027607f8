using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;

namespace NovaTech.Catalog.Application;

/// <summary>
/// Brands and categories by id, kept per node once read: a brand or category row never changes after it is created
/// (there is no rename or delete), so a found row cannot go stale, and a product read needs one query less each. Rows
/// not found are not kept (another node may create them). Bounded by the size of the two small tables.
/// </summary>
internal sealed class BrandsAndCategories
{
    private static readonly Func<CatalogDbContext, Guid, Task<Brand?>> BrandById =
        EF.CompileAsyncQuery((CatalogDbContext db, Guid id) => db.Brands.AsNoTracking().FirstOrDefault(b => b.Id == id));

    private static readonly Func<CatalogDbContext, Guid, Task<Category?>> CategoryById =
        EF.CompileAsyncQuery((CatalogDbContext db, Guid id) => db.Categories.AsNoTracking().FirstOrDefault(c => c.Id == id));

    private readonly ConcurrentDictionary<Guid, Brand> _brands = new();
    private readonly ConcurrentDictionary<Guid, Category> _categories = new();

    public async Task<Brand?> BrandAsync(CatalogDbContext db, Guid id)
    {
        if (_brands.TryGetValue(id, out var known))
        {
            return known;
        }

        var brand = await BrandById(db, id);
        return brand is null ? null : _brands.GetOrAdd(id, brand);
    }

    public async Task<Category?> CategoryAsync(CatalogDbContext db, Guid id)
    {
        if (_categories.TryGetValue(id, out var known))
        {
            return known;
        }

        var category = await CategoryById(db, id);
        return category is null ? null : _categories.GetOrAdd(id, category);
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NovaTech.Catalog.Application;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using Platform.Web;

namespace NovaTech.Catalog.Features.Categories;

/// <summary>A new category; <c>parent</c> is the slug of its parent (none: a root category).</summary>
public sealed record CreateCategoryRequest([Required, StringLength(80, MinimumLength = 1)] string Name, [StringLength(120)] string? Parent);

public sealed record CategoryNode(Guid Id, string Name, string Slug, IReadOnlyList<string> Path, IReadOnlyList<CategoryNode> Children);

public sealed record CategoryTree(IReadOnlyList<CategoryNode> Items);

/// <summary><c>GET /categories</c> (anyone): the whole tree, children sorted by name.</summary>
internal static class ListCategories
{
    public static async Task<Ok<CategoryTree>> HandleAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var all = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
        var byParent = all.ToLookup(c => c.ParentId);
        IReadOnlyList<CategoryNode> Children(Guid? parent) =>
            [.. byParent[parent].OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(c => new CategoryNode(c.Id, c.Name, c.Slug, c.PathSlugs, Children(c.Id)))];
        return TypedResults.Ok(new CategoryTree(Children(null)));
    }
}

/// <summary><c>POST /categories</c> (merchant or admin).</summary>
internal static class CreateCategory
{
    public static async Task<Created<CategoryNode>> HandleAsync(CreateCategoryRequest request, CatalogDbContext db, ProductEditor editor, TimeProvider time, CancellationToken cancellationToken)
    {
        Category? parent = null;
        if (!string.IsNullOrWhiteSpace(request.Parent))
        {
            parent = await db.Categories.FirstOrDefaultAsync(c => c.Slug == request.Parent, cancellationToken)
                ?? throw DomainException.NotFound("category_not_found", $"No category '{request.Parent}'.");
        }

        var slug = Slugs.From(request.Name);
        var parentId = parent?.Id;
        var siblings = await db.Categories.Where(c => c.ParentId == parentId).Select(c => c.Name).ToListAsync(cancellationToken);
        if (siblings.Any(n => Slugs.From(n) == slug))
        {
            throw DomainException.Conflict("category_exists", $"'{request.Name}' already exists there.");
        }

        var path = parent is null ? request.Name : string.Join(" > ", [.. await AncestorNamesAsync(db, parent, cancellationToken), request.Name]);
        var category = await editor.CategoryAsync(path, time.GetUtcNow(), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (DbErrors.UniqueViolation(exception) is not null)
        {
            throw DomainException.Conflict("category_exists", $"'{request.Name}' was just created by someone else.");
        }

        return TypedResults.Created($"categories/{category.Slug}", new CategoryNode(category.Id, category.Name, category.Slug, category.PathSlugs, []));
    }

    private static async Task<List<string>> AncestorNamesAsync(CatalogDbContext db, Category category, CancellationToken cancellationToken)
    {
        var slugs = category.PathSlugs;
        var ancestors = await db.Categories.AsNoTracking().Where(c => slugs.Contains(c.Slug)).ToListAsync(cancellationToken);
        return [.. ancestors.OrderBy(c => c.Depth).Select(c => c.Name)];
    }
}

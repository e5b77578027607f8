namespace NovaTech.Catalog.Domain;

/// <summary>
/// A node of the category tree. <see cref="Path"/> holds the slugs from the root, e.g. <c>/tv-video/televisions/</c>,
/// so "this category and everything below it" is one indexed prefix match.
/// </summary>
internal sealed class Category
{
    public const int MaxDepth = 6;

    private Category()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Slug { get; private set; } = "";

    public Guid? ParentId { get; private set; }

    public string Path { get; private set; } = "";

    public int Depth { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The slugs from the root down to this category.</summary>
    public IReadOnlyList<string> PathSlugs => Path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public static Category Create(string name, Category? parent, DateTimeOffset now, string? slug = null)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 80)
        {
            throw CatalogErrors.Invalid("invalid_category", "A category name is 1 to 80 characters.");
        }

        slug ??= Slugs.From(trimmed);
        if (slug.Length == 0 || !Slugs.IsValid(slug))
        {
            throw CatalogErrors.Invalid("invalid_category", "A category name needs at least one letter or digit.");
        }

        if (parent is not null && parent.Depth + 1 >= MaxDepth)
        {
            throw CatalogErrors.Invalid("category_too_deep", $"Categories nest at most {MaxDepth} levels.");
        }

        return new Category
        {
            Id = Guid.CreateVersion7(now),
            Name = trimmed,
            Slug = slug,
            ParentId = parent?.Id,
            Path = (parent?.Path ?? "/") + slug + "/",
            Depth = parent is null ? 0 : parent.Depth + 1,
            CreatedAt = now,
        };
    }
}

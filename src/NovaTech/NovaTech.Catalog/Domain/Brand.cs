namespace NovaTech.Catalog.Domain;

/// <summary>A manufacturer brand products are filed under.</summary>
internal sealed class Brand
{
    private Brand()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Slug { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public static Brand Create(string name, DateTimeOffset now)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 80)
        {
            throw CatalogErrors.Invalid("invalid_brand", "A brand name is 1 to 80 characters.");
        }

        var slug = Slugs.From(trimmed);
        if (slug.Length == 0)
        {
            throw CatalogErrors.Invalid("invalid_brand", "A brand name needs at least one letter or digit.");
        }

        return new Brand { Id = Guid.CreateVersion7(now), Name = trimmed, Slug = slug, CreatedAt = now };
    }
}

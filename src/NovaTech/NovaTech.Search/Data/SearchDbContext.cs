using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Platform.Messaging;
using Platform.Persistence;

namespace NovaTech.Search.Data;

/// <summary>
/// The search read model: one document per product, its SKUs, filterable attributes and category ancestry, the
/// latest stock level per SKU, and the inbox. Written only by the integration event handlers (raw SQL in
/// <c>SearchIndexWriter</c>) and read by raw SQL in <c>SearchQuery</c>; the entities exist so the schema test can hold
/// the migrations to the model. The full-text index is provider-specific: on PostgreSQL the generated
/// <c>search_vector</c> column with its GIN index is part of this model; on SQLite the FTS5 table <c>search_fts</c>
/// is created by its own script (0002_fts.sql) and lives outside the model (EF cannot map virtual tables).
/// </summary>
internal sealed class SearchDbContext(DbContextOptions<SearchDbContext> options) : DbContext(options)
{
    public const string Module = "search";

    /// <summary>The weighted text PostgreSQL searches: name and brand (A), category (B), specs (C), description (D).</summary>
    public const string PostgresVectorSql =
        "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || " +
        "setweight(to_tsvector('english'::regconfig, coalesce(brand, '')), 'A') || " +
        "setweight(to_tsvector('english'::regconfig, coalesce(category_name, '')), 'B') || " +
        "setweight(to_tsvector('english'::regconfig, coalesce(spec_text, '')), 'C') || " +
        "setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'D')";

    public DbSet<SearchDocument> Documents => Set<SearchDocument>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();
        modelBuilder.Entity<SearchDocument>(doc =>
        {
            doc.ToTable("documents");
            doc.HasKey(d => d.ProductId);
            doc.Property(d => d.Slug).HasMaxLength(120).IsRequired();
            doc.Property(d => d.Name).HasMaxLength(200).IsRequired();
            doc.Property(d => d.Brand).HasMaxLength(80).IsRequired();
            doc.Property(d => d.BrandSlug).HasMaxLength(120).IsRequired();
            doc.Property(d => d.CategorySlug).HasMaxLength(120).IsRequired();
            doc.Property(d => d.CategoryName).HasMaxLength(80).IsRequired();
            doc.Property(d => d.Description).IsRequired();
            doc.Property(d => d.SpecText).IsRequired();
            doc.Property(d => d.Status).HasMaxLength(16).IsRequired();
            doc.Property(d => d.ImageUrl).HasMaxLength(500);
            doc.HasIndex(d => d.DocKey).IsUnique();
            doc.HasIndex(d => new { d.Active, d.MinPricePence, d.DocKey });
            doc.HasIndex(d => new { d.Active, d.CreatedAt, d.DocKey });
            doc.HasIndex(d => new { d.BrandSlug, d.Active });

            // Covers the filter, sort and facet columns, so the thousands of documents a broad query matches are read
            // from this index instead of the wide rows (descriptions); only the page's rows touch the table.
            doc.HasIndex(d => new { d.DocKey, d.Active, d.InStock, d.MinPricePence, d.CreatedAt, d.BrandSlug, d.Brand, d.CategorySlug, d.CategoryName })
                .HasDatabaseName("IX_documents_covering");
            if (postgres)
            {
                doc.Property<NpgsqlTsVector>("SearchVector").HasComputedColumnSql(PostgresVectorSql, stored: true);
                doc.HasIndex("SearchVector").HasMethod("GIN");
            }
        });

        modelBuilder.Entity<SearchSku>(sku =>
        {
            sku.ToTable("skus");
            sku.HasKey(s => s.Sku);
            sku.Property(s => s.Sku).HasMaxLength(64);
            sku.HasIndex(s => s.DocKey);
        });

        modelBuilder.Entity<SearchStock>(stock =>
        {
            stock.ToTable("stock");
            stock.HasKey(s => s.Sku);
            stock.Property(s => s.Sku).HasMaxLength(64);
        });

        modelBuilder.Entity<SearchAttribute>(attribute =>
        {
            attribute.ToTable("attributes");
            attribute.HasKey(a => new { a.DocKey, a.Name, a.Value });
            attribute.Property(a => a.Name).HasMaxLength(60);
            attribute.Property(a => a.Value).HasMaxLength(120);
            attribute.HasIndex(a => new { a.Name, a.Value, a.DocKey });
        });

        modelBuilder.Entity<SearchCategory>(category =>
        {
            category.ToTable("categories");
            category.HasKey(c => new { c.DocKey, c.Slug });
            category.Property(c => c.Slug).HasMaxLength(120);
            category.HasIndex(c => new { c.Slug, c.DocKey });
        });

        modelBuilder.Entity<SearchFacetValue>(value =>
        {
            value.ToTable("facet_values");
            value.HasKey(v => v.Id);
            value.Property(v => v.Name).HasMaxLength(60);
            value.Property(v => v.Value).HasMaxLength(120);
            value.Property(v => v.Label).HasMaxLength(200);
            value.HasIndex(v => new { v.Kind, v.Name, v.Value }).IsUnique();
        });

        modelBuilder.Entity<SearchDocFacets>(facets =>
        {
            facets.ToTable("doc_facets");
            facets.HasKey(f => f.DocKey);
            facets.Property(f => f.DocKey).ValueGeneratedNever();
        });

        modelBuilder.AddInbox();
        modelBuilder.ApplyModuleConventions(Module, postgres);
    }
}

/// <summary>A product as search sees it. <see cref="DocKey"/> is a compact integer key (the FTS5 rowid on SQLite).</summary>
internal sealed class SearchDocument
{
    public Guid ProductId { get; set; }

    public long DocKey { get; set; }

    public int Version { get; set; }

    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";

    public string Brand { get; set; } = "";

    public string BrandSlug { get; set; } = "";

    public string CategorySlug { get; set; } = "";

    public string CategoryName { get; set; } = "";

    public string Description { get; set; } = "";

    public string SpecText { get; set; } = "";

    public string Status { get; set; } = "";

    public bool Active { get; set; }

    public long MinPricePence { get; set; }

    public long MaxPricePence { get; set; }

    public bool InStock { get; set; }

    public string? ImageUrl { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

internal sealed class SearchSku
{
    public string Sku { get; set; } = "";

    public long DocKey { get; set; }

    public long PricePence { get; set; }
}

/// <summary>The latest stock level seen for a SKU (it may arrive before the product does).</summary>
internal sealed class SearchStock
{
    public string Sku { get; set; } = "";

    public int Available { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}

internal sealed class SearchAttribute
{
    public long DocKey { get; set; }

    public string Name { get; set; } = "";

    public string Value { get; set; } = "";
}

/// <summary>A brand, category or attribute value with a compact id for facet counting (append-only).</summary>
internal sealed class SearchFacetValue
{
    public int Id { get; set; }

    /// <summary>0 attribute, 1 brand, 2 category.</summary>
    public int Kind { get; set; }

    /// <summary>Attribute name; empty for brands and categories.</summary>
    public string Name { get; set; } = "";

    /// <summary>Attribute value, or brand / category slug.</summary>
    public string Value { get; set; } = "";

    /// <summary>What people read (brand or category name; the value itself for attributes).</summary>
    public string Label { get; set; } = "";
}

/// <summary>The facet value ids of one active document, as little-endian int32s.</summary>
internal sealed class SearchDocFacets
{
    public long DocKey { get; set; }

    public byte[] Ids { get; set; } = [];
}

internal sealed class SearchCategory
{
    public long DocKey { get; set; }

    public string Slug { get; set; } = "";
}

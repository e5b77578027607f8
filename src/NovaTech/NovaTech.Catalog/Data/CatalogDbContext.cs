using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using NovaTech.Catalog.Domain;
using Platform.Messaging;
using Platform.Persistence;

namespace NovaTech.Catalog.Data;

/// <summary>The catalog module's tables: products with variants and specs, categories, brands, import jobs, outbox.</summary>
internal sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public const string Module = "catalog";

    public DbSet<Product> Products => Set<Product>();

    public DbSet<ProductVariant> Variants => Set<ProductVariant>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Brand> Brands => Set<Brand>();

    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Brand>(brand =>
        {
            brand.ToTable("brands");
            brand.HasKey(b => b.Id);
            brand.Property(b => b.Name).HasMaxLength(80).IsRequired();
            brand.Property(b => b.Slug).HasMaxLength(Slugs.MaxLength).IsRequired();
            brand.HasIndex(b => b.Slug).IsUnique();
        });

        modelBuilder.Entity<Category>(category =>
        {
            category.ToTable("categories");
            category.HasKey(c => c.Id);
            category.Property(c => c.Name).HasMaxLength(80).IsRequired();
            category.Property(c => c.Slug).HasMaxLength(Slugs.MaxLength).IsRequired();
            category.Property(c => c.Path).HasMaxLength(800).IsRequired();
            category.Ignore(c => c.PathSlugs);
            category.HasIndex(c => c.Slug).IsUnique();
            category.HasIndex(c => c.Path);
            category.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products");
            product.HasKey(p => p.Id);
            product.Property(p => p.Slug).HasMaxLength(Slugs.MaxLength).IsRequired();
            product.Property(p => p.Name).HasMaxLength(200).IsRequired();
            product.Property(p => p.DescriptionMarkdown).IsRequired();
            product.Property(p => p.DescriptionHtml).IsRequired();
            product.Property(p => p.DescriptionText).IsRequired();
            product.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            product.Property(p => p.ImageUrls).HasConversion(JsonConverter<List<string>>(), JsonComparer<List<string>>()).IsRequired();
            product.Property(p => p.Version).IsConcurrencyToken();
            product.Ignore(p => p.MinPricePence);
            product.HasIndex(p => p.Slug).IsUnique();
            product.HasIndex(p => new { p.MerchantId, p.Id });
            product.HasIndex(p => p.CategoryId);
            product.HasIndex(p => p.BrandId);
            product.HasOne<Brand>().WithMany().HasForeignKey(p => p.BrandId).OnDelete(DeleteBehavior.Restrict);
            product.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
            product.HasMany(p => p.Variants).WithOne().HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
            product.HasMany(p => p.Specs).WithOne().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
            product.Navigation(p => p.Variants).UsePropertyAccessMode(PropertyAccessMode.Field);
            product.Navigation(p => p.Specs).UsePropertyAccessMode(PropertyAccessMode.Field);
        });

        modelBuilder.Entity<ProductVariant>(variant =>
        {
            variant.ToTable("product_variants");
            variant.HasKey(v => v.Id);

            // Keys are made by the domain: a new variant or spec found through the product's collections is an insert.
            variant.Property(v => v.Id).ValueGeneratedNever();
            variant.Property(v => v.Sku).HasMaxLength(64).IsRequired();
            variant.Property(v => v.Name).HasMaxLength(120).IsRequired();
            variant.Property(v => v.Gtin).HasMaxLength(14);
            variant.Property(v => v.Attributes).HasConversion(JsonConverter<Dictionary<string, string>>(), JsonComparer<Dictionary<string, string>>()).IsRequired();
            variant.HasIndex(v => v.Sku).IsUnique();
        });

        modelBuilder.Entity<ProductSpec>(spec =>
        {
            spec.ToTable("product_specs");
            spec.HasKey(s => s.Id);
            spec.Property(s => s.Id).ValueGeneratedNever();
            spec.Property(s => s.Name).HasMaxLength(60).IsRequired();
            spec.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
            spec.Property(s => s.TextValue).HasMaxLength(500);
            spec.Property(s => s.Unit).HasMaxLength(20);
            spec.Ignore(s => s.DisplayValue);
        });

        modelBuilder.Entity<ImportJob>(job =>
        {
            job.ToTable("import_jobs");
            job.HasKey(j => j.Id);
            job.Property(j => j.FileName).HasMaxLength(200).IsRequired();
            job.Property(j => j.Content).IsRequired();
            job.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.Errors).HasConversion(JsonConverter<List<ImportRowError>>(), JsonComparer<List<ImportRowError>>()).IsRequired();
            job.Property(j => j.LockedBy).HasMaxLength(200);
            job.HasIndex(j => new { j.Status, j.LockedUntil });
        });

        modelBuilder.AddOutbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }

    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> JsonConverter<T>()
        where T : new() =>
        new(v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web), v => JsonSerializer.Deserialize<T>(v, JsonSerializerOptions.Web) ?? new T());

    private static ValueComparer<T> JsonComparer<T>() =>
        new(
            (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!);
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NovaTech.Catalog.Application;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using NovaTech.Catalog.Features.Products;
using NovaTech.Contracts.Catalog;
using Platform.Identity;

namespace NovaTech.Catalog.Demo;

/// <summary>Fills the catalog with generated products: a small demo set for <c>./run.sh</c>, or a large set for benchmarks.</summary>
public static class CatalogSeeding
{
    /// <summary>
    /// Demo seeding hook for the host's <c>PrepareAsync</c>: when the catalog is empty, creates <c>Seed:CatalogProducts</c>
    /// (default 300) active products owned by <c>merchant@novatech.demo</c>, through the normal write path so the
    /// search index follows through the outbox.
    /// </summary>
    public static async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var configuration = services.GetRequiredService<IConfiguration>();
        var count = configuration.GetValue("Seed:CatalogProducts", 300);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        if (await db.Products.AnyAsync(cancellationToken))
        {
            return;
        }

        var merchant = Guid.Empty;
        if (configuration["Demo:Password"] is { Length: > 0 } password)
        {
            merchant = await scope.ServiceProvider.GetRequiredService<IAccounts>()
                .EnsureAsync("merchant@novatech.demo", password, "Demo merchant", CatalogUser.Merchant, cancellationToken);
        }

        foreach (var product in DemoCatalog.Generate(count))
        {
            await using var productScope = services.CreateAsyncScope();
            await productScope.ServiceProvider.GetRequiredService<ProductEditor>().CreateAsync(ToRequest(product), merchant, cancellationToken);
        }

        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CatalogSeeding)).LogInformation("Catalog demo: {Count} products", count);
    }

    /// <summary>Every SKU in the catalog (for demo stock: the inventory module does not read catalog tables).</summary>
    public static async Task<IReadOnlyList<string>> AllSkusAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Variants.AsNoTracking()
            .Select(v => v.Sku).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Bulk-loads <paramref name="count"/> generated active products into an empty catalog, <paramref name="batchSize"/> per
    /// transaction, without outbox events (nothing else is running); each committed batch's product states are handed to
    /// <paramref name="onBatch"/> so the caller can index them (e.g. <c>SearchIndexing.IndexProductsAsync</c>).
    /// </summary>
    public static async Task BulkLoadAsync(
        IServiceProvider services,
        int count,
        Guid merchantId,
        Func<IReadOnlyList<ProductChangedIntegrationEvent>, Task> onBatch,
        IProgress<int>? progress = null,
        int batchSize = 2000,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(onBatch);
        var time = services.GetRequiredService<TimeProvider>();
        await using (var check = services.CreateAsyncScope())
        {
            if (await check.ServiceProvider.GetRequiredService<CatalogDbContext>().Products.AnyAsync(cancellationToken))
            {
                throw new InvalidOperationException("The catalog is not empty; bulk loading needs an empty catalog.");
            }
        }

        var brands = new Dictionary<string, Brand>(StringComparer.Ordinal);
        var categories = new Dictionary<string, Category>(StringComparer.Ordinal);
        var loaded = 0;
        foreach (var batch in DemoCatalog.Generate(count).Chunk(batchSize))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var editor = scope.ServiceProvider.GetRequiredService<ProductEditor>();
            var now = time.GetUtcNow();

            // Brands and categories first, through the normal (tracked) path: a handful per batch.
            var resolved = new List<(DemoProduct Demo, Brand Brand, Category Category)>(batch.Length);
            foreach (var demo in batch)
            {
                var brand = await CachedAsync(brands, demo.Brand, () => editor.BrandAsync(demo.Brand, now, cancellationToken), db);
                var category = await CachedAsync(categories, demo.CategoryPath, () => editor.CategoryAsync(demo.CategoryPath, now, cancellationToken), db);
                resolved.Add((demo, brand, category));
            }

            await db.SaveChangesAsync(cancellationToken);

            // Products, variants and specs: one prepared INSERT per table, reused row after row, in one transaction.
            var events = new List<ProductChangedIntegrationEvent>(batch.Length);
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                events.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await using var products = new BulkInserter<Product>(db);
                await using var variants = new BulkInserter<ProductVariant>(db);
                await using var specs = new BulkInserter<ProductSpec>(db);
                foreach (var (demo, brand, category) in resolved)
                {
                    var product = Product.Create(ProductEditor.ToDraft(ToRequest(demo)), brand, category, merchantId, Slugs.From(demo.Name), now);
                    await products.InsertAsync(product, cancellationToken);
                    foreach (var variant in product.Variants)
                    {
                        await variants.InsertAsync(variant, cancellationToken);
                    }

                    foreach (var spec in product.Specs)
                    {
                        await specs.InsertAsync(spec, cancellationToken);
                    }

                    events.Add(ProductMapping.ToEvent(product, brand, category, now));
                }

                await transaction.CommitAsync(cancellationToken);
            });

            await onBatch(events);
            loaded += batch.Length;
            progress?.Report(loaded);
        }
    }

    private static async Task<T> CachedAsync<T>(Dictionary<string, T> cache, string key, Func<Task<T>> resolve, DbContext db)
        where T : class
    {
        if (cache.TryGetValue(key, out var known))
        {
            // Saved by an earlier batch: track it as existing in this batch's context (Attach would also turn a
            // brand added earlier in this batch back from Added to Unchanged, so only when it is not tracked yet).
            if (db.Entry(known).State == EntityState.Detached)
            {
                db.Attach(known);
            }

            return known;
        }

        var resolved = await resolve();
        cache[key] = resolved;
        return resolved;
    }

    /// <summary>A generated product as the product API's request (status active).</summary>
    public static ProductRequest ToRequest(DemoProduct product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new ProductRequest(
            product.Name,
            product.Brand,
            product.CategoryPath,
            product.Description,
            "active",
            null,
            2000,
            [product.ImageUrl],
            product.Specs.ToDictionary(s => s.Key, s => JsonSerializer.SerializeToElement(s.Value)),
            null,
            [.. product.Variants.Select(v => new VariantRequest(v.Sku, v.PricePence, new Dictionary<string, string>(v.Attributes), v.WeightGrams, v.Gtin, null))],
            null);
    }
}

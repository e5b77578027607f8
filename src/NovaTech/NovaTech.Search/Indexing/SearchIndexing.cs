using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Catalog;
using NovaTech.Contracts.Inventory;
using NovaTech.Search.Data;

namespace NovaTech.Search.Indexing;

/// <summary>
/// Bulk indexing for loaders (benchmarks, demo data): applies the same events the handlers apply, many per
/// transaction, without going through the bus. Normal operation never needs it.
/// </summary>
public static class SearchIndexing
{
    /// <summary>Indexes a batch of product states in one transaction.</summary>
    public static async Task IndexProductsAsync(IServiceProvider services, IReadOnlyList<ProductChangedIntegrationEvent> products, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(products);
        await InTransactionAsync(services, async writer =>
        {
            foreach (var product in products)
            {
                await writer.ApplyProductAsync(product, cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>Applies a batch of stock levels in one transaction.</summary>
    public static async Task ApplyStockLevelsAsync(IServiceProvider services, IReadOnlyList<StockLevelChangedIntegrationEvent> levels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(levels);
        await InTransactionAsync(services, async writer =>
        {
            foreach (var level in levels)
            {
                await writer.ApplyStockAsync(level, cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>After a bulk load: merges the FTS5 segments (SQLite) and refreshes the planner's statistics.</summary>
    public static async Task OptimizeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE search.documents; ANALYZE search.attributes; ANALYZE search.categories; ANALYZE search.skus;", cancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO search_fts (search_fts) VALUES ('optimize')", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);
        }
    }

    private static async Task InTransactionAsync(IServiceProvider services, Func<SearchIndexWriter, Task> work, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
        var writer = scope.ServiceProvider.GetRequiredService<SearchIndexWriter>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await work(writer);
            await transaction.CommitAsync(cancellationToken);
        });
    }
}

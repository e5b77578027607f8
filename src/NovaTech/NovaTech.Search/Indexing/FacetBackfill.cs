using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NovaTech.Search.Data;

namespace NovaTech.Search.Indexing;

/// <summary>
/// Gives documents indexed before facet ids existed their <c>doc_facets</c> row, in batches, then stops. Safe on every
/// node at once: rows are inserted only where missing, so a product change indexed meanwhile (which writes its own
/// row) always wins. Until it is done, searches that meet a document without the row count facets the old way.
/// </summary>
internal sealed partial class FacetBackfill(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<FacetBackfill> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Search:FacetBackfill", true))
        {
            return;
        }

        long after = 0;
        var filled = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
                await using var writer = scope.ServiceProvider.GetRequiredService<SearchIndexWriter>();
                var (last, count) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    var result = await writer.BackfillFacetsAsync(after, BatchSize, ct);
                    await transaction.CommitAsync(ct);
                    return result;
                }, stoppingToken);
                if (last is null)
                {
                    break;
                }

                after = last.Value;
                filled += count;
            }

            if (filled > 0)
            {
                LogDone(logger, filled);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Searches stay correct without it (old facet path); the next start tries again.
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search facet ids backfilled for {Count} documents")]
    private static partial void LogDone(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search facet backfill failed; it runs again at the next start")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

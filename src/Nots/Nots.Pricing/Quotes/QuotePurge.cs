using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nots.Pricing.Data;
using Nots.Pricing.Tariffs;

namespace Nots.Pricing.Quotes;

/// <summary>
/// Deletes quotes that expired more than <see cref="PricingOptions.QuoteRetentionDays"/> ago, in batches, every
/// <see cref="PricingOptions.QuotePurgeMinutes"/>. A booking copies the terms it was made on, so nothing needs an old
/// quote. Safe on every node at once: a delete of rows already gone deletes nothing.
/// </summary>
internal sealed class QuotePurge(IServiceScopeFactory scopes, IOptions<PricingOptions> options, TimeProvider time, ILogger<QuotePurge> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    /// <summary>Deletes one batch of old quotes; returns how many.</summary>
    public async Task<int> PurgeBatchAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.QuoteRetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        var batch = db.Quotes.Where(q => q.ExpiresAt < cutoff).OrderBy(q => q.ExpiresAt).Take(BatchSize).Select(q => q.Id);
        return await db.Quotes.Where(q => batch.Contains(q.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, options.Value.QuotePurgeMinutes)), time);
        do
        {
            try
            {
                int deleted;
                var total = 0;
                while ((deleted = await PurgeBatchAsync(stoppingToken)) > 0)
                {
                    total += deleted;
                }

                if (total > 0)
                {
                    logger.LogInformation("Purged {Count} expired quotes", total);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Quote purge failed; retried at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NovaTech.Catalog.Application;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using NovaTech.Catalog.Features.Products;
using Platform.Web;

namespace NovaTech.Catalog.Features.Import;

/// <summary>Wakes the import worker when a job is queued on this node (other nodes find it by polling).</summary>
internal sealed class ImportSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

/// <summary>
/// Runs queued CSV imports. A job is claimed with a conditional UPDATE (pending, or running with an expired lease), so
/// one node works on it at a time; progress is saved every few rows with the lease extended, and a node that takes
/// over an abandoned job continues after the last saved row. Each row is its own transaction: a bad row is recorded
/// and never undoes the good ones.
/// </summary>
internal sealed partial class ImportWorker(IServiceScopeFactory scopes, ImportSignal signal, TimeProvider time, ILogger<ImportWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private readonly string _node = Environment.MachineName + ":" + Guid.NewGuid().ToString("N")[..8];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOneAsync(stoppingToken))
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }

            try
            {
                await signal.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims and runs one job; false when none was waiting.</summary>
    internal async Task<bool> RunOneAsync(CancellationToken cancellationToken)
    {
        Guid jobId;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var now = time.GetUtcNow();
            var candidate = await db.ImportJobs.AsNoTracking()
                .Where(j => j.Status == ImportJobStatus.Pending || (j.Status == ImportJobStatus.Running && j.LockedUntil < now))
                .OrderBy(j => j.CreatedAt).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(cancellationToken);
            if (candidate is null)
            {
                return false;
            }

            var until = now + Lease;
            var claimed = await db.ImportJobs
                .Where(j => j.Id == candidate && (j.Status == ImportJobStatus.Pending || (j.Status == ImportJobStatus.Running && j.LockedUntil < now)))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportJobStatus.Running).SetProperty(j => j.LockedUntil, until).SetProperty(j => j.LockedBy, _node), cancellationToken);
            if (claimed == 0)
            {
                return true;
            }

            jobId = candidate.Value;
        }

        await ProcessAsync(jobId, cancellationToken);
        return true;
    }

    private async Task ProcessAsync(Guid jobId, CancellationToken cancellationToken)
    {
        ImportJob job;
        await using (var scope = scopes.CreateAsyncScope())
        {
            job = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
        }

        var owner = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", job.MerchantId.ToString()), new Claim("role", CatalogUser.Merchant)], "import", "sub", "role"));
        var sinceSave = 0;
        foreach (var row in ProductCsv.Read(job.Content, job.Processed))
        {
            var error = row.Error ?? await ImportRowAsync(row, job.MerchantId, owner, cancellationToken);
            if (error is null)
            {
                job.RecordSuccess();
            }
            else
            {
                job.RecordFailure(row.Row, error);
            }

            if (++sinceSave >= 10)
            {
                sinceSave = 0;
                if (!await SaveProgressAsync(job, complete: false, cancellationToken))
                {
                    return;
                }
            }
        }

        await SaveProgressAsync(job, complete: true, cancellationToken);
    }

    private async Task<string?> ImportRowAsync(CsvProductRow row, Guid merchantId, ClaimsPrincipal owner, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var editor = scope.ServiceProvider.GetRequiredService<ProductEditor>();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var request = row.Request!;
        try
        {
            if (row.Handle is not null)
            {
                var existing = await db.Products.AsNoTracking().Where(p => p.Slug == row.Handle).Select(p => new { p.Id, p.MerchantId }).FirstOrDefaultAsync(cancellationToken);
                if (existing is not null)
                {
                    if (existing.MerchantId != merchantId)
                    {
                        return $"handle '{row.Handle}' belongs to another merchant's product.";
                    }

                    await AddVariantAsync(editor, db, existing.Id, request.Variants[0], owner, cancellationToken);
                    return null;
                }
            }

            await editor.CreateAsync(request, merchantId, cancellationToken);
            return null;
        }
        catch (DomainException exception)
        {
            return exception.Message;
        }
    }

    private static async Task AddVariantAsync(ProductEditor editor, CatalogDbContext db, Guid productId, VariantRequest variant, ClaimsPrincipal owner, CancellationToken cancellationToken)
    {
        var product = await editor.LoadForEditAsync(productId, owner, cancellationToken);
        var brand = await db.Brands.AsNoTracking().SingleAsync(b => b.Id == product.BrandId, cancellationToken);
        var category = await db.Categories.AsNoTracking().SingleAsync(c => c.Id == product.CategoryId, cancellationToken);
        var variants = product.Variants.OrderBy(v => v.Position)
            .Where(v => v.Sku != variant.Sku)
            .Select(v => new VariantRequest(v.Sku, v.PricePence, v.Attributes, v.WeightGrams, v.Gtin, v.Name))
            .Append(variant)
            .ToList();
        var request = new ProductRequest(
            product.Name,
            brand.Name,
            category.Slug,
            product.DescriptionMarkdown,
            ProductMapping.StatusText(product.Status),
            null,
            product.VatRateBasisPoints,
            product.ImageUrls,
            product.Specs.OrderBy(s => s.Position).ToDictionary(s => s.Name, s => JsonSerializer.SerializeToElement(s.DisplayValue)),
            [.. product.Specs.Where(s => s.Filterable).Select(s => s.Name)],
            variants,
            product.Version);
        await editor.UpdateAsync(productId, request, product.Version, owner, cancellationToken);
    }

    /// <summary>Saves counters and errors if this node still holds the lease; false when it lost the job.</summary>
    private async Task<bool> SaveProgressAsync(ImportJob job, bool complete, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var now = time.GetUtcNow();
        var until = now + Lease;
        var errors = job.Errors;
        int updated;
        if (complete)
        {
            updated = await db.ImportJobs.Where(j => j.Id == job.Id && j.LockedBy == _node).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Processed, job.Processed).SetProperty(j => j.Succeeded, job.Succeeded).SetProperty(j => j.Failed, job.Failed)
                .SetProperty(j => j.Errors, errors).SetProperty(j => j.Status, ImportJobStatus.Completed).SetProperty(j => j.CompletedAt, now)
                .SetProperty(j => j.LockedUntil, (DateTimeOffset?)null).SetProperty(j => j.LockedBy, (string?)null).SetProperty(j => j.Content, ""), cancellationToken);
        }
        else
        {
            updated = await db.ImportJobs.Where(j => j.Id == job.Id && j.LockedBy == _node).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Processed, job.Processed).SetProperty(j => j.Succeeded, job.Succeeded).SetProperty(j => j.Failed, job.Failed)
                .SetProperty(j => j.Errors, errors).SetProperty(j => j.LockedUntil, until), cancellationToken);
        }

        return updated == 1;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Product import failed; it is retried when its lease runs out")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

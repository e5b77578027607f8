using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nots.Bookings.Payments;

/// <summary>
/// Retries refunds the provider has not taken yet (a refund is first tried right after the commit that planned it).
/// Safe on every node: each refund is claimed with a conditional UPDATE.
/// </summary>
internal sealed class RefundRetryWorker(IServiceScopeFactory scopes, BookingsOptions options, ILogger<RefundRetryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RefundProcessor>().ProcessDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Refund retry pass failed; will try again");
            }

            try
            {
                await Task.Delay(options.WorkerPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

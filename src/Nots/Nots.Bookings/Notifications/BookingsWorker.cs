using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nots.Bookings.Payments;

namespace Nots.Bookings.Notifications;

/// <summary>Sends owed customer messages and retries refunds the provider has not taken yet. Safe on every node.</summary>
internal sealed class BookingsWorker(IServiceScopeFactory scopes, BookingsSignal signal, BookingsOptions options, ILogger<BookingsWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<BookingNotifier>().SendDueAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<RefundProcessor>().ProcessDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Bookings worker pass failed; will try again");
            }

            try
            {
                await signal.WaitAsync(options.WorkerPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

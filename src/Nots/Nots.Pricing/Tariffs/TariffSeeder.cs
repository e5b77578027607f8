using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nots.Pricing.Tariffs;

/// <summary>
/// Stores the default tariff as version 1 when the node starts (after the host has migrated the database), so the
/// owner finds it in <c>GET /v1/pricing</c>. The tariff store seeds on first use as well; both are race-safe.
/// </summary>
internal sealed class TariffSeeder(TariffStore tariffs, ILogger<TariffSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await tariffs.EnsureSeededAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not store the default tariff at start-up; it will be stored on first use");
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Inventory.Data;
using Platform.Privacy;

namespace NovaTech.Inventory.Features.PersonalData;

internal sealed record StockAlertExport(string Sku, string ProductName, DateTimeOffset CreatedAt, DateTimeOffset? NotifiedAt, DateTimeOffset? UnsubscribedAt);

internal sealed record StockAlertsExport(IReadOnlyList<StockAlertExport> Alerts);

/// <summary>
/// Back-in-stock alerts are kept by e-mail only (no account), so they are the confirmed address's: exported, and deleted
/// on erasure (nothing about them has to be kept).
/// </summary>
internal sealed class StockAlertsPersonalData(InventoryDbContext db) : IPersonalDataSource
{
    public string Name => "stock-alerts";

    public async Task<object?> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        if (subject.Email is not { } email)
        {
            return new StockAlertsExport([]);
        }

        var alerts = await db.StockAlerts.AsNoTracking().Where(a => a.Email == email).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        return new StockAlertsExport([.. alerts.Select(a => new StockAlertExport(a.Sku, a.ProductName, a.CreatedAt, a.NotifiedAt, a.UnsubscribedAt))]);
    }

    public async Task EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        if (subject.Email is { } email)
        {
            // Stored trimmed and lower-cased (StockAlert.NormaliseEmail), as the subject's address is.
            await db.StockAlerts.Where(a => a.Email == email).ExecuteDeleteAsync(cancellationToken);
        }
    }
}

internal static class StockAlertsPersonalDataRegistration
{
    public static IServiceCollection AddStockAlertsPersonalData(this IServiceCollection services) =>
        services.AddPersonalDataSource<StockAlertsPersonalData>();
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Inventory;
using NovaTech.Inventory.Data;
using NovaTech.Inventory.Domain;
using NovaTech.Inventory.Features.PersonalData;
using NovaTech.Inventory.Features.Stock;
using NovaTech.Inventory.Features.StockAlerts;
using NovaTech.Inventory.Features.Warehouses;
using NovaTech.Inventory.Reservations;
using Platform.Identity;
using Platform.Messaging;
using Platform.Notifications;
using Platform.Persistence;

namespace NovaTech.Inventory;

/// <summary>NovaTech inventory: warehouses, stock per SKU per warehouse, the movement ledger and reservations.</summary>
public static class InventoryModule
{
    /// <summary>Registers the module: its DbContext, outbox, <see cref="IStockReservations"/> and the expiry worker.</summary>
    public static IServiceCollection AddInventory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InventoryOptions>().Bind(configuration.GetSection(InventoryOptions.SectionName))
            .Validate(o => o.LowStockThreshold >= 0 && o.ExpiryInterval > TimeSpan.Zero, "Inventory: LowStockThreshold ≥ 0 and a positive ExpiryInterval.")
            .ValidateOnStart();
        services.AddModuleDbContext<InventoryDbContext>(InventoryDbContext.Module);
        services.AddOutboxDispatcher<InventoryDbContext>();
        services.AddScoped<StockWriter>();
        services.AddSingleton<ReservationBatch>();
        services.AddScoped<StockReservations>();
        services.AddScoped<IStockReservations>(sp => sp.GetRequiredService<StockReservations>());
        services.AddScoped<IStockAvailability, StockAvailability>();
        services.AddScoped<Features.Merchant.IMerchantInventory, Features.Merchant.MerchantInventory>();
        services.AddSingleton<ReservationExpiryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ReservationExpiryWorker>());
        services.AddEmailTemplate(StockAlertEndpoints.Template);
        services.AddIntegrationEventHandler<StockLevelChangedIntegrationEvent, NotifyBackInStock, InventoryDbContext>();
        var alertsPerMinute = configuration.GetValue($"{InventoryOptions.SectionName}:{nameof(InventoryOptions.StockAlertsPerMinute)}", 10);
        services.Configure<RateLimiterOptions>(o => StockAlertEndpoints.AddStockAlertRateLimit(o, alertsPerMinute));
        services.AddValidation();
        services.AddStockAlertsPersonalData();
        return services;
    }

    /// <summary>Maps <c>warehouses</c> and <c>inventory/{sku}</c> (staff only), and the back-in-stock alerts (anonymous).</summary>
    public static IEndpointRouteBuilder MapInventory(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").RequireAuthorization(PlatformPolicies.Staff).WithTags("Inventory");
        group.MapWarehouses();
        group.MapStock();
        api.MapStockAlerts();
        return api;
    }

    /// <summary>Demo data: three warehouses (London, Manchester, Dublin). Idempotent.</summary>
    public static async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<InventoryDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        (string Code, string Name, string Country, string Address)[] demo =
        [
            ("LON1", "London Park Royal", "GB", "Unit 4, Abbey Road, London NW10 7SJ"),
            ("MAN1", "Manchester Trafford", "GB", "Westinghouse Road, Manchester M17 1PY"),
            ("DUB1", "Dublin Ballymount", "IE", "Ballymount Road, Dublin 12"),
        ];
        foreach (var (code, name, country, address) in demo)
        {
            if (!await db.Warehouses.AnyAsync(w => w.Code == code, cancellationToken))
            {
                db.Warehouses.Add(Warehouse.Create(code, name, country, address, now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Demo stock for <c>./run.sh</c>: every SKU that has no stock yet gets a receipt in one or two warehouses
    /// (a few stay at zero, so out-of-stock and back-in-stock can be shown), through the ledger and with the
    /// stock-level events that let search show them in stock.
    /// </summary>
    public static async Task SeedDemoStockAsync(IServiceProvider services, IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(skus);
        await using var scope = services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<StockWriter>();
        var stocked = await writer.Db.StockLevels.Select(s => s.Sku).Distinct().ToListAsync(cancellationToken);
        var fresh = skus.Except(stocked, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var batch in fresh.Chunk(200))
        {
            await writer.InTransactionAsync(async ct =>
            {
                var deltas = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var sku in batch)
                {
                    // Deterministic per SKU: about one in twelve out of stock, the rest 2–40 units split over two sites.
                    var seed = (sku.Aggregate(17, (h, c) => unchecked((h * 31) + c)) & 0x7fffffff) % 1000;
                    if (seed % 12 == 0)
                    {
                        continue;
                    }

                    var london = 2 + (seed % 25);
                    var manchester = seed % 3 == 0 ? 0 : seed % 16;
                    foreach (var (code, units) in new[] { ("LON1", london), ("MAN1", manchester) })
                    {
                        if (units > 0)
                        {
                            writer.Db.StockLevels.Add(StockLevel.Received(sku, code, units));
                            writer.Db.Movements.Add(StockMovement.Record(sku, code, units, units, MovementReasons.Receipt, "Demo stock", "demo", writer.Now));
                        }
                    }

                    deltas[sku] = london + manchester;
                }

                await writer.Db.SaveChangesAsync(ct);
                await writer.PublishLevelsAsync(deltas, ct);
                return (true, true);
            }, cancellationToken);
        }
    }
}
